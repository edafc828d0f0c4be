"""The JSON API of the suggestions and the Atom feed of their status changes: the public
contract's shape, the tracker's filters and counts, errors, and nothing private."""

import datetime
import itertools
import json
import re
from urllib.parse import parse_qs, urlencode, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.support.helpers import (
    make_comment,
    make_forum,
    make_index,
    make_report,
    make_suggestion,
    make_topic,
    make_tracker_page,
    private_status,
    status,
)
from wagtail_kundenforum.models import Suggestion, SuggestionStatusChange
from wagtail_kundenforum.status_changes import change_status

pytestmark = pytest.mark.django_db

API = "/kundenforum/api/suggestions/"
FEED = "/kundenforum/feed/status-changes/"
ATOM = "{http://www.w3.org/2005/Atom}"
STATUSES = ["in-pruefung", "umgesetzt", "gibt-es-schon", "in-der-mache", "geht-nicht"]
WORDS = ["Hotline Festnetznummer", "Busse abends öfter", "Zählerstand online", "Rechnung"]
KINDS = {"open", "in_progress", "done", "exists", "declined"}


def get_json(client, params="", status_code=200):
    response = client.get(f"{API}?{params}" if params else API)
    assert response.status_code == status_code, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


# The data set of the filter tests: 40 public suggestions spread over two of three forums,
# two of three topics, the five statuses and four wordings, and hidden ones that match.
# Each row: (status, forum number, topic slug, title).
ROWS = [
    (STATUSES[i % 5], i % 2 + 1, ["strom", "gas", None][i % 3], f"{WORDS[(i // 7) % 4]} Nummer {i}")
    for i in range(40)
]
# The published suggestion of hide_suggestions() whose newer draft must stay hidden.
SHOWN_OF_HIDDEN = ("umgesetzt", 1, "strom", "Veröffentlicht")


def populate_tracker():
    forums = {number: make_forum(number) for number in (1, 2, 3)}
    topics = {slug: make_topic(slug) for slug in ("strom", "gas", "bus")}
    for slug, forum, topic, title in ROWS:
        make_suggestion(
            forums[forum],
            status=slug,
            title=title,
            topic=topics.get(topic),
            declined_reason="Geht nicht" if slug == "geht-nicht" else "",
        )
    hide_suggestions(forums[1], topics["strom"])
    return forums, topics


def hide_suggestions(forum, topic, word="Hotline"):
    """Suggestions that match every filter but readers must not see."""
    make_suggestion(forum, status="umgesetzt", title=f"{word} unveröffentlicht", live=False)
    private = make_suggestion(forum, title=f"{word} intern", topic=topic)
    change_status(private, private_status())
    published = make_suggestion(forum, status="umgesetzt", title="Veröffentlicht", topic=topic)
    draft = published.get_latest_revision_as_object()
    draft.title = f"{word} Entwurf"
    draft.save_revision()


def block_count(client, page, params):
    response = client.get(f"{page.url}?{params}")
    assert response.status_code == 200
    tracker = BeautifulSoup(response.content.decode(), "html.parser").select_one(".kf-tracker")
    return int(tracker["data-count"])


def filter_combinations():
    statuses = [[], ["umgesetzt"], ["umgesetzt", "geht-nicht"], STATUSES]
    forums = [None, "1", "3"]
    topics = [None, "strom", "bus"]
    searches = [None, "Hotline", "zählerstand", "keinetreffer"]
    for status_list, forum, topic, q in itertools.product(statuses, forums, topics, searches):
        pairs = [("status", slug) for slug in status_list]
        pairs += [(name, value) for name, value in (("forum", forum), ("topic", topic), ("q", q))]
        yield [(name, value) for name, value in pairs if value is not None]


def expected_count(pairs):
    """The count worked out from the data set, for filters without a search."""
    wanted = dict(pairs)
    slugs = [value for name, value in pairs if name == "status"]
    return sum(
        1
        for slug, forum, topic, _title in [*ROWS, SHOWN_OF_HIDDEN]
        if (not slugs or slug in slugs)
        and wanted.get("forum", str(forum)) == str(forum)
        and wanted.get("topic", topic) == topic
    )


def test_every_filter_combination_counts_as_the_tracker_block(client):
    populate_tracker()
    page = make_tracker_page()
    mismatches = []
    for pairs in filter_combinations():
        params = urlencode(pairs)
        api = get_json(client, params)["count"]
        block = block_count(client, page, params)
        expected = api if "q" in dict(pairs) else expected_count(pairs)
        if not api == block == expected:
            mismatches.append((params, api, block, expected))
    assert mismatches == []


def test_search_finds_only_public_live_text(client):
    populate_tracker()
    found = get_json(client, "q=Hotline")
    assert found["count"] == 14
    assert all("Hotline" in result["title"] for result in found["results"])
    assert get_json(client, "q=unveröffentlicht")["count"] == 0
    assert get_json(client, "q=intern")["count"] == 0
    assert get_json(client, "q=Entwurf")["count"] == 0


# The shape of the answer.


def test_results_have_exactly_the_contracts_fields_and_types(client):
    forum = make_forum(1, title="Erstes Forum", date=datetime.date(2011, 10, 12))
    suggestion = make_suggestion(
        forum,
        title="Hotline",
        description="Festnetz",
        topic=make_topic("kundenservice", name="Kundenservice"),
        answer="<p>Ist <b>umgesetzt</b>.</p>",
    )
    change_status(suggestion, status("in-der-mache"), date=datetime.date(2012, 3, 1), note="Los")
    make_suggestion(forum, title="Ohne Thema")
    data = get_json(client)

    assert set(data) == {"count", "next", "previous", "results"}
    assert (data["count"], data["next"], data["previous"]) == (2, None, None)
    first, second = data["results"]
    assert set(first) == {
        "id",
        "url",
        "title",
        "description",
        "forum",
        "topic",
        "status",
        "answer_html",
        "created",
        "updated",
        "history",
    }
    assert first["id"] == suggestion.pk
    assert first["url"] == f"http://testserver/kundenforum/suggestions/{suggestion.pk}/"
    assert (first["title"], first["description"]) == ("Hotline", "Festnetz")
    assert first["forum"] == {"number": 1, "title": "Erstes Forum", "date": "2011-10-12"}
    assert first["topic"] == {"slug": "kundenservice", "name": "Kundenservice"}
    assert first["status"] == {
        "slug": "in-der-mache",
        "label": "Das ist in der Mache",
        "kind": "in_progress",
    }
    assert first["answer_html"] == "<p>Ist <b>umgesetzt</b>.</p>"
    for moment in (first["created"], first["updated"]):
        parsed = datetime.datetime.fromisoformat(moment)
        assert parsed.tzinfo is not None
        assert abs(parsed - timezone.now()) < datetime.timedelta(minutes=5)
    assert first["history"] == [
        {"date": "2012-03-01", "from": "in-pruefung", "to": "in-der-mache", "note": "Los"}
    ]
    assert second["topic"] is None and second["history"] == [] and second["answer_html"] == ""
    assert second["status"]["kind"] in KINDS


def test_every_kind_is_one_of_the_contract(client):
    forum = make_forum()
    for slug in STATUSES:
        make_suggestion(forum, status=slug, declined_reason="Grund")
    kinds = {result["status"]["kind"] for result in get_json(client)["results"]}
    assert kinds == KINDS


def test_history_never_names_a_status_that_is_not_public(client):
    suggestion = make_suggestion(make_forum())
    change_status(suggestion, private_status(), note="Intern")
    change_status(suggestion, status("umgesetzt"), note="Fertig")
    [result] = get_json(client)["results"]
    assert result["history"][0]["from"] is None
    assert [change["to"] for change in result["history"]] == ["umgesetzt"]
    assert "intern" not in json.dumps(result).lower()


def test_answer_links_to_pages_are_expanded(client):
    report = make_report(make_index())
    make_suggestion(make_forum(), answer=f'<p><a linktype="page" id="{report.pk}">Bericht</a></p>')
    [result] = get_json(client)["results"]
    assert result["answer_html"] == f'<p><a href="{report.url}">Bericht</a></p>'


# Pages of results.


def test_pages_link_to_each_other_with_the_filters_kept(client):
    forum = make_forum()
    for i in range(60):
        make_suggestion(forum, status="umgesetzt", title=f"Bus {i}")
    make_suggestion(forum, status="in-pruefung", title="Bus anders")

    first = get_json(client, "status=umgesetzt&q=Bus")
    assert first["count"] == 60 and len(first["results"]) == 25
    assert first["previous"] is None
    link = urlsplit(first["next"])
    assert (link.scheme, link.netloc, link.path) == ("http", "testserver", API)
    assert parse_qs(link.query) == {"status": ["umgesetzt"], "q": ["Bus"], "page": ["2"]}

    second = get_json(client, link.query)
    assert parse_qs(urlsplit(second["previous"]).query) == {"status": ["umgesetzt"], "q": ["Bus"]}
    third = get_json(client, urlsplit(second["next"]).query)
    assert len(third["results"]) == 10 and third["next"] is None
    ids = [r["id"] for page in (first, second, third) for r in page["results"]]
    assert len(set(ids)) == 60


def test_an_empty_list_is_page_one(client):
    assert get_json(client, "page=1") == {"count": 0, "next": None, "previous": None, "results": []}


# Errors.


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ("status=gibts-nicht", ["status"]),
        ("status=umgesetzt&status=nope", ["status"]),
        ("status=intern", ["status"]),
        ("forum=7", ["forum"]),
        ("forum=eins", ["forum"]),
        ("topic=wasser", ["topic"]),
        ("q=" + "x" * 201, ["q"]),
        ("q=a%00b", ["q"]),
        ("page=0", ["page"]),
        ("page=-1", ["page"]),
        ("page=abc", ["page"]),
        ("page=1.5", ["page"]),
        ("page=2", ["page"]),
        ("page=" + "9" * 40, ["page"]),
        (
            "status=x&forum=9&topic=y&q=" + "x" * 300 + "&page=0",
            ["forum", "page", "q", "status", "topic"],
        ),
    ],
)
def test_invalid_values_answer_400_naming_the_parameters(client, params, names):
    make_forum(1)
    private_status()
    data = get_json(client, params, status_code=400)
    assert set(data) == {"error", "invalid"}
    assert isinstance(data["error"], str) and data["error"]
    assert sorted(data["invalid"]) == names
    assert all(isinstance(message, str) and message for message in data["invalid"].values())


def test_empty_values_and_unknown_parameters_are_ignored(client):
    make_suggestion(make_forum())
    assert get_json(client, "status=&forum=&topic=&q=&page=&format=xml&utm_source=x")["count"] == 1


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, method):
    assert getattr(client, method)(API).status_code == 405


def test_head_is_answered(client):
    assert client.head(API).status_code == 200


# Nothing private.


def test_nothing_private_appears(client):
    forum = make_forum(1)
    report = make_report(make_index(), forum=forum)
    for n in range(3):
        make_comment(report, n, email=f"geheim{n}@example.org")
    make_suggestion(forum, title="Öffentlich", external_id="ZEILE-17")
    hide_suggestions(forum, make_topic(), word="Versteckt")
    text = client.get(API).content.decode() + client.get(API + "?q=Versteckt").content.decode()

    assert "Öffentlich" in text
    assert "Versteckt" not in text and "Entwurf" not in text
    assert "ZEILE-17" not in text and "external" not in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)
    assert "@" not in text


def test_unpublished_and_private_suggestions_appear_nowhere_public(client):
    forum = make_forum(1)
    page = make_tracker_page()
    hide_suggestions(forum, make_topic(), word="Versteckt")
    hidden = Suggestion.objects.exclude(title="Veröffentlicht")
    visible = Suggestion.objects.get(title="Veröffentlicht")
    change_status(visible, status("in-der-mache"))

    assert [r["id"] for r in get_json(client)["results"]] == [visible.pk]
    assert get_json(client, "q=Versteckt")["count"] == 0
    assert block_count(client, page, "") == 1 and block_count(client, page, "q=Versteckt") == 0
    block_html = client.get(page.url).content.decode()
    feed_text = client.get(FEED).content.decode()
    for suggestion in hidden:
        assert client.get(suggestion.get_url()).status_code == 404
        assert suggestion.get_url() not in block_html + feed_text
        assert suggestion.title not in block_html + feed_text
    assert (
        "Versteckt" not in block_html + feed_text + client.get(visible.get_url()).content.decode()
    )


# Queries.


def api_queries(client, params=""):
    client.get(f"{API}?{params}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{API}?{params}").status_code == 200
    return len(queries)


def add_suggestions(forum, n, report):
    topic = make_topic()
    for i in range(n):
        suggestion = make_suggestion(
            forum,
            title=f"Vorschlag {i}",
            topic=topic if i % 2 else None,
            answer=f'<p>Siehe <a linktype="page" id="{report.pk}">Bericht</a></p>',
        )
        change_status(suggestion, status("in-der-mache"), note="Los")
        change_status(suggestion, status("umgesetzt"), note="Fertig")


@pytest.mark.parametrize(
    ("params", "total"), [("", 60), ("status=umgesetzt&forum=1&topic=strom&q=Vorschlag", 29)]
)
def test_query_count_is_the_same_for_3_and_60_suggestions(client, params, total):
    forum = make_forum(1)
    report = make_report(make_index(), forum=forum)
    add_suggestions(forum, 3, report)
    few = api_queries(client, params)
    add_suggestions(forum, 57, report)
    assert get_json(client, params)["count"] == total
    assert api_queries(client, params) == few


# The Atom feed of status changes.


def read_feed(client):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)


def entries(feed):
    return feed.findall(f"{ATOM}entry")


def test_feed_holds_only_published_changes_of_public_suggestions(client):
    forum = make_forum()
    shown = make_suggestion(forum, title="Sichtbar")
    change_status(shown, status("in-der-mache"), note="Wir fangen an")
    change_status(shown, private_status(), note="Interner Zwischenschritt")
    change_status(shown, status("umgesetzt"))

    later_private = make_suggestion(forum, title="Später intern")
    change_status(later_private, status("umgesetzt"))
    change_status(later_private, private_status())

    draft = make_suggestion(forum, title="Nie veröffentlicht", live=False)
    SuggestionStatusChange.objects.create(
        suggestion=draft, from_status=status("in-pruefung"), to_status=status("umgesetzt")
    )

    titles = [entry.findtext(f"{ATOM}title") for entry in entries(read_feed(client))]
    assert titles == [
        "Sichtbar: Das haben wir umgesetzt",
        "Sichtbar: Wird geprüft → Das ist in der Mache",
    ]


def test_feed_entries_link_to_the_suggestion_newest_first(client):
    suggestion = make_suggestion(make_forum(), title="Hotline")
    change_status(suggestion, status("in-der-mache"), date=datetime.date(2012, 3, 1), note="A\nB")
    change_status(suggestion, status("umgesetzt"), note="<b>Fertig</b> & gut")
    feed = read_feed(client)

    assert feed.findtext(f"{ATOM}title") == "Status changes of suggestions"
    newest, older = entries(feed)
    page = f"http://testserver{suggestion.get_url()}"
    assert newest.find(f"{ATOM}link").get("href").startswith(page + "#change-")
    assert newest.findtext(f"{ATOM}id") != older.findtext(f"{ATOM}id")
    summary = newest.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "<p>&lt;b&gt;Fertig&lt;/b&gt; &amp; gut</p>"
    assert older.find(f"{ATOM}summary").text == "<p>A<br>B</p>"
    published = datetime.datetime.fromisoformat(older.findtext(f"{ATOM}published"))
    assert published.date() == datetime.date(2012, 3, 1)
    assert (published.hour, published.minute) == (0, 0)


def test_feed_keeps_the_newest_50(client):
    suggestion = make_suggestion(make_forum())
    start = datetime.date(2012, 1, 1)
    for day in range(55):
        slug = "in-der-mache" if day % 2 == 0 else "in-pruefung"
        change_status(suggestion, status(slug), date=start + datetime.timedelta(days=day))
    dates = [entry.findtext(f"{ATOM}published")[:10] for entry in entries(read_feed(client))]
    assert len(dates) == 50
    assert dates[0] == "2012-02-24" and dates == sorted(dates, reverse=True)


def test_an_empty_feed_is_valid(client):
    feed = read_feed(client)
    assert entries(feed) == [] and feed.findtext(f"{ATOM}updated")
