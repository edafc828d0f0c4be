"""Readers posting comments at once against both worker processes: a double-click storm
stores one comment, and a thousand different comments are all stored, none twice.

Rate limit off (the shared server): these tests are about storing, not flood defence.
"""

import threading
import time
import uuid

from reliability import database
from reliability.client import (
    READER_NETWORK,
    comment_form,
    outcome,
    reader_with_form,
    run_together,
)

ROUNDS = 20
TWINS = 50
DISTINCT_POSTS = 1000
POSTING_THREADS = 16
POSTING_SECONDS = 120  # the run stops by itself after this, whatever is left


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


def server_failures(counts):
    return {"server_errors": counts["server_errors"], "no_answer": counts["no_answer"]}
