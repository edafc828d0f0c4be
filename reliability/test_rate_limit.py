"""The comment rate limit holds across both worker processes (its counters are in Redis),
counts the reader's real address as the trusted proxy tells it, and cannot be dodged by
forging proxy headers.
"""

import random
import uuid

from reliability import database
from reliability.client import (
    READER_NETWORK,
    Browser,
    comment_form,
    outcome,
    reader_with_form,
    run_together,
    wait_clear_of_window_edge,
)

LIMIT = 5
WINDOW_SECONDS = 3600
SIMULTANEOUS_POSTS = 40
RATE_LIMITED = 429


def forged_address():
    """Whatever a reader might claim in X-Forwarded-For: a different one on every post."""
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


def test_the_rate_limit_holds_across_workers_for_the_address_the_proxy_saw(
    start_server, report, secret_key, figures
):
    server = start_server(KUNDENFORUM_RATE_LIMITS=f"[[{LIMIT}, {WINDOW_SECONDS}]]")
    marker = uuid.uuid4().hex
    reader = reader_with_form(server.port, report.path)
    forms = [
        comment_form(report.page_id, secret_key, f"Frage {n} zum Wassertarif. {marker}")
        for n in range(SIMULTANEOUS_POSTS)
    ]
    wait_clear_of_window_edge(WINDOW_SECONDS)

    # The reader claims another address each time; the proxy appends the one it saw.
    answers = run_together(
        [
            lambda form=form: reader.post(report.path, form, {"X-Forwarded-For": forged_address()})
            for form in forms
        ]
    )

    counts = outcome(answers)
    limited = [answer for answer in answers if answer.status == RATE_LIMITED]
    stored = database.count_comments(marker)
    figures(limit=LIMIT, posts=SIMULTANEOUS_POSTS, rows=stored, rate_limited=len(limited))
    assert counts["accepted"] == LIMIT
    assert len(limited) == SIMULTANEOUS_POSTS - LIMIT
    assert stored == LIMIT
    # Stored with the address the proxy saw, never the claimed one.
    comments = database.comments_containing(marker)
    assert not database.incomplete(comments, report.page_id, READER_NETWORK)
    # Refused with the form again, the reader's text kept for sending later.
    assert all("kf-comment-form" in answer.body and marker in answer.body for answer in limited)


def test_a_direct_client_forging_proxy_headers_gains_nothing(
    shared_server, report, secret_key, figures
):
    server = shared_server
    marker = uuid.uuid4().hex
    # A client that reaches gunicorn without the proxy, claiming HTTPS and someone's address.
    # It holds all a post needs (a CSRF cookie and token from a page it loaded through the
    # proxy, as anyone may, and a valid signed form): were the claim believed, it would be
    # stored.
    through_proxy = reader_with_form(server.port, report.path)
    direct = Browser(server.port, via_proxy=False)
    direct.cookies, direct.csrf_token = dict(through_proxy.cookies), through_proxy.csrf_token
    forged = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.9"}
    form = comment_form(report.page_id, secret_key, f"Direkt gesendet. {marker}")

    page = direct.get(report.path, forged)
    posts = [direct.post(report.path, form, forged) for _ in range(3)]
    stored_from_direct = database.count_comments(marker)
    # The control: the same form through the proxy is stored and counted by the same query,
    # so the zero above is the server refusing the forged posts, not a count that misses.
    control = through_proxy.post(report.path, form)

    figures(
        page=page.status,
        posts=[answer.status for answer in posts],
        stored_from_direct=stored_from_direct,
        control_accepted=control.accepted,
    )
    # Not believed: plain HTTP, sent to HTTPS, where only the proxy leads.
    https_page = f"https://127.0.0.1:{server.port}{report.path}"
    assert page.status == 301 and page.location == https_page
    assert all(answer.status == 301 for answer in posts)
    assert stored_from_direct == 0
    assert control.accepted and database.count_comments(marker) == 1
