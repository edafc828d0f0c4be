"""The suggestion tracker and the stats block as readers see them in a page: groups and
counts, the filter form, notes for values that were ignored, the chart and its text
equivalent, and a number of queries that stays the same however many suggestions there are."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.helpers import (
    make_forum,
    make_index,
    make_report,
    make_suggestion,
    make_topic,
    make_tracker_page,
    status,
    stream_body,
    tracker_block,
)
from wagtail_kundenforum.models import Suggestion, SuggestionStatus
from wagtail_kundenforum.status_changes import change_status

pytestmark = pytest.mark.django_db

STATUS_ORDER = ["umgesetzt", "gibt-es-schon", "in-der-mache", "geht-nicht", "in-pruefung"]


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def titles(soup):
    return {li.a.get_text(strip=True) for li in soup.select(".kf-suggestion")}


def group_counts(soup):
    return {
        group["data-group"]: int(group["data-count"]) for group in soup.select(".kf-tracker-group")
    }


def notes(soup):
    return [note.get_text(strip=True) for note in soup.select(".kf-tracker .kf-note")]


def total(soup):
    return int(soup.select_one(".kf-tracker")["data-count"])


@pytest.fixture
def forums():
    return make_forum(1, title="Erstes Kundenforum"), make_forum(2, title="Zweites Kundenforum")


@pytest.fixture
def suggestions(forums):
    """Five public suggestions, one per default status, over two forums and two topics."""
    first, second = forums
    service, bus = make_topic("kundenservice"), make_topic("bus")
    return {
        "hotline": make_suggestion(
            first, "umgesetzt", title="Hotline wieder mit Festnetznummer", topic=service
        ),
        "tarif": make_suggestion(
            first, "in-der-mache", title="Ökostromtarif für Mieter", topic=service
        ),
        "nachtbus": make_suggestion(
            first,
            "geht-nicht",
            title="Nachtbus am Wochenende",
            topic=bus,
            declined_reason="Zu wenige Fahrgäste.",
        ),
        "fahrplan": make_suggestion(
            second, "gibt-es-schon", title="Busfahrplan als App", topic=bus
        ),
        "zaehler": make_suggestion(second, "in-pruefung", title="Zählerstand online melden"),
    }


ALL_TITLES = {
    "Hotline wieder mit Festnetznummer",
    "Ökostromtarif für Mieter",
    "Nachtbus am Wochenende",
    "Busfahrplan als App",
    "Zählerstand online melden",
}


def test_groups_show_their_counts_and_each_suggestion_links_to_its_page(client, suggestions):
    soup = read(client, make_tracker_page().url)
    assert total(soup) == 5
    groups = soup.select(".kf-tracker-group")
    assert [group["data-group"] for group in groups] == STATUS_ORDER
    assert all(group["data-count"] == "1" for group in groups)
    for group in groups:
        assert "1 suggestion" in group.select_one(".kf-tracker-group__count").get_text()
        items = group.select(".kf-suggestion")
        assert [item["data-status"] for item in items] == [group["data-group"]]
    assert "5 suggestions in total." in soup.select_one(".kf-tracker__count").get_text()
    for suggestion in suggestions.values():
        link = soup.find("a", string=suggestion.title)
        assert link["href"] == f"/kundenforum/suggestions/{suggestion.pk}/"
        assert link.find_parent("li")["data-status"] == suggestion.status.slug


def test_each_suggestion_shows_its_status_forum_and_topic(client, suggestions):
    soup = read(client, make_tracker_page().url)
    item = soup.find("a", string="Hotline wieder mit Festnetznummer").find_parent("li")
    assert item.select_one(".kf-status").get_text() == "Das haben wir umgesetzt"
    assert "Erstes Kundenforum" in item.select_one(".kf-suggestion__forum").get_text()
    assert "Kundenservice" in item.select_one(".kf-suggestion__topic").get_text()


def test_only_published_suggestions_with_public_statuses_appear(client, forums, suggestions):
    SuggestionStatus.objects.create(label="Intern", slug="intern", kind="open", is_public=False)
    make_suggestion(forums[0], "intern", title="Interne Notiz")
    make_suggestion(forums[0], "umgesetzt", title="Unveröffentlichter Entwurf", live=False)
    page = make_tracker_page()
    soup = read(client, page.url)
    assert titles(soup) == ALL_TITLES
    assert total(soup) == 5 and group_counts(soup)["umgesetzt"] == 1
    assert "intern" not in group_counts(soup)
    assert "intern" not in [box["value"] for box in soup.select("input[name=status]")]
    soup = read(client, page.url + "?status=intern")
    assert titles(soup) == ALL_TITLES
    assert notes(soup) == ["Unknown status “intern” ignored."]
    html = client.get(page.url + "?q=Interne").content.decode()
    assert "Interne Notiz" not in html and "Unveröffentlichter Entwurf" not in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=umgesetzt", {"Hotline wieder mit Festnetznummer"}),
        (
            "status=umgesetzt&status=geht-nicht",
            {"Hotline wieder mit Festnetznummer", "Nachtbus am Wochenende"},
        ),
        ("forum=2", {"Busfahrplan als App", "Zählerstand online melden"}),
        ("topic=bus", {"Nachtbus am Wochenende", "Busfahrplan als App"}),
        ("q=Nachtbus", {"Nachtbus am Wochenende"}),
        ("q=Hotline+Festnetznummer", {"Hotline wieder mit Festnetznummer"}),
        ("forum=1&topic=bus", {"Nachtbus am Wochenende"}),
        ("status=in-der-mache&status=gibt-es-schon&forum=1", {"Ökostromtarif für Mieter"}),
        ("topic=bus&q=Busfahrplan", {"Busfahrplan als App"}),
    ],
)
def test_each_filter_narrows_the_tracker(client, suggestions, query, expected):
    soup = read(client, f"{make_tracker_page().url}?{query}")
    assert titles(soup) == expected
    assert total(soup) == len(expected) == sum(group_counts(soup).values())
    assert notes(soup) == []


def test_no_match_says_so_and_offers_the_way_back(client, suggestions):
    page = make_tracker_page()
    soup = read(client, page.url + "?forum=2&status=umgesetzt")
    assert total(soup) == 0 and titles(soup) == set()
    empty = soup.select_one(".kf-tracker .kf-empty")
    assert "No suggestions match these filters." in empty.get_text()
    assert empty.a["href"].startswith(page.url)


def test_an_empty_tracker_says_nothing_is_published_yet(client):
    soup = read(client, make_tracker_page().url)
    assert total(soup) == 0
    assert "No suggestions have been published here yet." in soup.select_one(".kf-empty").text


def test_the_filter_form_works_without_javascript_and_keeps_the_current_values(client, suggestions):
    page = make_tracker_page()
    soup = read(client, page.url + "?status=umgesetzt&status=geht-nicht&forum=1&topic=bus&q=Bus")
    form = soup.select_one("form.kf-tracker-filter")
    assert form["method"] == "get" and form["role"] == "search"
    boxes = form.select("input[type=checkbox][name=status]")
    assert [box["value"] for box in boxes] == STATUS_ORDER
    assert {box["value"] for box in boxes if box.has_attr("checked")} == {
        "umgesetzt",
        "geht-nicht",
    }
    assert all(box.find_parent("label") for box in boxes)
    forum = form.select_one("select[name=forum]")
    assert [option["value"] for option in forum.select("option")] == ["", "1", "2"]
    assert [option["value"] for option in forum.select("option[selected]")] == ["1"]
    topic = form.select_one("select[name=topic]")
    assert [option["value"] for option in topic.select("option[selected]")] == ["bus"]
    assert form.select_one("input[type=search][name=q]")["value"] == "Bus"
    for field in form.select("select, input[type=search]"):
        assert form.select_one(f"label[for='{field['id']}']").get_text(strip=True)
    assert form.select_one("button[type=submit]").get_text(strip=True) == "Filter"
    assert form.select_one(".kf-tracker-filter__reset")["href"].startswith(page.url)


@pytest.mark.parametrize(
    "query, note",
    [
        ("status=gibts-nicht", "Unknown status “gibts-nicht” ignored."),
        ("forum=abc", "Unknown forum “abc” ignored."),
        ("forum=99", "Unknown forum “99” ignored."),
        ("topic=%3Cscript%3E", "Unknown topic “<script>” ignored."),
        ("q=" + "x" * 300, "The search text was too long and was ignored."),
    ],
)
def test_invalid_values_are_ignored_with_a_visible_note(client, suggestions, query, note):
    response = client.get(f"{make_tracker_page().url}?{query}")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert notes(soup) == [note]
    assert soup.select_one(".kf-tracker .kf-note")["role"] == "status"
    assert titles(soup) == ALL_TITLES and total(soup) == 5
    assert "<script>" not in response.content.decode().split('class="kf-tracker"', 1)[1]


@pytest.mark.parametrize("page_number", ["999999", "abc", "-1", "0"])
def test_a_page_that_does_not_exist_shows_the_first_with_a_note(client, suggestions, page_number):
    soup = read(client, f"{make_tracker_page().url}?status=umgesetzt&page={page_number}")
    assert titles(soup) == {"Hotline wieder mit Festnetznummer"}
    assert notes(soup) == ["The requested page does not exist; showing the first page instead."]


def test_a_valid_value_still_applies_next_to_an_invalid_one(client, suggestions):
    soup = read(client, f"{make_tracker_page().url}?status=umgesetzt&status=nope&forum=abc")
    assert titles(soup) == {"Hotline wieder mit Festnetznummer"}
    assert len(notes(soup)) == 2


def test_include_options_restrict_what_is_shown_and_offered(client, forums, suggestions):
    page = make_tracker_page(tracker_block(forums=[str(forums[1].pk)]))
    soup = read(client, page.url)
    assert titles(soup) == {"Busfahrplan als App", "Zählerstand online melden"}
    options = soup.select("select[name=forum] option")
    assert [option["value"] for option in options] == ["", "2"]
    assert "Unknown forum “1” ignored." in notes(read(client, page.url + "?forum=1"))


def test_include_statuses_restricts_groups_checkboxes_and_chart(client, suggestions):
    include = [str(status("umgesetzt").pk), str(status("geht-nicht").pk)]
    page = make_tracker_page(tracker_block(statuses=include))
    soup = read(client, page.url)
    assert titles(soup) == {"Hotline wieder mit Festnetznummer", "Nachtbus am Wochenende"}
    assert list(group_counts(soup)) == ["umgesetzt", "geht-nicht"]
    boxes = soup.select("input[name=status]")
    assert [box["value"] for box in boxes] == ["umgesetzt", "geht-nicht"]
    rows = soup.select(".kf-tracker-chart tbody tr")
    assert [row["data-status"] for row in rows] == ["umgesetzt", "geht-nicht"]
    soup = read(client, page.url + "?status=in-pruefung")
    assert notes(soup) == ["Unknown status “in-pruefung” ignored."]
    assert total(soup) == 2


def test_include_topics_restricts_the_tracker(client, suggestions):
    page = make_tracker_page(tracker_block(topics=[str(make_topic("bus").pk)]))
    soup = read(client, page.url)
    assert titles(soup) == {"Nachtbus am Wochenende", "Busfahrplan als App"}
    options = soup.select("select[name=topic] option")
    assert [option["value"] for option in options] == ["", "bus"]


def test_grouping_by_topic(client, suggestions):
    soup = read(client, make_tracker_page(tracker_block(group_by="topic")).url)
    assert group_counts(soup) == {"kundenservice": 2, "bus": 2, "": 1}
    without = soup.select_one(".kf-tracker-group[data-group='']")
    assert "Without topic" in without.h2.get_text()
    assert without.select_one(".kf-suggestion a").get_text() == "Zählerstand online melden"


def test_grouping_by_forum(client, suggestions):
    soup = read(client, make_tracker_page(tracker_block(group_by="forum")).url)
    assert group_counts(soup) == {"1": 3, "2": 2}
    assert "Zweites Kundenforum" in soup.select_one("[data-group='2'] h2").get_text()
    second = soup.select("[data-group='2'] .kf-suggestion a")
    assert {link.get_text() for link in second} == {
        "Busfahrplan als App",
        "Zählerstand online melden",
    }


def test_the_filter_counts_and_chart_can_be_switched_off(client, forums, suggestions):
    make_suggestion(forums[0], "umgesetzt", title="Noch einer")
    options = {"show_filter": False, "show_counts": False, "show_chart": False}
    soup = read(client, make_tracker_page(tracker_block(items_per_group=1, **options)).url)
    tracker = soup.select_one(".kf-tracker")
    assert tracker.select(".kf-tracker-filter") == []
    assert tracker.select(".kf-tracker-chart") == []
    assert tracker.select(".kf-tracker__count, .kf-tracker-group__count") == []
    show_all = tracker.select_one("[data-group=umgesetzt] .kf-tracker-group__show-all")
    assert show_all.get_text(strip=True) == "Show all: Das haben wir umgesetzt"
    assert titles(soup) == ALL_TITLES
    # The markup hooks keep their numbers for themes and tests.
    assert total(soup) == 6 and sum(group_counts(soup).values()) == 6


def test_each_part_shows_by_default(client, suggestions):
    tracker = read(client, make_tracker_page().url).select_one(".kf-tracker")
    assert tracker.select_one("form.kf-tracker-filter")
    assert tracker.select_one("figure.kf-tracker-chart")
    assert tracker.select_one(".kf-tracker__count")


def test_a_full_group_links_to_all_of_its_suggestions(client, forums, suggestions):
    for n in range(2):
        make_suggestion(forums[0], "umgesetzt", title=f"Umgesetzt {n}")
    page = make_tracker_page(tracker_block(items_per_group=2))
    soup = read(client, page.url)
    group = soup.select_one(".kf-tracker-group[data-group=umgesetzt]")
    assert group["data-count"] == "3" and len(group.select(".kf-suggestion")) == 2
    link = group.select_one(".kf-tracker-group__show-all")
    assert link.get_text(" ", strip=True).startswith("Show all 3")
    assert link["href"].split("#")[0] == "?status=umgesetzt"
    assert not soup.select("[data-group=in-pruefung] .kf-tracker-group__show-all")

    soup = read(client, page.url + link["href"].split("#")[0])
    assert list(group_counts(soup)) == ["umgesetzt"]
    assert len(soup.select(".kf-suggestion")) == 3
    assert soup.select(".kf-tracker-group__show-all") == []


def test_show_all_keeps_the_other_filters(client, forums, suggestions):
    for n in range(2):
        make_suggestion(forums[0], "umgesetzt", title=f"Umgesetzt {n}")
    soup = read(client, make_tracker_page(tracker_block(items_per_group=1)).url + "?forum=1")
    link = soup.select_one("[data-group=umgesetzt] .kf-tracker-group__show-all")
    assert link["href"].split("#")[0] == "?status=umgesetzt&forum=1"


def bulk_suggestions(forum, slug, count, **fields):
    fields.setdefault("title", "Vorschlag")
    Suggestion.objects.bulk_create(
        Suggestion(forum=forum, status=status(slug), live=True, **fields) for _ in range(count)
    )


def test_a_single_group_pages_and_its_links_keep_the_filters(client, forums):
    bulk_suggestions(forums[0], "umgesetzt", 30)
    bulk_suggestions(forums[1], "umgesetzt", 3)
    page = make_tracker_page()
    soup = read(client, page.url + "?status=umgesetzt&forum=1")
    assert total(soup) == 30 and len(soup.select(".kf-suggestion")) == 25
    assert soup.select(".kf-tracker-group__show-all") == []
    pagination = soup.select_one(".kf-tracker .kf-pagination")
    assert "Page 1 of 2" in pagination.get_text()
    following = pagination.select_one("a[rel=next]")["href"]
    assert following.split("#")[0] == "?status=umgesetzt&forum=1&page=2"

    soup = read(client, page.url + following.split("#")[0])
    assert len(soup.select(".kf-suggestion")) == 5 and notes(soup) == []
    previous = soup.select_one(".kf-tracker .kf-pagination a[rel=prev]")["href"]
    assert previous.split("#")[0] == "?status=umgesetzt&forum=1&page=1"


def test_links_within_the_tracker_lead_back_to_it(client, forums, suggestions):
    for n in range(2):
        make_suggestion(forums[0], "umgesetzt", title=f"Umgesetzt {n}")
    soup = read(client, make_tracker_page(tracker_block(items_per_group=1)).url)
    tracker = soup.select_one(".kf-tracker")
    anchor = "#" + tracker["id"]
    assert soup.select_one(".kf-tracker-filter")["action"] == anchor
    assert tracker.select_one(".kf-tracker-group__show-all")["href"].endswith(anchor)


def test_the_chart_labels_each_bar_and_has_a_text_equivalent(client, forums, suggestions):
    make_suggestion(forums[0], "umgesetzt", title="Noch einer")
    chart = read(client, make_tracker_page().url).select_one("figure.kf-tracker-chart")
    svg = chart.select_one("svg")
    assert svg["role"] == "img" and svg["aria-label"]
    bars = {row["data-status"]: row for row in svg.select(".kf-tracker-chart__row")}
    assert list(bars) == STATUS_ORDER
    assert bars["umgesetzt"].text.strip() == "Das haben wir umgesetzt: 2"
    assert bars["umgesetzt"].select_one(".kf-tracker-chart__bar")["width"] == "100%"
    assert bars["in-pruefung"].select_one(".kf-tracker-chart__bar")["width"] == "50%"
    assert bars["umgesetzt"].select_one(".kf-tracker-chart__bar")["fill"] == "#15803d"
    table = chart.select_one("table")
    assert table.caption.get_text(strip=True)
    rows = [
        (row.th.get_text(strip=True), int(row.td.get_text())) for row in table.select("tbody tr")
    ]
    assert rows == [
        ("Das haben wir umgesetzt", 2),
        ("Das gibt es schon", 1),
        ("Das ist in der Mache", 1),
        ("Das geht nicht", 1),
        ("Wird geprüft", 1),
    ]


def test_the_chart_follows_the_filters(client, suggestions):
    soup = read(client, make_tracker_page().url + "?forum=2")
    rows = {
        row["data-status"]: int(row.td.get_text())
        for row in soup.select(".kf-tracker-chart tbody tr")
    }
    assert rows == {
        "umgesetzt": 0,
        "gibt-es-schon": 1,
        "in-der-mache": 0,
        "geht-nicht": 0,
        "in-pruefung": 1,
    }


def test_headings_stay_in_order(client, suggestions):
    soup = read(client, make_tracker_page().url)
    assert soup.select(".kf-tracker-group > h2") and not soup.select(".kf-tracker-group > h3")

    titled = make_tracker_page(
        tracker_block(heading="Was aus Ihren Vorschlägen wurde"), slug="titled"
    )
    soup = read(client, titled.url)
    assert soup.select_one(".kf-tracker > h2").get_text() == "Was aus Ihren Vorschlägen wurde"
    assert len(soup.select(".kf-tracker-group > h3")) == 5
    assert not soup.select(".kf-tracker-group > h2")


def test_editor_and_reader_text_render_inert(client, forums):
    make_suggestion(forums[0], "umgesetzt", title="<script>alert(1)</script>")
    page = make_tracker_page(tracker_block(heading="<img src=x onerror=alert(1)>"))
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The reader's search text comes back in the form, escaped (whether or not it matches:
    # PostgreSQL's parser drops tags from the text it indexes).
    searched = client.get(page.url + "?q=%3Cscript%3Ex").content.decode()
    assert "<script>x" not in searched and 'value="&lt;script&gt;x"' in searched


def test_the_tracker_works_in_a_forum_report(client, forums, suggestions):
    report = make_report(make_index(), forum=forums[0], body=stream_body(tracker_block()))
    soup = read(client, report.url + "?forum=1")
    assert titles(soup) == {
        "Hotline wieder mit Festnetznummer",
        "Ökostromtarif für Mieter",
        "Nachtbus am Wochenende",
    }


# The stats block: what became of one forum's suggestions.


def stats_block(forum, since=None, heading=""):
    return ("stats", {"heading": heading, "forum": forum.pk, "since": since})


def test_the_stats_block_counts_a_forums_suggestions_per_status(client, forums, suggestions):
    report = make_report(make_index(), forum=forums[1], body=stream_body(stats_block(forums[0])))
    stats = read(client, report.url).select_one(".kf-stats")
    assert stats.h2.get_text(strip=True) == "What became of your suggestions"
    assert stats["data-count"] == "3"
    counts = {
        row["data-status"]: (row.th.get_text(strip=True), int(row.td.get_text()))
        for row in stats.select("tbody tr")
    }
    assert counts == {
        "umgesetzt": ("Das haben wir umgesetzt", 1),
        "gibt-es-schon": ("Das gibt es schon", 0),
        "in-der-mache": ("Das ist in der Mache", 1),
        "geht-nicht": ("Das geht nicht", 1),
        "in-pruefung": ("Wird geprüft", 0),
    }
    assert stats.select_one("tfoot td").get_text() == "3"
    assert "3 suggestions from Erstes Kundenforum" in stats.caption.get_text(" ", strip=True)
    assert stats.select(".kf-stats__changes") == []


def test_the_stats_block_lists_the_changes_since_its_date(client, forums, suggestions):
    tarif = suggestions["tarif"]
    change_status(tarif, status("umgesetzt"), date=datetime.date(2012, 11, 5))
    old = suggestions["zaehler"]
    change_status(old, status("in-der-mache"), date=datetime.date(2011, 12, 1))
    hidden = make_suggestion(forums[0], "in-pruefung", title="Wird versteckt")
    change_status(hidden, status("in-der-mache"), date=datetime.date(2012, 6, 1))
    Suggestion.objects.filter(pk=hidden.pk).update(live=False)

    block = stats_block(forums[0], since="2012-01-01", heading="Was aus Ihren Vorschlägen wurde")
    report = make_report(make_index(), forum=forums[1], body=stream_body(block))
    stats = read(client, report.url).select_one(".kf-stats")
    assert stats.h2.get_text(strip=True) == "Was aus Ihren Vorschlägen wurde"
    assert "Changes since" in stats.h3.get_text()
    changes = stats.select(".kf-stats__change")
    assert len(changes) == 1
    change = changes[0]
    assert change.a.get_text() == "Ökostromtarif für Mieter"
    assert change.a["href"] == f"/kundenforum/suggestions/{tarif.pk}/"
    assert change.time["datetime"] == "2012-11-05"
    badges = [badge.get_text() for badge in change.select(".kf-status")]
    assert badges == ["Das ist in der Mache", "Das haben wir umgesetzt"]
    assert "from" in change.get_text() and " to " in change.get_text(" ")
    counts = {row["data-status"]: row["data-count"] for row in stats.select("tbody tr")}
    assert counts["umgesetzt"] == "2" and counts["in-der-mache"] == "0"


def test_the_stats_block_says_when_nothing_changed(client, forums, suggestions):
    block = stats_block(forums[0], since="2030-01-01")
    report = make_report(make_index(), forum=forums[1], body=stream_body(block))
    stats = read(client, report.url).select_one(".kf-stats")
    assert "No status has changed since then." in stats.get_text()


def test_the_stats_block_works_in_a_content_page(client, forums, suggestions):
    soup = read(client, make_tracker_page(stats_block(forums[1])).url)
    assert soup.select_one(".kf-stats")["data-count"] == "2"


# Point 9 of the issue: the query budget.


def count_queries(client, url, cold=False):
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), BeautifulSoup(response.content.decode(), "html.parser")


def spread_suggestions(forums, topics, count):
    """``count`` published suggestions over every default status, both forums and topics."""
    statuses = [status(slug) for slug in STATUS_ORDER]
    Suggestion.objects.bulk_create(
        (
            Suggestion(
                title=f"Vorschlag {n}",
                forum=forums[n % 2],
                topic=topics[n % 3],
                status=statuses[n % 5],
                live=True,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )


TRACKER_VIEWS = [
    ("status", ""),
    ("status", "?status=umgesetzt"),
    ("status", "?forum=2&status=umgesetzt&status=geht-nicht"),
    ("topic", "?forum=1"),
    ("forum", "?topic=bus"),
    ("forum", "?forum=2&page=3"),
]


def test_queries_stay_the_same_from_10_to_10000_suggestions(client, forums):
    topics = [make_topic("strom"), make_topic("bus"), None]
    pages = {
        group_by: make_tracker_page(tracker_block(group_by=group_by), slug=f"nach-{group_by}")
        for group_by in ("status", "topic", "forum")
    }
    urls = [pages[group_by].url + query for group_by, query in TRACKER_VIEWS]
    spread_suggestions(forums, topics, 10)
    for url in urls:
        client.get(url)  # warm-up: the site's root paths are cached
    # Counted cold: the cache is cleared before each request (bulk_create sends no signals).
    few = {url: count_queries(client, url, cold=True)[0] for url in urls}

    spread_suggestions(forums, topics, 9990)
    for url in urls:
        queries, soup = count_queries(client, url, cold=True)
        assert queries == few[url], url
        assert total(soup) > 1000
        # Groups show their first items and a single list is paged: never all 10,000.
        assert len(soup.select(".kf-suggestion")) <= 25
