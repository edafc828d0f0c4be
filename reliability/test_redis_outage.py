"""Redis dies under a running server: pages still answer (a cache error counts as a miss),
comments are still taken, and the rate limit fails open."""

import uuid

from reliability import database
from reliability.client import comment_form, reader_with_form, wait_clear_of_window_edge

TRACKER = "/vorschlaege/"
API = "/kundenforum/api/suggestions/"
RATE_LIMITED = 429
LIMIT_WINDOW_SECONDS = 3600


def test_pages_and_comments_survive_a_redis_outage_and_the_rate_limit_fails_open(
    start_server, private_redis, report, secret_key, figures
):
    server = start_server(
        REDIS_URL=private_redis.url, KUNDENFORUM_RATE_LIMITS=f"[[1, {LIMIT_WINDOW_SECONDS}]]"
    )
    marker = uuid.uuid4().hex
    reader = reader_with_form(server.port, report.path)
    suggestion_page = f"/kundenforum/suggestions/{database.first_suggestion_id()}/"

    def post(words):
        form = comment_form(report.page_id, secret_key, f"{words} {marker}")
        return reader.post(report.path, form)

    # With Redis up the limit holds: one comment an hour from this reader.
    wait_clear_of_window_edge(LIMIT_WINDOW_SECONDS)
    limited_before = [post("Erster Hinweis.").status, post("Zweiter Hinweis.").status]
    private_redis.kill()
    pages = {path: reader.get(path).status for path in (report.path, TRACKER, API, suggestion_page)}
    # The limit fails open by design (ratelimit.py): losing a reader's comment is worse than
    # a short flood, and every comment still waits for a moderator.
    during_outage = [post("Dritter Hinweis.").accepted, post("Vierter Hinweis.").accepted]

    stored = database.count_comments(marker)
    figures(limit_with_redis=limited_before, pages=pages, accepted_during_outage=during_outage)
    assert limited_before == [302, RATE_LIMITED]
    assert set(pages.values()) == {200}
    assert during_outage == [True, True]
    assert stored == 3
    assert server.server_errors_logged() == 0
    assert "Rate limit not checked" in server.log()
