"""A bounded cache: junk query strings cost a build each, never an entry each.

Only canonical, valid requests are cached: an ignored filter is not part of the key, a page
number written otherwise than the lists' links write it, a page past the last, a free-text
search and an answer of 400 are not cached. The reliability suite sends 10,000 junk
queries to the production server; here a few hundred show the rule on every view.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.support.helpers import make_comment, make_forum, make_index, make_report, make_suggestion
from tests.support.helpers import make_tracker_page as tracker_page
from tests.support.junk import junk_paths

pytestmark = pytest.mark.django_db

JUNK_PER_VIEW = 150


def app_entries():
    """The app's entries in the local memory cache (rate-limit counters left out)."""
    return [key for key in cache._cache if ":kundenforum:" in key and ":rate:" not in key]


def assert_bounded(client, url, names):
    client.get(url)  # the canonical view: cached once
    before = len(app_entries())
    for path in junk_paths([(url, names)], JUNK_PER_VIEW):
        response = client.get(path)
        assert response.status_code in (200, 400), path
    assert len(app_entries()) == before


def test_junk_comment_pages_add_no_entries(client):
    report = make_report(make_index())
    make_comment(report, text="Erster Kommentar")
    assert_bounded(client, report.url, ["comments_page", "reply_to", "kf_comment"])


def test_junk_tracker_queries_add_no_entries(client):
    make_suggestion(make_forum(), title="Hotline mit Festnetznummer")
    assert_bounded(client, tracker_page().url, ["page", "q", "status", "forum", "topic"])


def test_junk_api_queries_add_no_entries(client):
    make_suggestion(make_forum(), title="Hotline mit Festnetznummer")
    url = reverse("wagtail_kundenforum:suggestion_api")
    assert_bounded(client, url, ["page", "q", "status", "forum", "topic"])


def test_valid_variants_are_cached_once_each(client):
    """The bound: one entry per valid filter combination and page, whatever the order."""
    forum = make_forum()
    make_suggestion(forum, title="Hotline mit Festnetznummer", status="umgesetzt")
    url = reverse("wagtail_kundenforum:suggestion_api")
    client.get(url)
    before = len(app_entries())
    client.get(url + "?status=umgesetzt&status=in-pruefung")
    client.get(url + "?status=in-pruefung&status=umgesetzt")
    client.get(url + "?status=umgesetzt&status=in-pruefung&status=umgesetzt&page=1")
    assert len(app_entries()) == before + 1
