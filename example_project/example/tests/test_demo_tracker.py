"""The demo's suggestion tracker: the suggestions of both forums, the hotline's history, the
tracker page in the menu and the look back at the first forum in the second report."""

import datetime
import io
import json
from collections import Counter

from django.core.management import call_command

from example.home import demo_content
from example.tests.conftest import read
from wagtail_kundenforum.models import (
    Forum,
    ForumReportPage,
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
    SuggestionStatusChange,
    SuggestionTopic,
)

STATUSES = {"in-pruefung", "umgesetzt", "gibt-es-schon", "in-der-mache", "geht-nicht"}
TOPICS = [
    "strom",
    "gas",
    "wasser",
    "waerme",
    "bus",
    "baeder",
    "kundenservice",
    "rechnung",
    "online",
]
TRACKER_URL = "/vorschlaege/"
SECOND_REPORT_URL = "/aktuelles/zweites-kundenforum/"


def run_demo():
    call_command("kundenforum_demo", stdout=io.StringIO())


def hotline():
    return Suggestion.objects.get(title=demo_content.HOTLINE["title"])


def snapshot():
    """What a second run must leave exactly as it was."""
    suggestions = Suggestion.objects.order_by("pk").values_list(
        "pk", "external_id", "status__slug", "live", "latest_revision_id", "updated_at"
    )
    history = SuggestionStatusChange.objects.order_by("pk").values_list(
        "pk", "suggestion_id", "date", "to_status__slug"
    )
    return list(suggestions), list(history), list(SuggestionTopic.objects.values_list())


def test_both_forums_have_their_suggestions_across_statuses_and_topics(demo_db):
    for number, expected in [(1, 100), (2, 30)]:
        suggestions = Suggestion.objects.public().filter(forum__number=number)
        assert suggestions.count() == expected
        assert set(suggestions.values_list("status__slug", flat=True)) == STATUSES
    topics = Suggestion.objects.filter(forum__number=1).values_list("topic__slug", flat=True)
    assert set(topics) == set(TOPICS)
    assert list(SuggestionTopic.objects.values_list("slug", flat=True)) == TOPICS
    assert SuggestionTopic.objects.get(slug="waerme").name == "Wärme"


def test_every_suggestion_is_published_complete_and_valid(demo_db):
    suggestions = Suggestion.objects.select_related("status")
    assert not suggestions.filter(live=False).exists()
    assert not suggestions.filter(has_unpublished_changes=True).exists()
    assert len({(s.forum_id, s.external_id) for s in suggestions}) == suggestions.count()
    for suggestion in suggestions:
        suggestion.full_clean()
        assert suggestion.live_revision_id == suggestion.latest_revision_id
        kind = suggestion.status.kind
        if kind == SuggestionKind.DECLINED:
            assert suggestion.declined_reason, suggestion
        elif kind == SuggestionKind.EXISTS:
            assert suggestion.existing_service_url and suggestion.answer, suggestion
        else:
            assert suggestion.answer.startswith("<p>"), suggestion
        assert suggestion.created_at.date() == suggestion.forum.date


def test_the_hotline_went_from_the_first_forum_to_done_by_the_second(demo_db):
    suggestion = hotline()
    first, second = Forum.objects.order_by("number")
    assert suggestion.forum == first and suggestion.status.slug == "umgesetzt"
    history = [
        (change.from_status.slug, change.to_status.slug, change.date)
        for change in suggestion.status_changes.all()
    ]
    assert [step[:2] for step in history] == [
        ("in-pruefung", "in-der-mache"),
        ("in-der-mache", "umgesetzt"),
    ]
    in_progress, done = history[0][2], history[1][2]
    assert first.date + datetime.timedelta(days=60) < in_progress < done < second.date
    assert suggestion.status_changed_at.date() == done
    assert [related.page.slug for related in suggestion.related_pages.all()] == [
        "zweites-kundenforum"
    ]


def test_several_other_suggestions_have_a_backfilled_history(demo_db):
    second_forum = Forum.objects.get(number=2).date
    with_history = Suggestion.objects.filter(status_changes__isnull=False).distinct()
    assert with_history.filter(forum__number=1).count() >= 10
    assert with_history.filter(forum__number=2).count() >= 3
    for suggestion in with_history.prefetch_related("status_changes"):
        changes = list(suggestion.status_changes.all())
        assert changes[0].from_status.slug == demo_content.RAISED_STATUS
        assert [change.from_status for change in changes[1:]] == [
            change.to_status for change in changes[:-1]
        ]
        assert changes[-1].to_status_id == suggestion.status_id
        assert all(change.date > suggestion.forum.date for change in changes)
        if suggestion.forum.number == 1:
            # The second report looks back at them: nothing it lists lies in its future.
            assert all(change.date < second_forum for change in changes)


def test_the_hotlines_page_shows_its_answer_and_history(client, demo_db):
    suggestion = hotline()
    soup = read(client, suggestion.get_url())
    assert soup.h1.get_text(strip=True) == demo_content.HOTLINE["title"]
    assert "Festnetznummer mit Musterstädter Vorwahl" in soup.get_text()
    items = soup.select_one("ol.kf-timeline").find_all("li", recursive=False)
    changes = list(suggestion.status_changes.all())
    assert [item.time["datetime"] for item in items] == [
        "2010-10-12",
        *(change.date.isoformat() for change in changes),
    ]
    assert [item.get("data-status") for item in items[1:]] == ["in-der-mache", "umgesetzt"]
    assert "Die Festnetznummer ist freigeschaltet." in items[2].get_text()


def test_running_the_demo_again_changes_no_suggestion(demo_db):
    before = snapshot()
    run_demo()
    assert snapshot() == before


def test_an_older_demos_second_report_gets_the_look_back_once(demo_db):
    report = ForumReportPage.objects.get(slug="zweites-kundenforum")
    complete = [block["type"] for block in report.body.raw_data]
    report.body = json.dumps(list(report.body.raw_data)[:-2])  # as the demo had it before
    report.save_revision().publish()
    run_demo()
    run_demo()
    report.refresh_from_db()
    assert [block["type"] for block in report.body.raw_data] == complete
    assert not report.has_unpublished_changes


def test_the_tracker_page_is_in_the_menu_and_shows_every_suggestion(client, demo_db):
    soup = read(client, "/")
    menu = [link.get_text(strip=True) for link in soup.select(".site-nav a")]
    assert demo_content.TRACKER_PAGE["title"] in menu

    soup = read(client, TRACKER_URL)
    tracker = soup.select_one("section.kf-tracker")
    assert tracker["data-count"] == "130"
    groups = {group["data-group"]: group for group in tracker.select(".kf-tracker-group")}
    assert set(groups) == STATUSES
    for slug, group in groups.items():
        items = group.select("li.kf-suggestion")
        assert 0 < len(items) <= 5
        assert {item["data-status"] for item in items} == {slug}
        assert all(item.a["href"].startswith("/kundenforum/suggestions/") for item in items)
    assert tracker.select_one("form.kf-tracker-filter") is not None


def test_the_tracker_page_filters_by_status_forum_and_topic(client, demo_db):
    declined = SuggestionStatus.objects.get(slug="geht-nicht")
    soup = read(client, f"{TRACKER_URL}?status=geht-nicht&forum=1")
    tracker = soup.select_one("section.kf-tracker")
    expected = Suggestion.objects.filter(status=declined, forum__number=1).count()
    assert tracker["data-count"] == str(expected)
    statuses = {item["data-status"] for item in tracker.select("li.kf-suggestion")}
    assert statuses == {"geht-nicht"}

    soup = read(client, f"{TRACKER_URL}?topic=bus")
    expected = Suggestion.objects.filter(topic__slug="bus").count()
    assert soup.select_one("section.kf-tracker")["data-count"] == str(expected)


def test_the_second_report_looks_back_at_the_first_forum(client, demo_db):
    soup = read(client, SECOND_REPORT_URL)
    stats = soup.select_one(".kf-report .kf-stats")
    assert stats["data-count"] == "100"
    counts = {row["data-status"]: int(row["data-count"]) for row in stats.select(".kf-stats__row")}
    first_forum = Suggestion.objects.filter(forum__number=1)
    expected = Counter(first_forum.values_list("status__slug", flat=True))
    assert {slug: counts[slug] for slug in STATUSES} == expected
    changes = stats.select_one(".kf-stats__changes").get_text()
    assert demo_content.HOTLINE["title"] in changes
    links = [link["href"] for link in soup.select(".kf-report a")]
    assert TRACKER_URL in links
