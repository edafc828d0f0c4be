"""The content the benchmark renders, built fast: pages through Wagtail, rows in bulk.

Runs inside Django (``benchmarks.settings``), on the example project's page types.
"""

import datetime
import itertools
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

COMMENT_COUNTS = (0, 50, 500)
SUGGESTION_COUNTS = (100, 1_000, 10_000)
TOPICS = ("strom", "gas", "wasser", "waerme", "bus", "baeder", "service", "rechnung", "online")
# The tracker's filtered view: one status of the first of the page's two forums.
FILTER_STATUS = "umgesetzt"
BULK_BATCH = 500


@dataclass
class BenchSite:
    """The URLs to measure, and the page that the sequential posts go to."""

    floor_url: str
    report_urls: dict = field(default_factory=dict)  # comments -> url
    tracker_urls: dict = field(default_factory=dict)  # suggestions -> (default, filtered)
    post_page: Page | None = None


def build_site():
    """Every page and row of the render benchmark, in one transaction."""
    from example.home.models import ContentPage

    with transaction.atomic():
        home = ensure_home()
        site = BenchSite(floor_url=publish(home, ContentPage(title="Leere Seite", slug="leer")).url)
        index = ensure_index(home)
        for count in COMMENT_COUNTS:
            report = make_report(index, f"bericht-{count}", f"Bericht mit {count} Kommentaren")
            add_comments(report, count)
            site.report_urls[count] = report.url
        site.post_page = make_report(index, "kommentare", "Bericht für Kommentare")
        topics = make_topics()
        for number, count in enumerate(SUGGESTION_COUNTS):
            forums = make_forums(first_number=2 * number + 1)
            add_suggestions(forums, topics, count)
            page = make_tracker_page(home, forums, count)
            filtered = f"{page.url}?status={FILTER_STATUS}&forum={forums[0].number}"
            site.tracker_urls[count] = (page.url, filtered)
    return site


def ensure_home():
    """The example site's home page as the default site's root (made once per database)."""
    from example.home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = publish(root, HomePage(title="Stadtwerke Musterstadt", slug="start"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def ensure_index(home):
    from wagtail_kundenforum.models import ForumIndexPage

    index = ForumIndexPage.objects.first()
    return index or publish(home, ForumIndexPage(title="Aktuelles", slug="aktuelles"))


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_report(index, slug, title):
    from wagtail_kundenforum.models import ForumReportPage

    report = ForumReportPage(
        title=title,
        slug=slug,
        teaser="Was Kundinnen und Kunden vorgeschlagen haben.",
        date=datetime.date(2012, 11, 7),
    )
    return publish(index, report)


def add_comments(page, count):
    """``count`` approved comments, one minute apart, as readers would have left them."""
    from wagtail_kundenforum.models import CommentState, ReaderComment
    from wagtail_kundenforum.models.comments import comment_hash

    start = timezone.now() - datetime.timedelta(days=30)
    comments = []
    for n in range(count):
        email, text = f"leser{n}@example.org", f"Kommentar Nummer {n}: gute Idee, weiter so."
        comments.append(
            ReaderComment(
                page=page,
                name=f"Leserin {n}",
                email=email,
                text=text,
                state=CommentState.APPROVED,
                created_at=start + datetime.timedelta(minutes=n),
                content_hash=comment_hash(page.pk, email, text),
            )
        )
    ReaderComment.objects.bulk_create(comments, batch_size=BULK_BATCH)


def make_topics():
    from wagtail_kundenforum.models import SuggestionTopic

    return [
        SuggestionTopic.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]
        for slug in TOPICS
    ]


def make_forums(first_number):
    from wagtail_kundenforum.models import Forum

    return [
        Forum.objects.create(
            number=number, title=f"{number}. Kundenforum", date=datetime.date(2010 + number, 10, 1)
        )
        for number in (first_number, first_number + 1)
    ]


def add_suggestions(forums, topics, count):
    """``count`` published suggestions, spread over the forums, topics and default statuses."""
    from wagtail_kundenforum.models import Suggestion, SuggestionStatus

    statuses = list(SuggestionStatus.objects.order_by("order", "pk"))
    cycle = zip(
        itertools.cycle(forums), itertools.cycle(topics), itertools.cycle(statuses), strict=False
    )
    suggestions = [
        Suggestion(
            title=f"Vorschlag {n + 1} aus dem {forum.number}. Forum",
            description="Eine Anregung aus dem Kundenforum.",
            answer="<p>Danke, wir prüfen das.</p>",
            declined_reason="Das ist technisch nicht möglich." if status.kind == "declined" else "",
            forum=forum,
            topic=topic,
            status=status,
            live=True,
        )
        for n, (forum, topic, status) in zip(range(count), cycle, strict=False)
    ]
    Suggestion.objects.bulk_create(suggestions, batch_size=BULK_BATCH)


def make_tracker_page(home, forums, count):
    """A content page whose tracker block shows the suggestions of ``forums`` only."""
    from example.home.models import ContentPage

    tracker = {
        "heading": "Was aus Ihren Vorschlägen wurde",
        "forums": [str(forum.pk) for forum in forums],
        "statuses": [],
        "topics": [],
        "group_by": "status",
        "show_filter": True,
        "show_counts": True,
        "show_chart": True,
        "items_per_group": 5,
    }
    body = json.dumps([{"type": "tracker", "value": tracker}])
    page = ContentPage(title=f"Vorschläge ({count})", slug=f"vorschlaege-{count}", body=body)
    return publish(home, page)
