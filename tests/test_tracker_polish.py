"""Finding one's way: the tracker shows where its status feed is, the app's own pages announce
it in their head, and a suggestion's page links back to the tracker (the site setting) and
describes itself for search engines."""

import pytest
from bs4 import BeautifulSoup

from tests.support.helpers import make_forum, make_site, make_suggestion, make_tracker_page
from wagtail_kundenforum.models import KundenforumSettings

pytestmark = pytest.mark.django_db

FEED = "/kundenforum/feed/status-changes/"
ATOM = '[rel=alternate][type="application/atom+xml"]'


def read(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def suggestion():
    return make_suggestion(
        make_forum(3, title="Drittes Kundenforum"),
        description="Die 0180-Nummer kostet Geld.\n\nEine   Festnetznummer wäre fair, "
        + "und zwar für alle Kundinnen und Kunden der Stadtwerke. " * 5,
    )


def set_tracker_page(page):
    settings = KundenforumSettings.for_site(make_site().get_site())
    settings.tracker_page = page
    settings.save()


def test_the_tracker_shows_a_link_to_the_status_feed(client, suggestion):
    page = make_tracker_page()
    soup = read(client, page.url)
    link = soup.select_one(".kf-tracker a.kf-tracker__feed")
    assert link["href"] == FEED and link["type"] == "application/atom+xml"
    assert link.get_text(strip=True) == "All status changes as a feed (Atom)"
    german = read(client, page.url, HTTP_ACCEPT_LANGUAGE="de")
    assert german.select_one(".kf-tracker__feed").get_text(strip=True) == (
        "Alle Statusänderungen als Feed (Atom)"
    )
    assert client.get(link["href"]).status_code == 200


def test_a_suggestions_page_announces_the_feed_in_its_head(client, suggestion):
    soup = read(client, suggestion.get_url())
    assert soup.head.select_one(f"link{ATOM}")["href"] == FEED


def test_a_suggestions_page_has_a_plain_short_meta_description(client, suggestion):
    soup = read(client, suggestion.get_url())
    content = soup.head.select_one("meta[name=description]")["content"]
    assert content.startswith("Die 0180-Nummer kostet Geld. Eine Festnetznummer wäre fair,")
    assert "\n" not in content and "  " not in content
    assert len(content) <= 160 and content.endswith("…")


def test_a_suggestion_without_description_has_no_empty_meta_description(client):
    suggestion = make_suggestion(make_forum(1), description="")
    assert read(client, suggestion.get_url()).select_one("meta[name=description]") is None


def test_a_suggestions_page_links_back_to_the_sites_tracker(client, suggestion):
    tracker = make_tracker_page()
    set_tracker_page(tracker)
    soup = read(client, suggestion.get_url())
    back = soup.select_one(".kf-suggestion-page__back a")
    assert back["href"] == tracker.url
    assert back.get_text(strip=True) == "Back to all suggestions"
    german = read(client, suggestion.get_url(), HTTP_ACCEPT_LANGUAGE="de")
    assert german.select_one(".kf-suggestion-page__back a").get_text(strip=True) == (
        "Zurück zu allen Vorschlägen"
    )


def test_without_a_tracker_page_it_links_the_forums_complete_list(client, suggestion):
    soup = read(client, suggestion.get_url())
    back = soup.select_one(".kf-suggestion-page__back a")
    assert back["href"] == "/kundenforum/suggestions/handout/?forum=3"
    listed = read(client, back["href"])
    assert suggestion.title in listed.select_one(".kf-handout").get_text()


def test_an_unpublished_tracker_page_is_not_linked(client, suggestion):
    tracker = make_tracker_page()
    set_tracker_page(tracker)
    tracker.unpublish()
    back = read(client, suggestion.get_url()).select_one(".kf-suggestion-page__back a")
    assert back["href"].startswith("/kundenforum/suggestions/handout/")
