"""What the tracker's pages and the JSON API say about values they do not use: a page
ignores them with a note, the API refuses them (400) and says so; no note echoes control
characters; two forums at once are not silently cut to one; and a POST to the API gets a
JSON 405, not Django's HTML page about CSRF. In English and in German."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from tests.support.helpers import make_forum, make_suggestion, make_topic, make_tracker_page

pytestmark = pytest.mark.django_db

API = "/kundenforum/api/suggestions/"
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def tracker():
    first, second = make_forum(1), make_forum(2)
    make_suggestion(first, title="Hotline mit Festnetznummer", topic=make_topic("strom"))
    make_suggestion(second, title="Busse abends öfter", status="umgesetzt")
    return make_tracker_page()


def api_errors(client, query, **headers):
    response = client.get(f"{API}?{query}", **headers)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def page_notes(client, page, query, **headers):
    response = client.get(f"{page.url}?{query}", **headers)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [note.get_text(strip=True) for note in soup.select(".kf-tracker .kf-note")], soup


# The API refuses; pages ignore.


@pytest.mark.parametrize(
    ("query", "param", "english", "german"),
    [
        (
            "status=gibts-nicht",
            "status",
            "Unknown status “gibts-nicht” refused.",
            "Unbekannter Status „gibts-nicht“ wurde abgelehnt.",
        ),
        (
            "forum=9",
            "forum",
            "Unknown forum “9” refused.",
            "Unbekanntes Forum „9“ wurde abgelehnt.",
        ),
        (
            "topic=wasser",
            "topic",
            "Unknown topic “wasser” refused.",
            "Unbekanntes Thema „wasser“ wurde abgelehnt.",
        ),
        (
            "q=" + "x" * 201,
            "q",
            "The search text is longer than 200 characters and was refused.",
            "Der Suchtext ist länger als 200 Zeichen und wurde abgelehnt.",
        ),
    ],
)
def test_the_api_says_it_refused_the_value(client, tracker, query, param, english, german):
    data = api_errors(client, query, **ENGLISH)
    assert data["invalid"] == {param: english}
    assert "refused" in data["error"] and "ignored" not in str(data)
    data = api_errors(client, query, **GERMAN)
    assert data["invalid"] == {param: german}
    assert "abgelehnt" in data["error"] and "ignoriert" not in str(data)


def test_pages_keep_saying_the_value_was_ignored(client, tracker):
    assert page_notes(client, tracker, "status=gibts-nicht", **ENGLISH)[0] == [
        "Unknown status “gibts-nicht” ignored."
    ]
    assert page_notes(client, tracker, "status=gibts-nicht", **GERMAN)[0] == [
        "Unbekannter Status „gibts-nicht“ wurde ignoriert."
    ]


# Characters that are not allowed.


def test_a_nul_in_the_search_is_called_what_it_is_not_too_long(client, tracker):
    english = "The search text contains characters that are not allowed and was ignored."
    german = "Der Suchtext enthält unzulässige Zeichen und wurde ignoriert."
    assert page_notes(client, tracker, "q=%00", **ENGLISH)[0] == [english]
    assert page_notes(client, tracker, "q=%00", **GERMAN)[0] == [german]
    assert api_errors(client, "q=a%00b", **ENGLISH)["invalid"] == {
        "q": "The search text contains characters that are not allowed and was refused."
    }
    assert api_errors(client, "q=a%00b", **GERMAN)["invalid"] == {
        "q": "Der Suchtext enthält unzulässige Zeichen und wurde abgelehnt."
    }


@pytest.mark.parametrize("raw", ["%00", "um%00gesetzt", "%1B%5B31m", "abc%E2%80%AEgpj.exe", "%7F"])
@pytest.mark.parametrize("param", ["status", "forum", "topic"])
def test_a_note_never_echoes_control_characters(client, tracker, param, raw):
    notes, soup = page_notes(client, tracker, f"{param}={raw}", **ENGLISH)
    noun = {"status": "status", "forum": "forum", "topic": "topic"}[param]
    assert notes == [f"The {noun} contains characters that are not allowed and was ignored."]
    html = str(soup)
    assert "\x00" not in html and "\x1b" not in html and "\u202e" not in html
    data = api_errors(client, f"{param}={raw}", **GERMAN)
    assert "unzulässige Zeichen" in data["invalid"][param]
    assert not any(char in str(data) for char in "\x00\x1b\u202e\x7f")


def test_the_german_note_on_a_nul_status(client, tracker):
    assert page_notes(client, tracker, "status=%00", **GERMAN)[0] == [
        "Der Status enthält unzulässige Zeichen und wurde ignoriert."
    ]


# One forum at a time.


def test_two_forums_on_a_page_are_ignored_with_a_note(client, tracker):
    notes, soup = page_notes(client, tracker, "forum=1&forum=2", **ENGLISH)
    assert notes == ["Only one forum can be chosen at a time; the forum filter was ignored."]
    titles = {item.a.get_text(strip=True) for item in soup.select(".kf-suggestion")}
    assert titles == {"Hotline mit Festnetznummer", "Busse abends öfter"}  # no forum guessed
    notes, _soup = page_notes(client, tracker, "forum=1&forum=2", **GERMAN)
    assert notes == [
        "Sie können nur ein Forum auf einmal wählen; die Auswahl des Forums wurde ignoriert."
    ]


def test_two_forums_in_the_api_are_refused(client, tracker):
    assert api_errors(client, "forum=1&forum=2", **ENGLISH)["invalid"] == {
        "forum": "Only one forum can be chosen at a time; the values were refused."
    }
    assert api_errors(client, "forum=2&forum=1", **GERMAN)["invalid"] == {
        "forum": "Es kann nur ein Forum auf einmal gewählt werden; die Werte wurden abgelehnt."
    }


def test_two_topics_are_refused_too(client, tracker):
    assert set(api_errors(client, "topic=strom&topic=gas")["invalid"]) == {"topic"}


def test_the_same_forum_twice_is_one_forum(client, tracker):
    response = client.get(f"{API}?forum=2&forum=2")
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["results"]] == ["Busse abends öfter"]


# Methods.


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_the_api_answers_other_methods_with_a_json_405_even_without_a_csrf_token(method):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(API, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == "GET, HEAD"
    assert response.json() == {
        "error": f"This address only answers GET and HEAD; {method.upper()} was refused."
    }


def test_the_405_in_german():
    client = Client(enforce_csrf_checks=True)
    response = client.post(API, {"title": "x"}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 405
    assert response.json() == {
        "error": "Diese Adresse beantwortet nur GET und HEAD; POST wurde abgelehnt."
    }
