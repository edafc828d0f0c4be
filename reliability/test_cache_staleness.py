"""Never stale, whatever the cache does, and bounded, whatever readers send.

A comment rejected while Redis hangs stays gone; with a cache per process (each gunicorn
worker and each command its own), a comment erased and suggestions imported by management
commands show at the next page view in every worker; 10,000 junk query strings leave the
cache as it was."""

import json
import os
import signal
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import redis
import serve_prod

from reliability.client import Browser, comment_form, reader_with_form
from reliability.server import HTTPS_PORT, REDIS_URL, production_settings
from tests.support.junk import junk_paths

TRACKER = "/vorschlaege/"
API = "/kundenforum/api/suggestions/"
PAGE_VIEWS = 30
JUNK_QUERIES = 10_000
# Entries that 10,000 junk queries may add: none is expected; a few would be the canonical
# views' own, should an earlier test have left them cold.
JUNK_ENTRY_BOUND = 10


def manage(secret_key, *args, **settings):
    """A management command on the production settings, as an operator runs it."""
    env = serve_prod.environment(port=HTTPS_PORT)
    env.update(production_settings(secret_key, **settings))
    serve_prod.manage(env, *args)


def moderate(secret_key, action, marker, **settings):
    code = (
        "from wagtail_kundenforum.models import ReaderComment\n"
        f"from wagtail_kundenforum.comments.moderation import {action}\n"
        f"{action}(ReaderComment.objects.filter(text__contains={marker!r}))\n"
    )
    manage(secret_key, "shell", "--no-imports", "-c", code, **settings)


def post_comment(server, report, secret_key, text, email="erika@example.org"):
    reader = reader_with_form(server.port, report.path)
    answer = reader.post(report.path, comment_form(report.page_id, secret_key, text, email=email))
    assert answer.accepted, answer.status


def views_showing(server, path, marker, count=PAGE_VIEWS):
    """How many of ``count`` page views (spread over the workers) show ``marker``."""
    browser = Browser(server.port)
    answers = [browser.get(path) for _ in range(count)]
    assert {answer.status for answer in answers} == {200}
    return sum(marker in answer.body for answer in answers)


def test_a_comment_rejected_while_redis_stalls_stays_gone(
    start_server, private_redis, report, secret_key, figures
):
    server = start_server(REDIS_URL=private_redis.url)
    marker = uuid.uuid4().hex
    post_comment(server, report, secret_key, f"Bitte abends länger öffnen. {marker}")
    moderate(secret_key, "approve", marker, REDIS_URL=private_redis.url)
    shown_before = views_showing(server, report.path, marker, count=4)  # now in Redis too

    os.kill(private_redis.process.pid, signal.SIGSTOP)  # Redis hangs: every call times out
    try:
        server_during = views_showing(server, report.path, marker, count=4)
        moderate(secret_key, "reject", marker, REDIS_URL=private_redis.url)
    finally:
        os.kill(private_redis.process.pid, signal.SIGCONT)
    time.sleep(6)  # past FailSafeRedisCache's pause: Redis is asked again, old list and all
    shown_after = views_showing(server, report.path, marker)

    figures(shown_before=shown_before, shown_after_rejection=f"{shown_after} of {PAGE_VIEWS}")
    assert shown_before == 4 and server_during == 4
    assert shown_after == 0
    assert server.server_errors_logged() == 0


def api_counts(server, count=PAGE_VIEWS):
    """The API's suggestion count as each of ``count`` views (spread over the workers) says."""
    browser = Browser(server.port)
    return [json.loads(browser.get(API).body)["count"] for _ in range(count)]


def test_with_a_cache_per_process_a_commands_change_shows_in_every_worker(
    start_server, report, secret_key, tmp_path, figures
):
    """REDIS_URL=locmem: each worker and each command has a cache of its own, as a site
    without a shared cache (Django's default) has: a command can tell the workers nothing
    through the cache, and every worker has the old page and count cached."""
    server = start_server(REDIS_URL="locmem")
    marker = uuid.uuid4().hex
    email = f"erase-{marker[:8]}@example.org"
    post_comment(server, report, secret_key, f"Mehr Ladesäulen. {marker}", email=email)
    moderate(secret_key, "approve", marker, REDIS_URL="locmem")
    shown_before = views_showing(server, report.path, marker, count=8)
    counts_before = set(api_counts(server, count=8))
    manage(secret_key, "kundenforum_personal_data", email, "--erase", "--yes", REDIS_URL="locmem")
    sheet = tmp_path / "vorschlaege.csv"
    sheet.write_text(f"external_id,title\nREL-{marker[:8]},Solarberatung {marker}\n")
    manage(secret_key, "kundenforum_import", str(sheet), "--forum", "1", REDIS_URL="locmem")
    shown_after = views_showing(server, report.path, marker)
    counts_after = set(api_counts(server))

    figures(
        shown_after_erasure=f"{shown_after} of {PAGE_VIEWS}",
        api_count_before=sorted(counts_before),
        api_count_after_import=sorted(counts_after),
    )
    assert shown_before == 8 and len(counts_before) == 1
    assert shown_after == 0
    assert counts_after == {counts_before.pop() + 1}
    assert server.server_errors_logged() == 0


JUNK_TARGETS = [
    (None, ["comments_page", "reply_to", "kf_comment", "utm_source"]),  # the report
    (TRACKER, ["page", "q", "status", "forum", "topic", "utm_source"]),
    (API, ["page", "q", "status", "forum", "topic"]),
]


def test_junk_query_strings_do_not_grow_the_cache(shared_server, report, figures):
    client = redis.Redis.from_url(REDIS_URL)
    browser = Browser(shared_server.port)
    for path in (report.path, TRACKER, API):
        assert browser.get(path).status == 200  # the canonical views: cached once
    keys_before, memory_before = client.dbsize(), client.info("memory")["used_memory"]
    paths = junk_paths([(path or report.path, names) for path, names in JUNK_TARGETS], JUNK_QUERIES)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda path: browser.get(path).status, paths))
    seconds = time.monotonic() - started
    keys_added = client.dbsize() - keys_before
    memory_added = client.info("memory")["used_memory"] - memory_before

    figures(
        junk_queries=JUNK_QUERIES,
        per_s=round(JUNK_QUERIES / seconds),
        keys_added=keys_added,
        redis_memory_added_kib=round(memory_added / 1024),
    )
    assert set(statuses) <= {200, 400}
    assert keys_added <= JUNK_ENTRY_BOUND
    assert shared_server.server_errors_logged() == 0
