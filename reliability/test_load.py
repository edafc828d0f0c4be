"""Sustained reading load: 16 connections for a minute against a report page, the tracker
and the JSON API, round-robin. Every answer must be 200; throughput and latency are measured
and written to results.json, not asserted (timings on a shared machine are noisy; the
target is a p99 under 500 ms).

``RELIABILITY_LOAD_SECONDS`` shortens the run for a quick local check (default 60).
"""

import os
import statistics
import threading
import time
from collections import Counter

from reliability.client import Browser

CONNECTIONS = 16
LOAD_SECONDS = float(os.environ.get("RELIABILITY_LOAD_SECONDS", 60))
TRACKER = "/vorschlaege/"
API = "/kundenforum/api/suggestions/"
P99_TARGET_MS = 500


def read_until(deadline, port, paths, offset):
    """(status, seconds) of the requests one connection makes until ``deadline``."""
    browser = Browser(port)
    results = []
    while time.monotonic() < deadline:
        answer = browser.request("GET", paths[(offset + len(results)) % len(paths)])
        results.append((answer.status, answer.seconds))
    return results


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def test_a_minute_of_reading_load_is_served_without_errors(shared_server, report, figures):
    paths = [report.path, TRACKER, API]
    errors_logged = shared_server.server_errors_logged()
    deadline = time.monotonic() + LOAD_SECONDS
    results, lock = [], threading.Lock()

    def connection(offset):
        mine = read_until(deadline, shared_server.port, paths, offset)
        with lock:
            results.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=connection, args=(n,)) for n in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started

    statuses = Counter(status for status, _ in results)
    latencies_ms = [latency * 1000 for _, latency in results]
    figures(
        seconds=round(seconds, 1),
        connections=CONNECTIONS,
        requests=len(results),
        requests_per_s=round(len(results) / seconds, 1),
        median_ms=round(statistics.median(latencies_ms), 1),
        p99_ms=round(percentile(latencies_ms, 0.99), 1),
        p99_target_ms=P99_TARGET_MS,
        statuses={str(status): count for status, count in statuses.items()},
    )
    assert results
    assert statuses == {200: len(results)}, shared_server.last_server_error()
    assert shared_server.server_errors_logged() == errors_logged
