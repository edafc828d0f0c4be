"""Comment POST throughput: sequential through the test client, and concurrent threads
against gunicorn.

Every post is a complete, valid comment with a distinct text, its form signed as the page
signs it; rate limit and minimum time are off in ``benchmarks.settings``. A post is
accepted when the page redirects back with its "thank you" parameter; a lost post is one
accepted but not stored.
"""

import http.client
import http.cookies
import json
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

from .environment import REPO, django_environment
from .server import GunicornServer

POSTED = "kf_comment="
CSRF_COOKIE = "csrftoken"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The load stops by itself after this many seconds, whatever is left.
LOAD_SECONDS = 60
PREPARE_SECONDS = 300


@dataclass
class Outcome:
    """What the posts of a run got back: status codes (None: no answer) and latencies."""

    statuses: list = field(default_factory=list)
    latencies: list = field(default_factory=list)
    seconds: float = 0.0

    def add(self, status, location, latency):
        accepted = status == 302 and POSTED in (location or "")
        self.statuses.append("accepted" if accepted else status)
        self.latencies.append(latency)

    @property
    def accepted(self):
        return self.statuses.count("accepted")

    @property
    def errors(self):
        return sum(1 for s in self.statuses if s is None or (s != "accepted" and s >= 500))

    @property
    def rejected(self):
        return len(self.statuses) - self.accepted - self.errors

    def row(self, key, name, stored, queries=None):
        return {
            "id": key,
            "name": name,
            "median_ms": round(statistics.median(self.latencies) * 1000, 2),
            "queries": queries,
            "posts_per_s": round(self.accepted / self.seconds, 1),
            "errors": self.errors,
            "lost": self.accepted - stored,
            "posts": len(self.statuses),
            "accepted": self.accepted,
            "rejected": self.rejected,
        }


def comment_post(page_id, n):
    """A valid comment form for the page, signed a few seconds ago like a reader's."""
    from django.core import signing

    from wagtail_kundenforum.comments.form import SIGNING_SALT

    started = {"page": page_id, "time": int(time.time()) - 5}
    return {
        "name": f"Leser {n}",
        "email": f"leser{n}@example.org",
        "url": "",
        "text": f"Lasttest-Kommentar Nummer {n}: bitte mehr Busse am Abend.",
        "consent": "on",
        "parent": "",
        "kf_started": signing.dumps(started, salt=SIGNING_SALT),
        "kf_topic": "",
    }


# Sequential, through Django's test client.


def sequential(page, posts, key, name):
    """``posts`` comments one after another; the first one also counts the queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wagtail_kundenforum.models import ReaderComment

    client = Client(raise_request_exception=False)
    outcome = Outcome()
    with CaptureQueriesContext(connection) as captured:
        client.post(page.url, comment_post(page.pk, 0))
    queries = len(captured)  # now: the next request empties the log that it reads from
    started = time.perf_counter()
    for n in range(1, posts + 1):
        form = comment_post(page.pk, n)
        before = time.perf_counter()
        response = client.post(page.url, form)
        outcome.add(response.status_code, response.get("Location"), time.perf_counter() - before)
    outcome.seconds = time.perf_counter() - started
    stored = ReaderComment.objects.filter(page=page).count() - 1  # the counting post
    return outcome.row(key, name, stored, queries=queries)


# Concurrent, threads against gunicorn.


def concurrent(database, posts, threads, log_path, key, name):
    """``posts`` comments from ``threads`` client threads against a fresh gunicorn server."""
    target = child("prepare", database_url=database.url)
    with GunicornServer(database.url, log_path, probe=target["path"]) as server:
        outcome = run_load(server, target, posts, threads)
    if outcome.errors:
        print(f"  server errors; the end of gunicorn's log:\n{server.log()}", file=sys.stderr)
    stored = child("count", str(target["page_id"]), database_url=database.url)
    return outcome.row(key, name, stored)


def child(*args, database_url):
    """Run ``benchmarks.prepare`` on that database; its JSON answer."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.prepare", *args],
        cwd=REPO,
        env=django_environment(database_url),
        capture_output=True,
        text=True,
        timeout=PREPARE_SECONDS,
    )
    if result.returncode:
        raise RuntimeError(f"benchmarks.prepare {' '.join(args)} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_load(server, target, posts, threads):
    """Each thread fetches the form once (CSRF cookie and token), then posts its share."""
    outcome, lock, stop_at = Outcome(), threading.Lock(), time.monotonic() + LOAD_SECONDS
    sessions = [csrf_session(server, target["path"]) for _ in range(threads)]

    def post_share(first, session):
        for n in range(first, posts, threads):
            if time.monotonic() > stop_at:
                return
            result = post_once(server, target, n, session)
            with lock:
                outcome.add(*result)

    workers = [
        threading.Thread(target=post_share, args=(i, sessions[i]), daemon=True)
        for i in range(threads)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    outcome.seconds = time.perf_counter() - started
    return outcome


def csrf_session(server, path):
    """The CSRF cookie and form token that a reader's browser would get with the page."""
    answer = server.request("GET", path)
    cookie = http.cookies.SimpleCookie()
    for header in answer.headers.get_all("Set-Cookie") or []:
        cookie.load(header)
    token = CSRF_FIELD.search(answer.body)
    if answer.status != 200 or CSRF_COOKIE not in cookie or token is None:
        raise RuntimeError(f"{path} gave no comment form with a CSRF token ({answer.status})")
    return {"cookie": f"{CSRF_COOKIE}={cookie[CSRF_COOKIE].value}", "token": token.group(1)}


def post_once(server, target, n, session):
    """(status or None, Location, seconds) of one comment POST."""
    form = {**comment_post(target["page_id"], n), "csrfmiddlewaretoken": session["token"]}
    started = time.perf_counter()
    try:
        answer = server.request("POST", target["path"], form, {"Cookie": session["cookie"]})
    except (OSError, http.client.HTTPException):
        return None, None, time.perf_counter() - started
    return answer.status, answer.headers.get("Location"), time.perf_counter() - started
