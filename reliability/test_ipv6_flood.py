"""An IPv6 reader holds a whole /64: posting from a fresh address of it each time gains
nothing, across both worker processes, since the rate limit counts the /64 (the prefix the
stored address keeps). Another /64 is counted apart."""

import ipaddress
import uuid

from reliability import database
from reliability.client import (
    Browser,
    comment_form,
    outcome,
    reader_with_form,
    run_together,
    wait_clear_of_window_edge,
)

LIMIT = 5
WINDOW_SECONDS = 3600
POSTS = 40
RATE_LIMITED = 429
# Documentation prefixes (RFC 3849): one reader's /64, and a neighbour's.
FLOODER_NETWORK = ipaddress.IPv6Network("2001:db8:6:64::/64")
NEIGHBOUR_ADDRESS = "2001:db8:6:65::1"
# Odd, so that multiplying by it modulo 2**64 gives each n its own interface identifier.
SPREAD = 0x0123_4567_89AB_CDEF


def flooder_address(n):
    """Addresses spread over the whole /64, each one different."""
    return str(FLOODER_NETWORK[(n + 1) * SPREAD % 2**64])


def browser_like(reader, address):
    """A browser with ``reader``'s cookies and form token, coming from ``address``."""
    browser = Browser(reader.port, address)
    browser.cookies = dict(reader.cookies)
    browser.csrf_token = reader.csrf_token
    return browser


def test_forty_addresses_of_one_64_are_held_to_the_limit(start_server, report, secret_key, figures):
    server = start_server(KUNDENFORUM_RATE_LIMITS=f"[[{LIMIT}, {WINDOW_SECONDS}]]")
    marker = uuid.uuid4().hex
    reader = reader_with_form(server.port, report.path, flooder_address(0))
    browsers = [browser_like(reader, flooder_address(n)) for n in range(POSTS)]
    forms = [
        comment_form(report.page_id, secret_key, f"Frage {n} zur Fernwärme. {marker}")
        for n in range(POSTS)
    ]
    wait_clear_of_window_edge(WINDOW_SECONDS)

    answers = run_together(
        [
            lambda browser=browser, form=form: browser.post(report.path, form)
            for browser, form in zip(browsers, forms, strict=True)
        ]
    )
    neighbour = browser_like(reader, NEIGHBOUR_ADDRESS)
    neighbour_answer = neighbour.post(
        report.path, comment_form(report.page_id, secret_key, f"Nachbar fragt. {marker}")
    )

    counts = outcome(answers)
    limited = [answer for answer in answers if answer.status == RATE_LIMITED]
    flood_rows = [row for row in database.comments_containing(marker) if "Nachbar" not in row[3]]
    figures(
        limit=LIMIT,
        posts=POSTS,
        addresses=len({browser.reader_address for browser in browsers}),
        rows=len(flood_rows),
        rate_limited=len(limited),
        server_errors=counts["server_errors"],
        other_64_accepted=neighbour_answer.accepted,
    )
    assert counts["accepted"] == LIMIT
    assert len(limited) == POSTS - LIMIT
    assert len(flood_rows) == LIMIT
    # Stored truncated to the /64 the limit counted.
    assert not database.incomplete(flood_rows, report.page_id, str(FLOODER_NETWORK.network_address))
    # The limit is the flooder's, not everyone's: the next /64 still gets through.
    assert neighbour_answer.accepted
