"""Render times and query counts through Django's test client, in interleaved rounds.

Each round requests every scenario once, so that a slow spell of a busy machine falls on
all scenarios alike; the median of the rounds is reported. Two rounds go first and are not
timed: the first compiles templates and fills Django's process-wide caches, the second
counts each scenario's queries (capturing queries costs time of its own).
"""

import statistics
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .content import COMMENT_COUNTS, SUGGESTION_COUNTS, TOPICS

API_URL = "/kundenforum/api/suggestions/"


@dataclass
class Scenario:
    id: str
    name: str
    url: str
    expect: str  # a piece of the answer that proves the content is there
    clear_cache: bool = False
    queries: int | None = None
    timings: list = None


def scenarios(site):
    """The floor first, then the reports, the tracker pages and the API, each cold and warm."""
    found = [Scenario("floor", "floor: bare Wagtail page", site.floor_url, "<main")]
    for count in COMMENT_COUNTS:
        url, expect = site.report_urls[count], f'data-count="{count}"'
        found += cold_and_warm(f"report-{count}", f"report, {count} comments", url, expect)
    for count in SUGGESTION_COUNTS:
        # The filtered view shows one status of one of the two forums: a tenth.
        views = (("default", count), ("filtered", count // 10))
        for (view, shown), url in zip(views, site.tracker_urls[count], strict=True):
            key, name = f"tracker-{count}-{view}", f"tracker {count:,}, {view}"
            found += cold_and_warm(key, name, url, f'data-count="{shown}"')
    total = sum(SUGGESTION_COUNTS)
    name, expect = f"API, page 1 of {total:,} suggestions", f'"count": {total}'
    found += cold_and_warm("api", name, API_URL, expect)
    return found + search_scenarios(site)


# A search of two words, one of them a topic's name: every word is looked for in every
# suggestion's text (see tracker/search.py). A search is never cached: cold only.
SEARCH = "Wasser Vorschlag"
SEARCH_TOPIC = "wasser"


def search_scenarios(site):
    """The tracker of 10,000 suggestions and the API over all of them, searched."""
    largest = max(SUGGESTION_COUNTS)
    query = f"?q={SEARCH.replace(' ', '+')}"
    tracker_url = site.tracker_urls[largest][0] + query
    name = f'search "{SEARCH}", tracker {largest:,}, cold'
    found = [Scenario("search-tracker-10000-cold", name, tracker_url, _count(largest), True)]
    total = sum(SUGGESTION_COUNTS)
    api = Scenario(
        "search-api-cold",
        f'search "{SEARCH}", API of {total:,} suggestions, cold',
        API_URL + query,
        f'"count": {sum(_matches(count) for count in SUGGESTION_COUNTS)}',
        clear_cache=True,
    )
    return [*found, api]


def _matches(count):
    """How many of ``count`` suggestions have the searched topic (they cycle through all)."""
    return len(range(TOPICS.index(SEARCH_TOPIC), count, len(TOPICS)))


def _count(count):
    return f'data-count="{_matches(count)}"'


def cold_and_warm(key, name, url, expect):
    """Cold: Django's cache cleared first. Warm: the same request right after it."""
    return [
        Scenario(f"{key}-cold", f"{name}, cold", url, expect, clear_cache=True),
        Scenario(f"{key}-warm", f"{name}, warm", url, expect),
    ]


def measure(site, rounds):
    """Rows of the table for every scenario, the floor first."""
    found = scenarios(site)
    for scenario in found:
        request(scenario, check=True)
    for scenario in found:
        with CaptureQueriesContext(connection) as captured:
            request(scenario)
        scenario.queries = len(captured)
    for scenario in found:
        scenario.timings = []
    for _round in range(rounds):
        for scenario in found:
            scenario.timings.append(request(scenario))
    return [row(scenario) for scenario in found]


def request(scenario, check=False):
    """One GET of the scenario (cache cleared first when it is a cold one); seconds taken."""
    client = Client()
    if scenario.clear_cache:
        cache.clear()
    started = time.perf_counter()
    response = client.get(scenario.url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{scenario.url} answered {response.status_code}")
    if check and scenario.expect not in response.content.decode():
        raise RuntimeError(f"{scenario.url} lacks {scenario.expect!r}: content missing?")
    return elapsed


def row(scenario):
    return {
        "id": scenario.id,
        "name": scenario.name,
        "median_ms": round(statistics.median(scenario.timings) * 1000, 2),
        "queries": scenario.queries,
    }
