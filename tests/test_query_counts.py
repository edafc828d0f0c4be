"""The number of database queries of every public view does not grow with the data.

A view that needs one more query per report, comment, suggestion or status change is fast
on a demo and slow on a real site with years of forums. Such a regression shows here as a
count that differs between a small and a large data set. Each view is measured cold
(Django's cache emptied), so that caching cannot hide a query that grows. How fast the
views are is measured by ``make bench``, not here.
"""

import difflib
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.support.helpers import (
    make_comment,
    make_forum,
    make_index,
    make_report,
    make_site,
    make_suggestion,
    make_topic,
    make_tracker_page,
    publish,
    status,
    tracker_block,
)
from tests.testapp.models import ContentPage
from wagtail_kundenforum.feeds import FEED_LENGTH, STATUS_CHANGES_LENGTH
from wagtail_kundenforum.models import (
    CommentState,
    Suggestion,
    SuggestionRelatedPage,
)
from wagtail_kundenforum.models.commentable import COMMENTS_PER_PAGE
from wagtail_kundenforum.status_changes import change_status
from wagtail_kundenforum.tracker.query import PAGE_SIZE

pytestmark = pytest.mark.django_db

# Queries of one cold GET, measured when these tests were written: a ceiling against
# regressions (lower it when a view gets cheaper). A view that caches reads its scope's
# versions from the database once per request (``caching``): one of these queries.
MAX_QUERIES = {
    "forum_index": 10,
    "report_page": 15,
    "tracker": 15,
    "tracker_filtered": 16,
    "tracker_paged": 16,
    "tracker_by_topic": 16,
    "tracker_by_forum": 16,
    # One more than a site with the app's report page only: the test app has three report
    # page types, and the forum's report is looked for across them (Forum.report); one
    # more for the site's settings (the tracker page that the page links back to).
    "suggestion_page": 14,
    "api": 10,
    "api_filtered": 10,
    "api_search": 13,
    "index_feed": 9,
    "status_change_feed": 1,
}


# Measuring.


def cold_get(client, url):
    """One GET of ``url`` with Django's cache emptied first: the response and its SQL."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [query["sql"] for query in captured.captured_queries]


def assert_flat(client, view, url, grow):
    """Count the queries of ``url`` on the small data set, ``grow`` it, count again.

    The two counts must be equal and within the view's ceiling. Returns the response on
    the large data set, for the caller to check that it really shows the large data.
    """
    client.get(url)  # warms process-wide caches (content types, templates, translations)
    _response, small = cold_get(client, url)
    grow()
    response, large = cold_get(client, url)
    assert len(large) == len(small), (
        f"{view}: {len(small)} queries on the small data set, {len(large)} on the large one.\n"
        + "\n".join(difflib.unified_diff(small, large, "small", "large", lineterm=""))
    )
    assert len(large) <= MAX_QUERIES[view], (
        f"{view}: {len(large)} queries, more than the ceiling of {MAX_QUERIES[view]}.\n"
        + "\n".join(large)
    )
    return response


def html_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


# 1. The forum index: a paginated news list of reports with their comment counts.


def add_reports(index, numbers, comments_each):
    for n in numbers:
        report = make_report(index, n)
        for c in range(comments_each):
            make_comment(report, n * 100 + c)
        # Not approved: never counted, and it must cost no query of its own.
        make_comment(report, n * 100 + 99, state=CommentState.PENDING)


def test_forum_index_queries_do_not_grow_with_reports(client):
    index = make_index()
    add_reports(index, range(1, 3), comments_each=1)

    response = assert_flat(
        client, "forum_index", index.url, lambda: add_reports(index, range(3, 31), 3)
    )
    teasers = html_of(response).select(".kf-teaser")
    assert len(teasers) == index.reports_per_page  # a full first page of several
    counts = {teaser.select_one(".kf-comment-count")["data-count"] for teaser in teasers}
    assert counts == {"3"}  # approved comments only, each report's own
    assert 'rel="next"' in response.content.decode()


# 2. A forum report with its reader comments, 50 top-level comments a page.


def add_comments(report, first, count, reply_every):
    """``count`` approved comments, an approved reply to every ``reply_every``-th one."""
    for n in range(first, first + count):
        comment = make_comment(report, n)
        if n % reply_every == 0:
            make_comment(report, 10_000 + n, parent=comment)


def add_unpublished_comments(report, first):
    """Comments readers never see: pending and rejected ones, and a pending reply."""
    for n in range(first, first + 5):
        make_comment(report, n, state=CommentState.PENDING)
        make_comment(report, n + 5, state=CommentState.REJECTED)
    top = report.reader_comments.filter(parent=None).first()
    make_comment(report, first + 10, parent=top, state=CommentState.PENDING)


def test_report_page_queries_do_not_grow_with_comments(client):
    report = make_report(make_index())
    add_comments(report, 1, 2, reply_every=2)  # two comments, one with a reply

    def grow():
        add_comments(report, 3, 120, reply_every=10)
        add_unpublished_comments(report, 20_000)

    page = html_of(assert_flat(client, "report_page", report.url, grow))
    approved = 3 + 120 + 12
    assert page.select_one(".kf-report .kf-comment-count")["data-count"] == str(approved)
    top_level = page.select("section.kf-comments > ol.kf-comment-list > li")
    assert len(top_level) == COMMENTS_PER_PAGE
    assert page.select(".kf-comments a[rel=next]")


# 3.-6. Suggestions: the tracker block, a suggestion's page, the JSON API, the feeds.

# The statuses that are not "in-pruefung"; "geht-nicht" needs a reason.
OTHER_STATUSES = ["umgesetzt", "in-der-mache", "gibt-es-schon", "geht-nicht"]
TOPICS = ["strom", "bus", None]
# Each suggestion as (status slug, forum number, topic slug).
SMALL_SUGGESTIONS = [
    ("umgesetzt", 2, "strom"),
    ("in-pruefung", 1, "bus"),
    ("in-der-mache", 1, None),
]
# Half of them still open, so that the open group alone has a second page.
LARGE_SUGGESTIONS = [
    (
        "in-pruefung" if n % 2 == 0 else OTHER_STATUSES[n // 2 % 4],
        2 if n % 3 == 0 else 1,
        TOPICS[n // 3 % 3],
    )
    for n in range(60)
]
ALL_SUGGESTIONS = SMALL_SUGGESTIONS + LARGE_SUGGESTIONS


def matching(status=None, forum=None, topic=None):
    """How many of all the suggestions the filters select (a filter left None selects all)."""
    return sum(
        1
        for row_status, row_forum, row_topic in ALL_SUGGESTIONS
        if status in (None, row_status)
        and forum in (None, row_forum)
        and topic in (None, row_topic)
    )


@pytest.fixture
def forums():
    """Two forums, the first with its published report: {number: forum}."""
    first, second = make_forum(1), make_forum(2)
    make_report(make_index(), forum=first, title="So war das erste Kundenforum")
    make_topic("strom")
    make_topic("bus")
    return {1: first, 2: second}


def add_suggestions(forums, rows, first=0):
    """Published suggestions of ``rows``, each with a history that ends in its status."""
    report = forums[1].report
    for n, (slug, number, topic) in enumerate(rows, start=first):
        suggestion = make_suggestion(
            forums[number],
            title=f"Vorschlag {n}",
            topic=make_topic(topic) if topic else None,
            declined_reason="Geht rechtlich nicht." if slug == "geht-nicht" else "",
            answer=f'<p>Siehe <a linktype="page" id="{report.pk}">Bericht</a></p>',
        )
        change_status(suggestion, status("in-der-mache"), note="Wir fangen an")
        if slug != "in-der-mache":
            change_status(suggestion, status(slug), note=f"Jetzt {slug}")


def grow_suggestions(forums):
    return lambda: add_suggestions(forums, LARGE_SUGGESTIONS, first=len(SMALL_SUGGESTIONS))


# view name: (group_by of the block, query string, filters of the expected count)
TRACKER_VIEWS = {
    "tracker": ("status", "", {}),
    "tracker_filtered": (
        "status",
        "?status=in-pruefung&forum=1",
        {"status": "in-pruefung", "forum": 1},
    ),
    "tracker_paged": ("status", "?status=in-pruefung&page=2", {"status": "in-pruefung"}),
    "tracker_by_topic": ("topic", "", {}),
    "tracker_by_forum": ("forum", "", {}),
}


@pytest.mark.parametrize("view", TRACKER_VIEWS)
def test_tracker_queries_do_not_grow_with_suggestions(client, forums, view):
    group_by, query, filters = TRACKER_VIEWS[view]
    add_suggestions(forums, SMALL_SUGGESTIONS)
    page = make_tracker_page(tracker_block(group_by=group_by))

    response = assert_flat(client, view, page.url + query, grow_suggestions(forums))
    tracker = html_of(response).select_one(".kf-tracker")
    expected = matching(**filters)
    assert tracker["data-count"] == str(expected)
    if view == "tracker_paged":
        # The small set has no second page (the first is shown with a note); the large has.
        assert len(tracker.select(".kf-suggestion")) == expected - PAGE_SIZE > 0


def relate_pages(suggestion, slugs):
    for slug in slugs:
        page = publish(make_site(), ContentPage(title=f"Seite {slug}", slug=slug))
        SuggestionRelatedPage.objects.create(suggestion=suggestion, page=page)


def add_changes(suggestion, count):
    """``count`` public status changes, going round three statuses."""
    steps = ["in-pruefung", "in-der-mache", "umgesetzt"]
    current = Suggestion.objects.get(pk=suggestion.pk).status.slug
    for n in range(count):
        current = steps[(steps.index(current) + 1) % len(steps)]
        change_status(suggestion, status(current), note=f"Schritt {n}")


def test_suggestion_page_queries_do_not_grow_with_history_or_related_pages(client, forums):
    report = forums[1].report
    suggestion = make_suggestion(
        forums[1],
        topic=make_topic("strom"),
        answer=f'<p>Siehe <a linktype="page" id="{report.pk}">Bericht</a></p>',
    )
    add_changes(suggestion, 1)
    relate_pages(suggestion, ["bezug-0"])

    def grow():
        add_changes(suggestion, 14)
        relate_pages(suggestion, [f"bezug-{n}" for n in range(1, 6)])
        # The answer now links every related page too: links are resolved all at once.
        links = "".join(
            f'<a linktype="page" id="{link.page_id}">Mehr</a>'
            for link in suggestion.related_pages.all()
        )
        Suggestion.objects.filter(pk=suggestion.pk).update(answer=f"<p>Siehe {links}</p>")

    url = reverse("wagtail_kundenforum:suggestion", args=[suggestion.pk])
    page = html_of(assert_flat(client, "suggestion_page", url, grow))
    assert len(page.select(".kf-timeline__item[id^=change-]")) == 15
    assert len(page.select(".kf-suggestion-page__related li")) == 6
    assert len(page.select(".kf-suggestion-page__answer a")) == 6


# view name: (query string, filters of the expected count)
API_VIEWS = {
    "api": ("", {}),
    "api_filtered": (
        "status=in-pruefung&forum=1&topic=bus",
        {"status": "in-pruefung", "forum": 1, "topic": "bus"},
    ),
    # Every title holds "Vorschlag": the search narrows nothing, but it runs.
    "api_search": ("q=Vorschlag&forum=2", {"forum": 2}),
}


@pytest.mark.parametrize("view", API_VIEWS)
def test_api_queries_do_not_grow_with_suggestions(client, forums, view):
    query, filters = API_VIEWS[view]
    add_suggestions(forums, SMALL_SUGGESTIONS)
    url = reverse("wagtail_kundenforum:suggestion_api") + (f"?{query}" if query else "")

    data = assert_flat(client, view, url, grow_suggestions(forums)).json()
    expected = matching(**filters)
    assert data["count"] == expected
    assert len(data["results"]) == min(expected, PAGE_SIZE)
    assert all(result["history"] for result in data["results"])


def feed_entries(response, tag):
    return ET.fromstring(response.content).iter(tag)


def test_index_feed_queries_do_not_grow_with_reports(client):
    index = make_index()
    add_reports(index, range(1, 3), comments_each=1)

    response = assert_flat(
        client, "index_feed", index.url + "feed/", lambda: add_reports(index, range(3, 31), 3)
    )
    assert len(list(feed_entries(response, "item"))) == FEED_LENGTH


def test_status_change_feed_queries_do_not_grow_with_changes(client, forums):
    add_suggestions(forums, SMALL_SUGGESTIONS)
    url = reverse("wagtail_kundenforum:status_change_feed")

    response = assert_flat(client, "status_change_feed", url, grow_suggestions(forums))
    entries = list(feed_entries(response, "{http://www.w3.org/2005/Atom}entry"))
    assert len(entries) == STATUS_CHANGES_LENGTH  # the feed's length, of far more changes
