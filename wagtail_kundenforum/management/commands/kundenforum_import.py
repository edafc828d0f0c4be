"""Import a forum's suggestions from a CSV or XLSX file: ``kundenforum_import FILE --forum N``.

The rules live in ``wagtail_kundenforum.tracker.importing``; this prints the report, and exits
with an error status when a row could not be imported, so that scripts notice.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail_kundenforum.models import Forum
from wagtail_kundenforum.tracker.importing.apply import import_suggestions
from wagtail_kundenforum.tracker.importing.files import (
    FORMATS,
    SuggestionImportError,
    format_from_name,
)
from wagtail_kundenforum.tracker.importing.read import read_sheet


class Command(BaseCommand):
    help = (
        "Import the suggestions of a forum from a CSV (UTF-8, ',' or ';') or XLSX file. "
        "Rows are matched by their external ID, so importing a file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            help="The CSV or XLSX file; its first row names the columns. At most "
            "KUNDENFORUM_IMPORT_MAX_BYTES (5 MiB by default) and 10,000 rows.",
        )
        parser.add_argument(
            "--forum",
            type=int,
            required=True,
            metavar="N",
            help="The forum's number in the series.",
        )
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=FORMATS,
            help="The file's format (default: from its extension).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; save nothing."
        )
        parser.add_argument(
            "--drafts",
            action="store_true",
            help="Publish nothing: new suggestions are saved as drafts, changes to published "
            "ones as draft revisions, for editors to publish in the admin.",
        )

    def handle(self, *args, file, forum, file_format, dry_run, drafts, **options):
        forum = self.get_forum(forum)
        sheet = self.read(file, file_format or self.format_of(file))
        try:
            report = import_suggestions(sheet, forum, dry_run=dry_run, drafts=drafts)
        except SuggestionImportError as error:
            raise CommandError(str(error)) from None
        self.stdout.write("\n".join(report_lines(report)))
        if report.failed:
            count = len(report.failed)
            raise CommandError(
                ngettext(
                    "%(count)d row was not imported.", "%(count)d rows were not imported.", count
                )
                % {"count": count}
            )

    def get_forum(self, number):
        try:
            return Forum.objects.get(number=number)
        except Forum.DoesNotExist:
            message = _("There is no forum number %(number)d.") % {"number": number}
            raise CommandError(message) from None

    def format_of(self, path):
        try:
            return format_from_name(path)
        except SuggestionImportError as error:
            raise CommandError(f"{error} {_('Give the format with --format.')}") from None

    def read(self, path, file_format):
        try:
            with open(path, "rb") as file:
                return read_sheet(file, file_format)
        except OSError as error:
            raise CommandError(
                _("Cannot open %(path)s: %(error)s") % {"path": path, "error": error.strerror}
            ) from None
        except SuggestionImportError as error:
            raise CommandError(str(error)) from None


def report_lines(report):
    """The report as lines of text: the counts, then the updated rows and the errors."""
    lines = [summary(report)]
    if report.ignored_columns:
        names = ", ".join(report.ignored_columns)
        lines.append(_("Columns ignored (not known): %(names)s") % {"names": names})
    lines += [
        _("Line %(line)d (ID %(id)s): %(what)s")
        % {"line": row.line, "id": row.external_id, "what": ", ".join(row.changed_labels())}
        for row in report.updated
    ]
    lines += [
        _("Line %(line)d: %(errors)s") % {"line": row.line, "errors": " ".join(row.errors)}
        for row in report.failed
    ]
    if report.dry_run:
        lines.append(_("Dry run: nothing was saved."))
    elif report.drafts:
        lines.append(_("Saved as drafts: nothing was published."))
    return lines


def summary(report):
    counts = {
        "forum": report.forum,
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "failed": len(report.failed),
    }
    if report.dry_run:
        text = _(
            "%(forum)s: would create %(created)d, update %(updated)d, leave %(unchanged)d "
            "unchanged; %(failed)d row(s) with errors."
        )
    else:
        text = _(
            "%(forum)s: created %(created)d, updated %(updated)d, unchanged %(unchanged)d; "
            "%(failed)d row(s) with errors."
        )
    return text % counts
