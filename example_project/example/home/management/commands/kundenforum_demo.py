"""Demo content of the example site: run it as often as you like, it changes nothing twice."""

import datetime
import json
import secrets
from html import escape

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from example import demo_address
from example.home import demo_content
from example.home.models import ContentPage, HomePage
from wagtail_kundenforum.models import (
    CommentState,
    Forum,
    ForumIndexPage,
    ForumReportPage,
    KundenforumSettings,
    ReaderComment,
    Suggestion,
    SuggestionRelatedPage,
    SuggestionStatus,
    SuggestionStatusChange,
    SuggestionTopic,
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
            about = self.child(home, ContentPage, **demo_content.ABOUT_PAGE)
            forums, reports = {}, {}
            for forum_data, report_data in demo_content.FORUMS:
                forum, _ = Forum.objects.update_or_create(
                    number=forum_data["number"], defaults=forum_data
                )
                report = self.report(index, forum, report_data)
                self.comments(report, demo_content.COMMENTS.get(report.slug, []))
                forums[forum.number], reports[report.slug] = forum, report
            self.suggestions(forums, reports)
            tracker_page = self.child(home, ContentPage, **demo_content.TRACKER_PAGE)
            look_back = demo_content.LOOK_BACK
            self.look_back(reports[look_back["report"]], forums[look_back["forum"]], tracker_page)
            for page, signposts in [
                (home, demo_content.home_signposts),
                (about, demo_content.about_signposts),
            ]:
                self.signpost(page, signposts(index, tracker_page), tracker_page)
            self.site_settings(home.get_site(), privacy, tracker_page)
        # Read by the server and the mail worker that make demo starts next (the settings).
        demo_address.remember_port(settings.DEMO_PORT_FILE, port)
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

    def report(self, index, forum, fields):
        """A forum's report, published on its date as the seed article's was; a report of an
        older demo moves to that date, once."""
        published = at(fields["date"], 10)
        report = self.child(
            index, ForumReportPage, forum=forum, first_published_at=published, **fields
        )
        if (report.date, report.first_published_at) != (fields["date"], published):
            report.date, report.first_published_at = fields["date"], published
            report.save_revision().publish()
        return report

    def site_settings(self, site, privacy, tracker_page):
        site_settings = KundenforumSettings.for_site(site)
        site_settings.privacy_page = privacy
        site_settings.tracker_page = tracker_page
        site_settings.official_reply_signature = demo_content.REPLY_SIGNATURE
        site_settings.save()

    def comments(self, report, comments):
        """Approved reader comments in the days after the report, each with the utility's
        official reply, a day later, where given."""
        for days, (name, email, text, reply) in enumerate(comments, 1):
            written = at(report.date + datetime.timedelta(days=days), 19)
            comment = self.comment(report, written, name=name, email=email, text=text)
            if reply:
                self.comment(
                    report,
                    written + datetime.timedelta(days=1, hours=-9),
                    parent=comment,
                    name="Stadtwerke Musterstadt",
                    email="kundenforum@example.org",
                    text=reply,
                    is_official=True,
                )

    def comment(self, page, written, **fields):
        existing = ReaderComment.objects.filter(
            page=page, email=fields["email"], text=fields["text"]
        )
        # An older demo wrote its comments on the day it ran.
        existing.exclude(created_at=written).update(created_at=written, moderated_at=written)
        return existing.first() or ReaderComment.objects.create(
            page=page,
            state=CommentState.APPROVED,
            created_at=written,
            moderated_at=written,
            **fields,
        )

    def suggestions(self, forums, reports):
        """The forums' suggestions, each published once under its external ID."""
        topics = self.topics()
        statuses = {status.slug: status for status in SuggestionStatus.objects.all()}
        created = []
        # Each suggestion is saved three times on its way to publication; its references are
        # indexed once, after the last save, to keep the demo quick.
        with disable_reference_index_auto_update():
            for number, entries in demo_content.SUGGESTIONS.items():
                forum = forums[number]
                known = set(forum.suggestions.values_list("external_id", flat=True))
                for position, entry in enumerate(entries, 1):
                    external_id = f"KF{number}-{position:03d}"
                    if external_id not in known:
                        created.append(
                            self.suggestion(forum, external_id, entry, topics, statuses, reports)
                        )
        for suggestion in created:
            ReferenceIndex.create_or_update_for_object(suggestion)

    def topics(self):
        topics = {}
        for order, (slug, name) in enumerate(demo_content.TOPICS, 1):
            topics[slug], _ = SuggestionTopic.objects.get_or_create(
                slug=slug, defaults={"name": name, "order": order}
            )
        return topics

    def suggestion(self, forum, external_id, entry, topics, statuses, reports):
        suggestion = Suggestion(
            forum=forum,
            external_id=external_id,
            topic=topics[entry["topic"]],
            status=statuses[entry["status"]],
            title=entry["title"],
            original_wording=entry["original_wording"],
            description=entry["description"],
            answer=f"<p>{escape(entry['answer'])}</p>" if entry["answer"] else "",
            declined_reason=entry["declined_reason"],
            existing_service_url=entry["existing_service_url"],
            live=False,
        )
        history = self.history(entry["history"], statuses)
        suggestion.status_changes = history
        suggestion.related_pages = [
            SuggestionRelatedPage(page=reports[slug]) for slug in entry["related"]
        ]
        if history:
            suggestion.status_changed_at = history[-1].created_at
        suggestion.save()
        # Raised on the forum's evening: auto_now_add ignores a value given on creation.
        suggestion.created_at = at(forum.date, 21)
        Suggestion.objects.filter(pk=suggestion.pk).update(created_at=suggestion.created_at)
        # The demo's data is checked by its tests, not on every run.
        suggestion.save_revision(clean=False).publish()
        return suggestion

    def history(self, steps, statuses):
        """Backfilled status changes, from the status every suggestion starts with."""
        changes, previous = [], statuses[demo_content.RAISED_STATUS]
        for day, slug, note in steps:
            changes.append(
                SuggestionStatusChange(
                    date=day,
                    from_status=previous,
                    to_status=statuses[slug],
                    note=note,
                    created_at=at(day, 10),
                )
            )
            previous = statuses[slug]
        return changes

    def look_back(self, report, forum, tracker_page):
        """Give the second report the first forum's statistics, once."""
        if any(block["type"] == "stats" for block in report.body.raw_data):
            return
        blocks = demo_content.look_back(forum, forum.date, tracker_page)
        report.body = json.dumps([*report.body.raw_data, *blocks])
        report.save_revision().publish()

    def signpost(self, page, blocks, tracker_page):
        """Add ``blocks`` (links to the reports and the tracker) to ``page``'s body, once."""
        link = f'linktype="page" id="{tracker_page.pk}"'
        if any(link in str(block["value"]) for block in page.body.raw_data):
            return
        page.body = json.dumps([*page.body.raw_data, *blocks])
        page.save_revision().publish()

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


def at(day, hour):
    """``day`` at ``hour`` o'clock in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
