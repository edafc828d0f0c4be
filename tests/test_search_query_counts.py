"""A search costs as many queries with few suggestions as with many: the tracker block (its
groups numbered by rank, and a single list) and the API, each asked with ``q``."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests import test_query_counts
from tests.support.helpers import make_tracker_page, tracker_block
from tests.test_query_counts import (
    SMALL_SUGGESTIONS,
    add_suggestions,
    cold_get,
    grow_suggestions,
    html_of,
    matching,
)

pytestmark = pytest.mark.django_db

forums = test_query_counts.forums  # the same two forums, topics and report

# Every title holds "Vorschlag", every forum's title "Forum": the small data set has
# matches in several groups as the large one has (one group alone is listed, not grouped).
SEARCHES = {
    "one word": "Vorschlag",
    "two words, a title's and a forum's": "Vorschlag Forum",
}


def assert_flat(client, url, grow):
    client.get(url)  # warms process-wide caches (and, on PostgreSQL, asks for pg_trgm)
    _response, small = cold_get(client, url)
    grow()
    response, large = cold_get(client, url)
    assert len(large) == len(small), f"{len(small)} queries with few, {len(large)} with many"
    return response


@pytest.mark.parametrize("grouped", [True, False], ids=["groups", "one list"])
@pytest.mark.parametrize("search", SEARCHES)
def test_tracker_search_queries_do_not_grow_with_suggestions(client, forums, search, grouped):
    add_suggestions(forums, SMALL_SUGGESTIONS)
    page = make_tracker_page(tracker_block())
    params = (
        {"q": SEARCHES[search]} if grouped else {"q": SEARCHES[search], "status": "in-pruefung"}
    )
    filters = {} if grouped else {"status": "in-pruefung"}
    url = f"{page.url}?{urlencode(params)}"

    tracker = html_of(assert_flat(client, url, grow_suggestions(forums))).select_one(".kf-tracker")
    assert tracker["data-count"] == str(matching(**filters)) != "0"


@pytest.mark.parametrize("search", SEARCHES)
def test_api_search_queries_do_not_grow_with_suggestions(client, forums, search):
    add_suggestions(forums, SMALL_SUGGESTIONS)
    url = f"{reverse('wagtail_kundenforum:suggestion_api')}?{urlencode({'q': SEARCHES[search]})}"

    data = assert_flat(client, url, grow_suggestions(forums)).json()
    assert data["count"] == matching()
