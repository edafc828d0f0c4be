"""Readers posting comments at once against both worker processes: a double-click storm
stores one comment, and a thousand different comments are all stored, none twice.

Rate limit off (the shared server), forms signed by the suite: these tests are about
storing, not flood defence. One reader takes the real path once, with every defence on.
"""

import threading
import time
import uuid

from reliability import database
from reliability.client import (
    READER_NETWORK,
    Browser,
    as_a_reader_fills_it,
    comment_form,
    comment_form_on,
    outcome,
    reader_with_form,
    run_together,
    wait_clear_of_window_edge,
)

ROUNDS = 20
TWINS = 50
DISTINCT_POSTS = 1000
POSTING_THREADS = 16
POSTING_SECONDS = 120  # the run stops by itself after this, whatever is left
# The app's defaults (conf.py): one comment per 15 s and ten per hour from one address, and
# at least 3 s between loading the form and sending it.
DEFAULT_RATE_LIMITS = "[[1, 15], [10, 3600]]"
SHORTEST_WINDOW_SECONDS = 15
MIN_SUBMIT_SECONDS = 3
# A reader of this test's own (the rate limit counts per address), in the proxy's network.
OWN_READER_ADDRESS = "203.0.113.42"


def test_identical_concurrent_posts_store_one_comment_each(
    shared_server, report, secret_key, figures
):
    marker = uuid.uuid4().hex
    errors_logged = shared_server.server_errors_logged()
    reader = reader_with_form(shared_server.port, report.path)
    answers = []
    for round_number in range(ROUNDS):
        text = f"Bitte den Fahrplan am Wochenende verdichten. Runde {round_number} {marker}"
        form = comment_form(report.page_id, secret_key, text)
        # The same reader's browser sending the same comment 50 times at the same instant.
        answers += run_together([lambda form=form: reader.post(report.path, form)] * TWINS)

    counts = outcome(answers)
    stored = database.count_comments(marker)
    figures(rounds=ROUNDS, posts=counts["posts"], rows=stored, **server_failures(counts))
    assert counts["server_errors"] == 0, shared_server.last_server_error()
    assert counts["accepted"] == ROUNDS * TWINS  # a twin that lost the race is told "thanks"
    assert stored == ROUNDS
    assert shared_server.server_errors_logged() == errors_logged
    assert not database.incomplete(
        database.comments_containing(marker), report.page_id, READER_NETWORK
    )


def test_a_thousand_distinct_posts_from_sixteen_threads_are_all_stored(
    shared_server, report, secret_key, figures
):
    marker = uuid.uuid4().hex
    errors_logged = shared_server.server_errors_logged()
    readers = [reader_with_form(shared_server.port, report.path) for _ in range(POSTING_THREADS)]
    answers, lock = [], threading.Lock()
    stop_at = time.monotonic() + POSTING_SECONDS

    def post_share(first, reader):
        for n in range(first, DISTINCT_POSTS, POSTING_THREADS):
            if time.monotonic() > stop_at:
                return
            text = f"Kommentar {n}: mehr Ladesäulen am Bahnhof. {marker}"
            answer = reader.post(report.path, comment_form(report.page_id, secret_key, text))
            with lock:
                answers.append(answer)

    started = time.perf_counter()
    run_together([lambda i=i: post_share(i, readers[i]) for i in range(POSTING_THREADS)])
    seconds = time.perf_counter() - started

    counts = outcome(answers)
    stored = database.count_comments(marker)
    figures(
        posts=counts["posts"],
        rows=stored,
        seconds=round(seconds, 1),
        posts_per_s=round(counts["accepted"] / seconds, 1),
        **server_failures(counts),
    )
    assert counts["server_errors"] == 0, shared_server.last_server_error()
    assert counts["accepted"] == DISTINCT_POSTS
    assert stored == DISTINCT_POSTS
    assert shared_server.server_errors_logged() == errors_logged


def test_a_reader_who_loads_the_form_and_takes_time_to_write_is_stored(
    start_server, report, figures
):
    """The way a reader's browser goes, with every defence on: load the page (CSRF cookie,
    the form's hidden fields with the signed time stamp), fill it in, send it once the time
    trap has passed. Nothing is signed or filled in by the suite."""
    server = start_server(
        KUNDENFORUM_RATE_LIMITS=DEFAULT_RATE_LIMITS,
        KUNDENFORUM_MIN_SUBMIT_SECONDS=str(MIN_SUBMIT_SECONDS),
    )
    marker = uuid.uuid4().hex
    browser = Browser(server.port, reader_address=OWN_READER_ADDRESS)
    page = browser.get(report.path)
    loaded = time.monotonic()
    fields = comment_form_on(page.body)
    typed = {"name": "Erika Leserin", "email": "erika@example.org"}

    def written(text):
        return as_a_reader_fills_it(fields, {**typed, "text": text}, ticked={"consent"})

    too_soon = browser.post(report.path, written(f"Gleich abgeschickt. {marker}"))
    time.sleep(max(0.0, loaded + MIN_SUBMIT_SECONDS + 1 - time.monotonic()))
    wait_clear_of_window_edge(SHORTEST_WINDOW_SECONDS, margin_seconds=5)
    sent = browser.post(report.path, written(f"In Ruhe geschrieben. {marker}"))
    next_one = browser.post(report.path, written(f"Gleich noch einer. {marker}"))

    comments = database.comments_containing(marker)
    figures(
        page=page.status,
        too_soon=too_soon.status,
        sent=sent.status,
        next_one=next_one.status,
        rows=len(comments),
    )
    assert page.status == 200 and "csrftoken" in browser.cookies
    # The defences are live in this run: the time trap refuses a form sent at once (the
    # text kept), and the rate limit the reader's second comment within 15 s.
    assert too_soon.status == 400 and marker in too_soon.body
    assert sent.accepted, sent.status
    assert next_one.status == 429 and marker in next_one.body
    assert [row[3] for row in comments] == [f"In Ruhe geschrieben. {marker}"]
    assert not database.incomplete(comments, report.page_id, READER_NETWORK)
    assert server.server_errors_logged() == 0


def server_failures(counts):
    return {"server_errors": counts["server_errors"], "no_answer": counts["no_answer"]}
