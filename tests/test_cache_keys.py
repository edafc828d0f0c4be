"""Every part that a cached output depends on is in its key (``caching.variant``).

Each test asks for the same output twice, the second time with one part changed, from a
warm cache: left out of the key, the part would serve the first reader's output to the
second, and the test fails.
"""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from tests.support.helpers import (
    make_comment,
    make_forum,
    make_index,
    make_report,
    make_suggestion,
    make_tracker_page,
    tracker_block,
)
from wagtail_kundenforum import caching
from wagtail_kundenforum.models import KundenforumSettings, ReaderComment

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def comment_list(client, report, query="", **headers):
    return soup(client.get(report.url + query, **headers)).select_one(".kf-comments")


@pytest.fixture
def report():
    report = make_report(make_index())
    make_comment(report, text="Erster Kommentar")
    return report


def site_settings(report):
    return KundenforumSettings.for_site(report.get_site())


def test_the_language_is_part_of_the_key(client, report):
    english = comment_list(client, report, HTTP_ACCEPT_LANGUAGE="en")
    assert "Reply" in english.select_one(".kf-comment__reply").text
    german = comment_list(client, report, HTTP_ACCEPT_LANGUAGE="de")
    assert "Antworten" in german.select_one(".kf-comment__reply").text


def test_the_time_zone_is_part_of_the_key(client, report):
    berlin = comment_list(client, report).select_one(".kf-comment__date").text
    with timezone.override("America/New_York"):
        new_york = comment_list(client, report).select_one(".kf-comment__date").text
    assert berlin != new_york


def test_the_host_is_part_of_the_key(client):
    make_suggestion(make_forum(), title="Hotline mit Festnetznummer")
    url = reverse("wagtail_kundenforum:suggestion_api")
    first = json.loads(client.get(url, HTTP_HOST="stadtwerke.example").content)
    second = json.loads(client.get(url, HTTP_HOST="kundenforum.example").content)
    assert first["results"][0]["url"].startswith("http://stadtwerke.example/")
    assert second["results"][0]["url"].startswith("http://kundenforum.example/")


def test_comments_open_or_closed_is_part_of_the_key(client, report):
    assert comment_list(client, report).select(".kf-comment__reply")
    settings = site_settings(report)
    settings.comments_open = False
    settings.save()
    assert comment_list(client, report).select(".kf-comment__reply") == []


def test_the_official_reply_label_is_part_of_the_key(client, report):
    make_comment(report, n=2, text="Antwort", is_official=True)
    before = comment_list(client, report).select_one(".kf-comment__badge").text
    settings = site_settings(report)
    settings.official_reply_label = "Antwort Ihrer Stadtwerke Musterstadt"
    settings.save()
    after = comment_list(client, report).select_one(".kf-comment__badge").text
    assert before != after == "Antwort Ihrer Stadtwerke Musterstadt"


def test_the_comment_page_is_part_of_the_key(client, report):
    for n in range(2, report.comments_per_page + 2):
        make_comment(report, n=n, text=f"Kommentar {n}")
    first = comment_list(client, report).select(".kf-comment__text")
    second = comment_list(client, report, "?comments_page=2").select(".kf-comment__text")
    assert [text.text for text in second] == [f"Kommentar {report.comments_per_page + 1}"]
    assert len(first) == report.comments_per_page


def test_the_tracker_block_and_its_page_are_part_of_the_key(client):
    forum = make_forum()
    make_suggestion(forum, title="Hotline mit Festnetznummer")
    by_status = make_tracker_page()
    titles = soup(client.get(by_status.url)).select(".kf-tracker-group")
    by_forum = make_tracker_page(tracker_block(group_by="forum"), slug="nach-forum")
    groups = soup(client.get(by_forum.url)).select(".kf-tracker-group")
    assert titles[0]["data-group"] == "in-pruefung"
    assert groups[0]["data-group"] == str(forum.number)


def test_the_apps_version_is_part_of_the_key(client, report, monkeypatch):
    assert "Erster Kommentar" in comment_list(client, report).text
    ReaderComment.objects.update(text="Nach dem Update")  # no signal: the cache keeps it
    assert "Erster Kommentar" in comment_list(client, report).text
    monkeypatch.setattr(caching, "__version__", "99.0")  # a deploy of a new release
    assert "Nach dem Update" in comment_list(client, report).text


def test_the_variant_names_every_common_part(rf):
    request = rf.get("/", HTTP_HOST="stadtwerke.example")
    parts = dict(caching.variant(request, page=2))
    assert set(parts) == {"app", "release", "language", "timezone", "origin", "page"}
    assert parts["origin"] == "http://stadtwerke.example"


def test_the_sites_release_is_part_of_the_key(client, report, settings):
    assert "Erster Kommentar" in comment_list(client, report).text
    ReaderComment.objects.update(text="Nach dem Update")  # no signal: the cache keeps it
    settings.KUNDENFORUM_CACHE_RELEASE = "2027-01-15"  # a deploy of changed templates
    assert "Nach dem Update" in comment_list(client, report).text
