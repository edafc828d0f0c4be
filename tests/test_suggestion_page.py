"""A suggestion's public page: what readers see of it, its history, and 404 for everything
they may not see."""

import datetime
import itertools

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.support.helpers import (
    make_forum,
    make_index,
    make_report,
    make_site,
    make_suggestion,
    make_topic,
    private_status,
    publish,
    status,
)
from tests.testapp.models import ContentPage
from wagtail_kundenforum.models import Suggestion, SuggestionRelatedPage
from wagtail_kundenforum.status_changes import change_status

pytestmark = pytest.mark.django_db


def read(client, suggestion):
    response = client.get(suggestion.get_url())
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def content_page(slug, live=True):
    page = ContentPage(title=f"Seite {slug}", slug=slug)
    home = make_site()
    if live:
        return publish(home, page)
    page.live = False
    home.add_child(instance=page)
    return page


@pytest.fixture
def forum_with_report():
    forum = make_forum(1, title="Erstes Kundenforum", date=datetime.date(2011, 10, 12))
    report = make_report(make_index(), forum=forum, title="So war das erste Kundenforum")
    return forum, report


def test_page_shows_the_suggestion_in_full(client, forum_with_report):
    forum, report = forum_with_report
    suggestion = make_suggestion(
        forum,
        status="in-der-mache",
        title="Hotline wieder mit Festnetznummer",
        description="Die 0180-Nummer kostet Geld.\nEine Festnetznummer wäre fair.",
        original_wording="Bitte wieder eine normale Nummer!",
        topic=make_topic("kundenservice", name="Kundenservice"),
        answer=f'<p>Wir <b>stellen um</b>: <a linktype="page" id="{report.pk}">Bericht</a></p>',
    )
    soup = read(client, suggestion)

    assert soup.h1.get_text(strip=True) == "Hotline wieder mit Festnetznummer"
    assert soup.title.get_text(strip=True) == "Hotline wieder mit Festnetznummer"
    facts = soup.select_one(".kf-suggestion-page__facts").get_text(" ", strip=True)
    assert "Das ist in der Mache" in facts and "Kundenservice" in facts
    assert soup.select_one(".kf-status").get_text(strip=True) == "Das ist in der Mache"
    report_link = soup.find("a", string="Erstes Kundenforum")
    assert report_link["href"] == report.url
    description = soup.select_one(".kf-suggestion-page__description")
    assert "Die 0180-Nummer kostet Geld." in description.get_text()
    assert description.find("br")
    wording = soup.select_one(".kf-suggestion-page__wording").get_text(strip=True)
    assert wording == "Bitte wieder eine normale Nummer!"
    answer = soup.select_one(".kf-suggestion-page__answer")
    assert answer.b.get_text() == "stellen um"
    assert answer.a["href"] == report.url
    assert soup.select_one("article")["data-status"] == "in-der-mache"


def test_page_uses_the_sites_base_template(client, settings, forum_with_report):
    settings.KUNDENFORUM_BASE_TEMPLATE = "testapp/site_base.html"
    soup = read(client, make_suggestion(forum_with_report[0]))
    assert soup.body["id"] == "test-site-base"
    assert soup.find("link", type="application/atom+xml")["href"] == (
        "/kundenforum/feed/status-changes/"
    )


def test_headings_are_in_order(client, forum_with_report):
    suggestion = make_suggestion(
        forum_with_report[0],
        original_wording="Karte",
        answer="<p>Antwort</p>",
        status="geht-nicht",
        declined_reason="Geht rechtlich nicht.",
    )
    SuggestionRelatedPage.objects.create(suggestion=suggestion, page=content_page("mehr"))
    soup = read(client, suggestion)
    levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert len(levels) >= 5


def test_timeline_starts_at_the_forum_and_lists_public_changes(client, forum_with_report):
    suggestion = make_suggestion(forum_with_report[0])
    steps = [
        (private_status(), "Nur intern", datetime.date(2012, 1, 5)),
        (status("in-der-mache"), "Wir arbeiten daran", datetime.date(2012, 3, 1)),
        (status("umgesetzt"), "", datetime.date(2012, 11, 20)),
    ]
    for new_status, note, date in steps:
        change_status(suggestion, new_status, note=note, date=date)
    timeline = read(client, suggestion).select_one("ol.kf-timeline")

    items = timeline.find_all("li", recursive=False)
    assert [item.time["datetime"] for item in items] == [
        "2011-10-12",
        "2012-03-01",
        "2012-11-20",
    ]
    assert "Raised at forum 1" in items[0].get_text()
    assert [item.get("data-status") for item in items[1:]] == ["in-der-mache", "umgesetzt"]
    assert items[1].select_one(".kf-timeline__note").get_text() == "Wir arbeiten daran"
    assert "Intern" not in timeline.get_text()


def test_exists_links_the_service_page_and_address(client, forum_with_report):
    service = content_page("kundenportal")
    suggestion = make_suggestion(
        forum_with_report[0],
        status="gibt-es-schon",
        existing_service_page=service,
        existing_service_url="https://portal.example.org/zaehlerstand",
    )
    existing = read(client, suggestion).select_one(".kf-suggestion-page__existing")
    assert [a["href"] for a in existing.find_all("a")] == [
        service.url,
        "https://portal.example.org/zaehlerstand",
    ]


def test_exists_shows_no_unsafe_address_and_no_hidden_page(client, forum_with_report):
    suggestion = make_suggestion(
        forum_with_report[0],
        status="gibt-es-schon",
        existing_service_page=content_page("entwurf", live=False),
    )
    # Stored through code or an import, past the form's validation.
    Suggestion.objects.filter(pk=suggestion.pk).update(existing_service_url="javascript:alert(1)")
    soup = read(client, suggestion)
    assert soup.select_one(".kf-suggestion-page__existing") is None
    assert "javascript:" not in str(soup)


def test_declined_shows_the_reason(client, forum_with_report):
    suggestion = make_suggestion(
        forum_with_report[0], status="geht-nicht", declined_reason="Das verbietet das Gesetz."
    )
    reason = read(client, suggestion).select_one(".kf-suggestion-page__reason")
    assert reason.h2 and "Das verbietet das Gesetz." in reason.get_text()


def test_reason_of_another_kind_is_not_shown(client, forum_with_report):
    suggestion = make_suggestion(forum_with_report[0], declined_reason="Alter Grund")
    assert "Alter Grund" not in str(read(client, suggestion))


def test_only_live_public_related_pages_are_listed(client, forum_with_report):
    suggestion = make_suggestion(forum_with_report[0])
    shown = content_page("umgesetzt-bericht")
    restricted = content_page("nur-intern")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    for page in (shown, content_page("entwurf", live=False), restricted):
        SuggestionRelatedPage.objects.create(suggestion=suggestion, page=page)
    related = read(client, suggestion).select_one(".kf-suggestion-page__related")
    assert [(a.get_text(), a["href"]) for a in related.find_all("a")] == [
        ("Seite umgesetzt-bericht", shown.url)
    ]


def test_forum_without_report_is_named_without_link(client):
    suggestion = make_suggestion(make_forum(2, title="Zweites Forum"))
    facts = read(client, suggestion).select_one(".kf-suggestion-page__facts")
    assert "Zweites Forum" in facts.get_text()
    assert facts.find("a") is None


def test_live_content_is_shown_not_a_newer_draft(client, forum_with_report):
    suggestion = make_suggestion(forum_with_report[0], title="Veröffentlichter Titel")
    draft = suggestion.get_latest_revision_as_object()
    draft.title = "Geheimer Entwurf"
    draft.save_revision()
    html = client.get(suggestion.get_url()).content.decode()
    assert "Veröffentlichter Titel" in html and "Geheimer Entwurf" not in html


def test_unpublished_suggestions_are_not_found(client, forum_with_report):
    suggestion = make_suggestion(forum_with_report[0], live=False)
    assert client.get(suggestion.get_url()).status_code == 404


def test_suggestions_with_a_status_that_is_not_public_are_not_found(client, forum_with_report):
    suggestion = make_suggestion(forum_with_report[0])
    change_status(suggestion, private_status())
    assert client.get(suggestion.get_url()).status_code == 404


@pytest.mark.parametrize("pk", ["999999", "0", "9" * 30])
def test_unknown_ids_are_not_found(client, pk):
    make_site()
    assert client.get(f"/kundenforum/suggestions/{pk}/").status_code == 404


def test_only_get_and_head_are_allowed(client, forum_with_report):
    url = make_suggestion(forum_with_report[0]).get_url()
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def page_queries(client, suggestion):
    client.get(suggestion.get_url())  # warm the site and template caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(suggestion.get_url()).status_code == 200
    return len(queries)


def populate(forum, n, changes, related):
    for i in range(n):
        make_suggestion(forum, title=f"Vorschlag {i}")
    suggestion = make_suggestion(forum, answer="<p>Antwort</p>", topic=make_topic())
    for number, slug in enumerate(["in-der-mache", "in-pruefung"] * changes):
        change_status(suggestion, status(slug), note=f"Schritt {number}")
    for number in range(related):
        page = content_page(f"bezug-{n}-{number}")
        SuggestionRelatedPage.objects.create(suggestion=suggestion, page=page)
    return suggestion


def test_query_count_does_not_grow_with_suggestions_history_or_related_pages(
    client, forum_with_report
):
    forum = forum_with_report[0]
    few = page_queries(client, populate(forum, 3, changes=1, related=1))
    many = page_queries(client, populate(forum, 60, changes=10, related=8))
    assert few == many
