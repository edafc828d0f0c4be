"""Privacy retention: run it daily (cron, systemd timer) to keep only what may be kept."""

from django.core.management.base import BaseCommand, CommandError

from wagtail_kundenforum.comments.retention import DISCARDED_RETENTION_DAYS, purge
from wagtail_kundenforum.conf import get_setting
from wagtail_kundenforum.following import subscribing


class Command(BaseCommand):
    help = (
        "Remove stored IP addresses of comments older than KUNDENFORUM_IP_RETENTION_DAYS, "
        f"delete rejected and spam comments older than {DISCARDED_RETENTION_DAYS} days, and "
        "unconfirmed and ended subscriptions of followers after their retention settings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--ip-days",
            type=int,
            help="Remove IP addresses after this many days "
            "(default: KUNDENFORUM_IP_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=DISCARDED_RETENTION_DAYS,
            help="Delete rejected and spam comments after this many days "
            f"(default: {DISCARDED_RETENTION_DAYS}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count; change nothing.")

    def handle(self, *args, ip_days, days, dry_run, **options):
        if ip_days is None:
            ip_days = get_setting("KUNDENFORUM_IP_RETENTION_DAYS")
        if ip_days < 0 or days < 0:
            raise CommandError("--ip-days and --days must not be negative.")
        counts = purge(ip_days=ip_days, days=days, dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(
            f"{verb} the IP address of {counts['ip_addresses']} comment(s) "
            f"older than {ip_days} day(s)."
        )
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {counts['comments']} rejected or spam comment(s) older than {days} day(s)"
            f" and {counts['replies']} repl(y/ies) to them."
        )
        self.stdout.write(
            f"{verb} {subscribing.purge(dry_run=dry_run)} unconfirmed or ended subscription(s)."
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
