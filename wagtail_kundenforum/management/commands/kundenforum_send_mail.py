"""The outbox's sweep: run it every few minutes (cron, systemd timer), or keep it running
with ``--loop`` on a site without a task worker. It tells followers of what a lost task left
and of the digests that are due, sends every e-mail that is due, picks up what a lost task
or a dead sender left behind, and deletes old sent and failed e-mails."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from wagtail_kundenforum import outbox
from wagtail_kundenforum.following import delivery as following
from wagtail_kundenforum.outbox import delivery


class Command(BaseCommand):
    help = (
        "Send the outbox's e-mails that are due (retries included) and delete sent and "
        "failed ones older than KUNDENFORUM_MAIL_RETENTION_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Keep running, sweeping every --interval seconds (stop with Ctrl+C).",
        )
        parser.add_argument(
            "--interval", type=float, default=10, help="Seconds between sweeps (default 10)."
        )
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="First give failed e-mails a fresh set of attempts (after a long outage).",
        )

    def handle(self, *args, loop, interval, retry_failed, verbosity, **options):
        self.verbosity = verbosity
        if interval <= 0:
            raise CommandError("--interval must be positive.")
        if retry_failed:
            count = delivery.retry(delivery.OutboxMessage.objects.all())
            self.stdout.write(f"{count} e-mail(s) to try again.")
        self.sweep()
        try:
            while loop:
                time.sleep(interval)
                close_old_connections()  # a long-running process must not keep a broken one
                self.sweep()
        except KeyboardInterrupt:
            pass  # Ctrl+C ends the loop; an e-mail cut off mid-send goes out once its claim ends

    def sweep(self):
        composed = following.run()
        sent = outbox.deliver_due()
        purged = delivery.purge_finished()
        if composed or sent or purged or self.verbosity > 1:
            self.stdout.write(
                f"Wrote {composed} e-mail(s) to followers; sent {sent} e-mail(s); "
                f"deleted {purged} old one(s)."
            )
