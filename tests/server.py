"""A real multi-process server for tests: gunicorn on the test database, with a Redis cache.

Django's ``live_server`` is one process; races between processes (two workers storing the
same comment, rate limits counted in Redis) only show on a server like production's. Use it
in a test module with::

    from tests.server import live_gunicorn  # noqa: F401

    @pytest.mark.postgres
    @pytest.mark.redis
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_something(live_gunicorn):
        server = live_gunicorn(rate_limits=[[5, 3600]])
        response = server.request("GET", "/")

The server's processes see only committed data, hence ``transactional_db``; they share the
test database, which an in-memory SQLite database cannot do, hence PostgreSQL only. A
transactional test empties every table afterwards, Wagtail's locale and root page included:
``serialized_rollback=True`` restores what the migrations created before each such test.

Build the content before starting the server: Wagtail caches the sites' root paths in the
server's cache (Redis), which the test process's changes do not clear.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.db import connection

REPO = Path(__file__).resolve().parent.parent
WORKERS = 2
THREADS = 4
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")
START_SECONDS = 30
STOP_SECONDS = 10
DATABASE_KEYS = ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str


class LiveGunicorn:
    """One gunicorn server (``WORKERS`` processes of ``THREADS`` threads) on 127.0.0.1."""

    def __init__(self, log_path, rate_limits=(), min_submit_seconds=0):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.cache_prefix = f"kundenforum-test-{uuid.uuid4().hex}"
        self.settings = {
            "KUNDENFORUM_RATE_LIMITS": json.dumps([list(limit) for limit in rate_limits]),
            "KUNDENFORUM_MIN_SUBMIT_SECONDS": str(min_submit_seconds),
        }
        self.process = None

    def start(self):
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "tests.wsgi:application"),
                    *("--bind", f"127.0.0.1:{self.port}"),
                    *("--workers", str(WORKERS), "--threads", str(THREADS)),
                    # Loaded once before the fork, so every worker answers from the start.
                    "--preload",
                    *("--graceful-timeout", str(STOP_SECONDS // 2)),
                ],
                cwd=REPO,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, stopped as a whole
            )
        self.wait_until_answering()

    def environment(self):
        database = {key: connection.settings_dict[key] for key in DATABASE_KEYS}
        python_path = [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
        return {
            **os.environ,
            **self.settings,
            "DJANGO_SETTINGS_MODULE": "tests.settings_server",
            "PYTHONPATH": os.pathsep.join(python_path),
            "KUNDENFORUM_SERVER_DATABASE": json.dumps(database),
            "KUNDENFORUM_SERVER_CACHE_PREFIX": self.cache_prefix,
            "REDIS_URL": REDIS_URL,
        }

    def wait_until_answering(self):
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            try:
                self.request("GET", "/", timeout=2)
                return
            except (OSError, http.client.HTTPException):
                time.sleep(0.2)
        self.stop()
        pytest.fail(f"gunicorn did not answer within {START_SECONDS} s:\n{self.log()}")

    def stop(self):
        """SIGTERM to the process group; SIGKILL when it is not gone after STOP_SECONDS."""
        if self.process is not None and self.signal_group(signal.SIGTERM):
            try:
                self.process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.signal_group(signal.SIGKILL)
                self.process.wait()
        self.clear_cache()

    def clear_cache(self):
        """Remove this server's keys from Redis (they would expire, but only after an hour)."""
        client = redis.Redis.from_url(REDIS_URL)
        try:
            keys = list(client.scan_iter(match=f"{self.cache_prefix}:*"))
            if keys:
                client.delete(*keys)
        except redis.RedisError:
            pass
        finally:
            client.close()

    def signal_group(self, signum):
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            return False
        return True

    def log(self):
        """What the server wrote so far (gunicorn's log and server errors)."""
        return Path(self.log_path).read_text(errors="replace")

    def request(self, method, path, data=None, headers=None, timeout=30):
        """One request on its own connection (thread-safe); redirects are not followed."""
        body = urlencode(data).encode() if data is not None else None
        headers = dict(headers or {})
        if body is not None:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            return Response(response.status, response.headers, text)
        finally:
            conn.close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_gunicorn(request, transactional_db, tmp_path):
    """A factory: ``live_gunicorn(rate_limits=[[5, 3600]], min_submit_seconds=0)`` starts a
    server and returns it (``.url``, ``.request()``, ``.log()``); all stop after the test.
    """
    if connection.vendor != "postgresql":
        pytest.fail("live_gunicorn needs PostgreSQL: mark the test with pytest.mark.postgres")
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("serialized_rollback")):
        pytest.fail("live_gunicorn needs django_db(transaction=True, serialized_rollback=True)")
    servers = []

    def start(rate_limits=(), min_submit_seconds=0):
        log_path = tmp_path / f"gunicorn-{len(servers) + 1}.log"
        server = LiveGunicorn(log_path, rate_limits, min_submit_seconds)
        servers.append(server)
        server.start()
        return server

    yield start
    for server in servers:
        server.stop()
