"""A reader's request under the DSGVO: a copy of their comments (--export) or erasure (--erase)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from wagtail_kundenforum.comments.personal_data import (
    comments_of,
    erase_personal_data,
    export_personal_data,
)
from wagtail_kundenforum.comments.retention import replies_to


class Command(BaseCommand):
    help = "Export (as JSON) or erase every comment written under an e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The reader's e-mail address (case-insensitive).")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", action="store_true", help="Print the comments as JSON.")
        action.add_argument(
            "--erase", action="store_true", help="Delete the comments and the replies to them."
        )
        parser.add_argument("--output", metavar="FILE", help="With --export: write to FILE.")
        parser.add_argument(
            "--yes",
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="With --erase: do not ask for confirmation.",
        )

    def handle(self, *args, email, export, erase, output, interactive, **options):
        if output and not export:
            raise CommandError("--output goes with --export.")
        if export:
            self.export(email, output)
        else:
            self.erase(email, interactive)

    def export(self, email, output):
        document = {
            "email": email,
            "exported": timezone.now().isoformat(),
            "comments": export_personal_data(email),
        }
        text = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        if not output:
            self.stdout.write(text)
            return
        with open(output, "w", encoding="utf-8") as file:
            file.write(text + "\n")
        count = len(document["comments"])
        self.stderr.write(f"Wrote {count} comment(s) of {email} to {output}.")

    def erase(self, email, interactive):
        own = comments_of(email)
        count, replies = own.count(), replies_to(own).count()
        if not count:
            self.stdout.write(f"No comments of {email}: nothing to erase.")
            return
        summary = f"{count} comment(s) of {email} and {replies} repl(y/ies) to them by others"
        if interactive and not self.confirmed(f"Delete {summary}? This cannot be undone."):
            raise CommandError("Nothing was erased.")
        deleted = erase_personal_data(email)
        self.stdout.write(
            f"Deleted {deleted} comment(s): {deleted - replies} of {email}, and {replies} "
            "repl(y/ies) to them by others, deleted with them."
        )

    def confirmed(self, question):
        try:
            return input(f"{question} Type 'yes' to continue: ").strip().lower() == "yes"
        except EOFError:
            return False
