"""Thousands of generated query strings against the JSON API, a page with the tracker block and
a suggestion's page: repeated, odd, unicode, NUL, huge and undecodable values, and parameters
nobody knows. Never a server error; the API's errors are JSON; valid filters count alike."""

import json
from urllib.parse import quote, urlencode

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.support.fuzzing import examples
from tests.support.helpers import make_tracker_page
from tests.test_suggestion_api import API, STATUSES, populate_tracker
from wagtail_kundenforum.models import Suggestion

FILTERS = ["status", "forum", "topic", "q", "page"]
CHECKS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


ODD = [
    *["", " ", "0", "1", "01", " 1 ", "-1", "1.0", "1e3", "٣", "²", "NaN", "null", "[]"],
    *["umgesetzt", "UMGESETZT", "intern", "strom", "bus", "1\x00", "\x00", "a\x00b"],
    *["<script>alert(1)</script>", "' OR 1=1 --", "%", "%00", "../../", "\u202e\ufeff"],
]
SEARCHES = [None, "", "Hotline", "  hotline  festnetznummer ", "Rechnung", "abends"]


def encoded(text):
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


odd_values = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=40),
    st.integers(-(10**30), 10**30).map(str),
    st.integers(150, 12_000).map(lambda n: "ä" * n),
    st.text(alphabet="x ", min_size=195, max_size=205),
).map(encoded)
# Bytes that are not UTF-8 at all.
raw_values = st.binary(max_size=30).map(lambda data: quote(data, safe=""))
names = st.one_of(
    st.sampled_from(FILTERS), st.sampled_from(FILTERS).map(str.upper), st.text(max_size=12)
).map(encoded)
pairs = st.tuples(names, st.one_of(odd_values, raw_values))
query_strings = st.one_of(
    st.lists(pairs, max_size=8).map(lambda ps: "&".join(f"{n}={v}" for n, v in ps)),
    st.text(alphabet="&=%;+?statuspge0x", max_size=30),
)


class GeneratedQueryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        populate_tracker()
        cls.page_url = make_tracker_page().url
        cls.suggestion_ids = list(Suggestion.objects.values_list("pk", flat=True))

    @settings(CHECKS, max_examples=examples(1000))
    @given(query=query_strings)
    def test_api_answers_json_200_or_400(self, query):
        response = self.client.get(f"{API}?{query}")
        self.assertIn(response.status_code, {200, 400})
        data = json.loads(response.content)
        if response.status_code == 400:
            self.assertTrue(set(data["invalid"]) <= set(FILTERS) and data["invalid"])
        else:
            self.assertIsInstance(data["count"], int)

    @settings(CHECKS, max_examples=examples(500))
    @given(query=query_strings)
    def test_tracker_block_page_always_renders(self, query):
        response = self.client.get(f"{self.page_url}?{query}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(b'class="kf-tracker"', response.content)

    @settings(CHECKS, max_examples=examples(500))
    @given(
        pk=st.one_of(st.sampled_from([0, 1, 10**9, 2**63, 10**25]), st.integers(0, 10**30)),
        known=st.booleans(),
        query=query_strings,
    )
    def test_suggestion_page_is_found_or_not_found(self, pk, known, query):
        pk = self.suggestion_ids[pk % len(self.suggestion_ids)] if known else pk
        response = self.client.get(f"/kundenforum/suggestions/{pk}/?{query}")
        self.assertIn(response.status_code, {200, 404})


class GeneratedFilterTests(TestCase):
    """Any valid combination of filters: the block shows the count that the API gives."""

    @classmethod
    def setUpTestData(cls):
        populate_tracker()
        cls.page_url = make_tracker_page().url

    @settings(CHECKS, max_examples=examples(150))
    @given(
        statuses=st.lists(st.sampled_from(STATUSES), max_size=6),
        forum=st.sampled_from([None, "1", "2", "3", " 2 "]),
        topic=st.sampled_from([None, "", "strom", "gas", "bus"]),
        q=st.sampled_from(SEARCHES),
        page=st.sampled_from([None, "", "1"]),
    )
    def test_block_and_api_count_alike(self, statuses, forum, topic, q, page):
        params = [("status", slug) for slug in statuses]
        for name, value in (("forum", forum), ("topic", topic), ("q", q), ("page", page)):
            if value is not None:
                params.append((name, value))
        query = urlencode(params)
        api = self.client.get(f"{API}?{query}")
        self.assertEqual(api.status_code, 200, api.content)
        soup = BeautifulSoup(self.client.get(f"{self.page_url}?{query}").content, "html.parser")
        self.assertEqual(int(soup.select_one(".kf-tracker")["data-count"]), api.json()["count"])
