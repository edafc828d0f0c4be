"""KUNDENFORUM_SEARCH_BACKEND: a site with Elasticsearch or OpenSearch lets the tracker and
the API search through Wagtail's search backend of that alias. Tested here with Wagtail's
database backend as the alias (no Elasticsearch on the test machines)."""

from urllib.parse import urlencode

import pytest
from django.test import override_settings

from tests.support.helpers import make_forum, make_tracker_page, status
from tests.test_search_german import tracker_titles
from wagtail_kundenforum.models import Suggestion

pytestmark = pytest.mark.django_db

API = "/kundenforum/api/suggestions/"
HOTLINE = "Hotline wieder mit Festnetznummer"
INDEX = override_settings(KUNDENFORUM_SEARCH_BACKEND="default")


@pytest.fixture
def hotline():
    # Saved through the ORM: Wagtail's signal handlers add it to the search index.
    return Suggestion.objects.create(
        title=HOTLINE,
        description="Nicht nur über eine teure Servicenummer.",
        forum=make_forum(1),
        status=status("in-pruefung"),
        live=True,
    )


def api_titles(client, text):
    response = client.get(f"{API}?{urlencode({'q': text})}")
    assert response.status_code == 200
    return [result["title"] for result in response.json()["results"]]


@INDEX
@pytest.mark.parametrize("text", ["Festnetznummer", "Festnetz", "Hotline Festn", "hotline"])
def test_the_backend_finds_whole_words_and_word_beginnings(client, hotline, text):
    assert api_titles(client, text) == [HOTLINE]
    assert tracker_titles(client, make_tracker_page().url, text) == [HOTLINE]


@INDEX
def test_the_backends_index_answers_not_the_database(client, hotline):
    # A change past the index (update() sends no signal) shows what the switch does: the
    # index still knows the old title, the built-in search reads the table.
    Suggestion.objects.filter(pk=hotline.pk).update(title="Bessere Erreichbarkeit")
    assert api_titles(client, "Hotline") == ["Bessere Erreichbarkeit"]
    assert api_titles(client, "Erreichbarkeit") == []
    with override_settings(KUNDENFORUM_SEARCH_BACKEND=None):
        assert api_titles(client, "Erreichbarkeit") == ["Bessere Erreichbarkeit"]
        assert api_titles(client, "Hotline") == []


@INDEX
def test_the_backend_finds_only_what_readers_may_see(client, hotline):
    Suggestion.objects.create(
        title="Hotline als Entwurf", forum=hotline.forum, status=status("umgesetzt"), live=False
    )
    assert api_titles(client, "Hotline") == [HOTLINE]


@override_settings(KUNDENFORUM_SEARCH_BACKEND="nicht-da")
def test_a_failing_backend_finds_nothing_rather_than_failing_the_page(client, hotline):
    assert api_titles(client, "Hotline") == []
