"""A real multi-process server for tests: gunicorn on the test database, with a Redis cache.

Django's ``live_server`` is one process; races between processes (two workers storing the
same comment, rate limits counted in Redis) only show on a server like production's. Use it
in a test module with::

    from tests.support.server import live_gunicorn  # noqa: F401

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

import json
import os
import uuid

import pytest
import redis
from django.db import connection

from tests.support.gunicorn import REPO, GunicornProcess

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")
START_SECONDS = 30
DATABASE_KEYS = ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")


class LiveGunicorn(GunicornProcess):
    """The test site on the test database, with its own keys in Redis."""

    def __init__(self, log_path, rate_limits=(), min_submit_seconds=0):
        self.cache_prefix = f"kundenforum-test-{uuid.uuid4().hex}"
        settings = {
            "KUNDENFORUM_RATE_LIMITS": json.dumps([list(limit) for limit in rate_limits]),
            "KUNDENFORUM_MIN_SUBMIT_SECONDS": str(min_submit_seconds),
        }
        super().__init__("tests.wsgi:application", self.environment(settings), log_path)

    def environment(self, settings):
        database = {key: connection.settings_dict[key] for key in DATABASE_KEYS}
        python_path = [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
        return {
            **os.environ,
            **settings,
            "DJANGO_SETTINGS_MODULE": "tests.settings_server",
            "PYTHONPATH": os.pathsep.join(python_path),
            "KUNDENFORUM_SERVER_DATABASE": json.dumps(database),
            "KUNDENFORUM_SERVER_CACHE_PREFIX": self.cache_prefix,
            "REDIS_URL": REDIS_URL,
        }

    def start(self):
        try:
            super().start("/", START_SECONDS)
        except RuntimeError as error:
            pytest.fail(str(error))

    def stop(self):
        super().stop()
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
