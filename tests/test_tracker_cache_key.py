"""The tracker's cache key holds every filter: a filter left out of it would serve the
cached answer of another query (the unfiltered one) to a filtered query."""

import dataclasses

import pytest

from wagtail_kundenforum.models import Forum, SuggestionStatus, SuggestionTopic
from wagtail_kundenforum.tracker.filters import FILTERS, NOT_FILTERS, TrackerQuery

# A value of each filter's field that differs from the unfiltered query's.
SAMPLES = {
    "statuses": lambda: [SuggestionStatus(slug="umgesetzt")],
    "forum": lambda: Forum(number=2),
    "topic": lambda: SuggestionTopic(slug="wasser"),
    "q": lambda: "Hotline",
}


def test_every_field_of_the_query_is_a_declared_filter():
    fields = {field.name for field in dataclasses.fields(TrackerQuery)}
    filters = {each.field for each in FILTERS}
    assert fields - set(NOT_FILTERS) == filters, (
        "A field of TrackerQuery is neither in FILTERS nor in NOT_FILTERS: declare it in "
        "FILTERS, or the cache would answer queries that differ in it with the same entry."
    )


@pytest.mark.parametrize("name", [each.field for each in FILTERS])
def test_each_filter_is_in_the_cache_key_and_the_query_string(name):
    assert name in SAMPLES, f"Add a sample value of the filter {name!r} to this test."
    filtered = TrackerQuery(**{name: SAMPLES[name]()})
    unfiltered = TrackerQuery()
    assert filtered.cache_parts() != unfiltered.cache_parts()
    assert filtered.params() != unfiltered.params()
    assert filtered.is_filtered and not unfiltered.is_filtered


def test_the_order_of_statuses_does_not_change_the_key():
    first, second = SuggestionStatus(slug="a"), SuggestionStatus(slug="b")
    one = TrackerQuery(statuses=[first, second]).cache_parts()
    assert one == TrackerQuery(statuses=[second, first]).cache_parts()
