"""Demo content of the example site: run it as often as you like, it changes nothing twice."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from example.home import demo_content
from example.home.models import ContentPage, HomePage
from wagtail_kundenforum.models import (
    CommentState,
    Forum,
    ForumIndexPage,
    ForumReportPage,
    KundenforumSettings,
    ReaderComment,
)

DEMO_ADMIN = "demo"


class Command(BaseCommand):
    help = "Create the example site's demo content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=8000, help="The port the site is served on."
        )
        parser.add_argument(
            "--create-admin",
            action="store_true",
            help="Create a local demo admin and print its credentials (DEBUG only).",
        )

    def handle(self, *args, port, create_admin, **options):
        if create_admin and not settings.DEBUG:
            raise CommandError("--create-admin is for local demos and needs DEBUG on.")
        with transaction.atomic():
            home = self.home_page(port)
            index = self.child(home, ForumIndexPage, **demo_content.NEWS_INDEX)
            privacy = self.child(home, ContentPage, **demo_content.PRIVACY_PAGE)
            self.child(home, ContentPage, **demo_content.ABOUT_PAGE)
            site_settings = KundenforumSettings.for_site(home.get_site())
            site_settings.privacy_page = privacy
            site_settings.save()
            for forum_data, report_data in demo_content.FORUMS:
                forum, _ = Forum.objects.update_or_create(
                    number=forum_data["number"], defaults=forum_data
                )
                report = self.child(index, ForumReportPage, forum=forum, **report_data)
                self.comments(report, demo_content.COMMENTS.get(report.slug, []))
        if create_admin:
            self.demo_admin(port)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready at http://127.0.0.1:{port}/"))

    def home_page(self, port):
        """The demo's home page, made the default site's root on 127.0.0.1:``port``."""
        root = Page.get_first_root_node()
        home = HomePage.objects.filter(depth=2).first()
        if home is None:
            home = self.publish(root, HomePage(**demo_content.HOME_PAGE))
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        site.hostname, site.port, site.root_page = "127.0.0.1", port, home
        site.site_name = "Stadtwerke Musterstadt"
        site.save()
        # Wagtail's own welcome page is replaced by the demo's home page.
        Page.objects.filter(
            depth=2, content_type__app_label="wagtailcore", content_type__model="page"
        ).delete()
        return home

    def child(self, parent, page_class, slug, **fields):
        """The live child page ``slug`` of ``parent``, created and published when missing."""
        existing = page_class.objects.child_of(parent).filter(slug=slug).first()
        return existing or self.publish(parent, page_class(slug=slug, **fields))

    def comments(self, report, comments):
        """Approved reader comments, each with the utility's official reply where given."""
        for name, email, text, reply in comments:
            comment = self.comment(report, name=name, email=email, text=text)
            if reply:
                self.comment(
                    report,
                    parent=comment,
                    name="Stadtwerke Musterstadt",
                    email="kundenforum@example.org",
                    text=reply,
                    is_official=True,
                )

    def comment(self, page, **fields):
        existing = ReaderComment.objects.filter(
            page=page, email=fields["email"], text=fields["text"]
        )
        return existing.first() or ReaderComment.objects.create(
            page=page, state=CommentState.APPROVED, **fields
        )

    def publish(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def demo_admin(self, port):
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(
            username=DEMO_ADMIN, defaults={"email": "demo@example.org"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            f"Demo admin: http://127.0.0.1:{port}/admin/  user: {DEMO_ADMIN}  password: {password}"
        )
