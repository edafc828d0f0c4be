"""Editors manage forums as snippets: list, filter, search, export; the data stays consistent."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.support.helpers import make_forum
from wagtail_kundenforum.models import Forum

pytestmark = pytest.mark.django_db


@pytest.fixture
def forums(django_capture_on_commit_callbacks):
    # The search index is updated on commit.
    with django_capture_on_commit_callbacks(execute=True):
        return [
            make_forum(1, title="Erstes Forum", place="Rathaus", method="world_cafe"),
            make_forum(
                2, title="Zweites Forum", place="Kundenzentrum", method="dynamic_facilitation"
            ),
        ]


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


LIST_URL = "wagtailsnippets_wagtail_kundenforum_forum:list"


def test_admin_lists_forums_newest_first(editor_client, forums):
    html = editor_client.get(reverse(LIST_URL)).content.decode()
    assert html.index("Zweites Forum") < html.index("Erstes Forum")
    assert "Dynamic Facilitation" in html


def test_admin_filters_forums_by_method(editor_client, forums):
    html = editor_client.get(reverse(LIST_URL), {"method": "world_cafe"}).content.decode()
    assert "Erstes Forum" in html and "Zweites Forum" not in html


def test_admin_searches_forums(editor_client, forums):
    html = editor_client.get(reverse(LIST_URL), {"q": "Kundenzentrum"}).content.decode()
    assert "Zweites Forum" in html and "Erstes Forum" not in html


def test_admin_exports_forums_as_csv(editor_client, forums):
    response = editor_client.get(reverse(LIST_URL), {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [row["Title"] for row in rows] == ["Zweites Forum", "Erstes Forum"]


def test_admin_creates_a_forum(editor_client):
    url = reverse("wagtailsnippets_wagtail_kundenforum_forum:add")
    response = editor_client.post(
        url,
        {
            "number": 3,
            "date": "2013-11-06",
            "title": "Drittes Forum",
            "place": "",
            "method": "open_space",
            "participants": 18,
            "returning_participants": 9,
            "suggestions_discussed": "",
        },
    )
    assert response.status_code == 302
    assert Forum.objects.get(number=3).method == "open_space"


def test_the_admin_explains_more_returning_than_participants(editor_client):
    url = reverse("wagtailsnippets_wagtail_kundenforum_forum:add")
    data = {
        "number": 3,
        "date": "2013-11-06",
        "title": "Drittes Forum",
        "method": "other",
        "participants": 5,
        "returning_participants": 9,
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "cannot be more returning participants than participants" in response.content.decode()
    assert not Forum.objects.filter(number=3).exists()


def test_the_database_refuses_more_returning_than_participants():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_forum(1, participants=5, returning_participants=9)


def test_forum_numbers_are_unique(forums):
    with pytest.raises(ValidationError):
        Forum(number=1, title="Doppelt", date=forums[0].date).full_clean()


def test_forum_reads_as_its_title_when_that_names_its_number(forums):
    assert str(forums[1]) == "Zweites Forum"
