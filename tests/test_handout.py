"""The handout: every public suggestion of a forum (or of the tracker's filters), grouped by
status, each with its answer, in the site's base template, linked from the tracker with the
reader's filters, in a number of queries that does not grow with the suggestions."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.helpers import (
    make_forum,
    make_site,
    make_topic,
    make_tracker_page,
    private_status,
    restore_default_statuses,
    status,
    tracker_block,
)
from wagtail_kundenforum.models import Suggestion

pytestmark = pytest.mark.django_db

HANDOUT = "/kundenforum/suggestions/handout/"
STATUS_ORDER = ["umgesetzt", "gibt-es-schon", "in-der-mache", "geht-nicht", "in-pruefung"]


def add_suggestions(forum, count, start=0):
    """``count`` published suggestions of ``forum``, spread over the five default statuses,
    each with its own answer (declined ones with their reason)."""
    restore_default_statuses()
    topic = make_topic("kundenservice", name="Kundenservice")
    made = []
    for n in range(start, start + count):
        slug = STATUS_ORDER[n % 5]
        made.append(
            Suggestion.objects.create(
                forum=forum,
                status=status(slug),
                topic=topic if n % 2 else None,
                title=f"Vorschlag {forum.number}-{n}",
                description=f"Beschreibung {n}",
                answer=f"<p>Antwort auf Vorschlag {n}</p>",
                declined_reason=f"Grund {n}" if slug == "geht-nicht" else "",
                live=True,
            )
        )
    return made


def read(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content.decode(), "html.parser")


def handout_titles(soup):
    return [
        item.select_one(".kf-handout-suggestion__title").get_text(strip=True)
        for item in soup.select(".kf-handout-suggestion")
    ]


@pytest.fixture
def forums():
    make_site()
    first, second = make_forum(1, title="Erstes Kundenforum"), make_forum(2, title="Zweites")
    add_suggestions(first, 30)
    add_suggestions(second, 4)
    # Neither a draft nor a suggestion with a private status belongs on paper.
    Suggestion.objects.create(forum=first, status=status("umgesetzt"), title="Entwurf", live=False)
    Suggestion.objects.create(forum=first, status=private_status(), title="Intern", live=True)
    return first, second


def test_all_30_suggestions_of_the_forum_appear_with_their_answers(client, forums):
    soup = read(client, HANDOUT + "?forum=1")

    items = soup.select(".kf-handout-suggestion")
    assert sorted(handout_titles(soup)) == sorted(f"Vorschlag 1-{n}" for n in range(30))
    for item in items:
        n = item.select_one(".kf-handout-suggestion__title").get_text(strip=True).split("-")[1]
        answer = item.select_one(".kf-handout-suggestion__answer .kf-richtext")
        assert answer.get_text(strip=True) == f"Antwort auf Vorschlag {n}"
        assert item.select_one(".kf-handout-suggestion__description").get_text(strip=True) == (
            f"Beschreibung {n}"
        )
        if item["data-status"] == "geht-nicht":
            reason = item.select_one(".kf-handout-suggestion__reason").get_text(" ", strip=True)
            assert reason.endswith(f"Grund {n}")
    groups = [group["data-status"] for group in soup.select(".kf-handout-group")]
    assert groups == STATUS_ORDER
    assert all(int(group["data-count"]) == 6 for group in soup.select(".kf-handout-group"))
    # In the site's base template, with the forum in the title.
    assert soup.title.get_text(strip=True) == "Suggestions and answers: " + str(forums[0])
    assert soup.select_one("link[rel=stylesheet]")


def test_each_suggestion_sits_in_its_status_group_and_links_to_its_page(client, forums):
    soup = read(client, HANDOUT + "?forum=1")
    for group in soup.select(".kf-handout-group"):
        for item in group.select(".kf-handout-suggestion"):
            assert item["data-status"] == group["data-status"]
            title = item.select_one(".kf-handout-suggestion__title a")
            suggestion = Suggestion.objects.get(title=title.get_text(strip=True))
            assert title["href"] == suggestion.get_url()


def test_without_a_forum_every_forum_is_listed(client, forums):
    soup = read(client, HANDOUT)
    assert len(soup.select(".kf-handout-suggestion")) == 34
    assert soup.title.get_text(strip=True) == "Suggestions and answers"


def test_the_handout_honours_the_trackers_filters(client, forums):
    soup = read(client, HANDOUT + "?forum=1&status=umgesetzt&status=geht-nicht&topic=kundenservice")
    titles = handout_titles(soup)
    expected = [
        s.title
        for s in Suggestion.objects.filter(
            forum__number=1, live=True, status__slug__in=["umgesetzt", "geht-nicht"]
        ).exclude(topic=None)
    ]
    assert sorted(titles) == sorted(expected) and titles
    as_of = soup.select_one(".kf-handout__as-of").get_text(" ", strip=True)
    assert "Kundenservice" in as_of and "Das geht nicht" in as_of


def test_a_value_not_understood_is_ignored_with_a_note(client, forums):
    soup = read(client, HANDOUT + "?forum=99")
    assert [note.get_text(strip=True) for note in soup.select(".kf-note")] == [
        "Unknown forum “99” ignored."
    ]
    assert len(soup.select(".kf-handout-suggestion")) == 34


def test_the_handout_speaks_german(client, forums):
    soup = read(client, HANDOUT + "?forum=1", HTTP_ACCEPT_LANGUAGE="de")
    assert soup.title.get_text(strip=True).startswith("Vorschläge und Antworten: ")
    assert "30 Vorschläge." in soup.select_one(".kf-handout__as-of").get_text(" ", strip=True)


def test_the_handout_announces_the_status_feed(client, forums):
    soup = read(client, HANDOUT + "?forum=1")
    link = soup.select_one('head link[rel=alternate][type="application/atom+xml"]')
    assert link["href"] == "/kundenforum/feed/status-changes/"


def test_the_handout_only_answers_get_and_head(client, forums):
    assert client.head(HANDOUT).status_code == 200
    assert client.post(HANDOUT).status_code == 405


def handout_queries(client, url):
    cache.clear()  # a cached list would hide the queries that building it takes
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_suggestions(client):
    make_site()
    forum = make_forum(1)
    add_suggestions(forum, 5)
    handout_queries(client, HANDOUT)  # the first request stores the site's settings
    few = handout_queries(client, HANDOUT + "?forum=1")
    add_suggestions(forum, 45, start=5)
    many = handout_queries(client, HANDOUT + "?forum=1")
    assert few == many
    assert few <= 8, f"{few} queries"


# The tracker links to it.


def handout_link(soup):
    return soup.select_one(".kf-tracker a.kf-tracker__handout")["href"]


def test_the_tracker_links_the_handout_with_the_readers_filters(client, forums):
    page = make_tracker_page()
    soup = read(client, page.url + "?forum=1&status=umgesetzt&q=")
    assert handout_link(soup) == HANDOUT + "?status=umgesetzt&forum=1"
    assert handout_link(read(client, page.url)) == HANDOUT


def test_the_handout_link_keeps_the_blocks_own_restriction(client, forums):
    second = forums[1]
    page = make_tracker_page(tracker_block(forums=[second.pk]))
    assert handout_link(read(client, page.url)) == HANDOUT + "?forum=2"
    soup = read(client, handout_link(read(client, page.url)))
    assert sorted(handout_titles(soup)) == sorted(f"Vorschlag 2-{n}" for n in range(4))
