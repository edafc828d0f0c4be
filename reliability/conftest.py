"""Fixtures of the reliability suite: the services it needs, its database with the demo
content, the servers under test, and the figures it measures.

The figures are printed as each test records them (visible with ``-s``), repeated in the
terminal summary, and written to ``reliability/results.json``.
"""

import json
import os
import secrets
from pathlib import Path

import pytest
import redis

from reliability import database
from reliability.faults import REDIS_SERVER, PrivateRedis
from reliability.server import REDIS_URL, ProductionServer, prepare_site, production_settings

RESULTS = Path(__file__).resolve().parent / "results.json"
FIGURES = pytest.StashKey[dict]()


def missing_services():
    """Why the suite cannot run here, or an empty list. CI always has all three."""
    missing = [why for why in [database.server_reachable()] if why]
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        missing.append(f"Redis at {REDIS_URL} is not reachable: {error}")
    if not os.access(REDIS_SERVER, os.X_OK):
        missing.append(f"{REDIS_SERVER} is not installed (Debian package redis-server)")
    return missing


@pytest.fixture(scope="session", autouse=True)
def services():
    missing = missing_services()
    if missing:
        pytest.fail("The reliability suite needs: " + "; ".join(missing), pytrace=False)


def flush_suite_redis():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    finally:
        client.close()


@pytest.fixture(scope="session")
def secret_key():
    """The servers' SECRET_KEY: the suite signs comment forms with it, as the page would."""
    return secrets.token_urlsafe(50)


@pytest.fixture(scope="session")
def superuser_password():
    return secrets.token_urlsafe(24)


@pytest.fixture(scope="session")
def demo_site(services, secret_key, superuser_password):
    """The example's demo content in a database of the suite's own: created fresh, prepared
    once (migrations, demo content, static files, a superuser), dropped at the end."""
    database.recreate()
    flush_suite_redis()
    try:
        prepare_site(production_settings(secret_key), superuser_password)
        yield
    finally:
        database.drop()
        flush_suite_redis()


@pytest.fixture(scope="session")
def report(demo_site):
    """The demo's first forum report: the page that readers comment on."""
    return database.first_report()


@pytest.fixture
def start_server(report, secret_key, tmp_path):
    """A factory: ``start_server(KUNDENFORUM_RATE_LIMITS="[[5, 3600]]")`` starts a server
    with these environment settings and returns it; every one is stopped after the test."""
    servers = []

    def start(**settings):
        log_path = tmp_path / f"gunicorn-{len(servers) + 1}.log"
        server = ProductionServer(log_path, production_settings(secret_key, **settings))
        servers.append(server)
        server.start(probe=report.path)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def shared_server(report, secret_key, tmp_path_factory):
    """One server for the tests that need no settings of their own: rate limit off."""
    log_path = tmp_path_factory.mktemp("shared") / "gunicorn.log"
    server = ProductionServer(log_path, production_settings(secret_key))
    try:
        server.start(probe=report.path)
        yield server
    finally:
        server.stop()


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of the test's own: the machine's shared one is never stopped."""
    redis_server = PrivateRedis(tmp_path / "redis.log")
    redis_server.start()
    yield redis_server
    redis_server.kill()


@pytest.fixture
def figures(request):
    """``figures(posts=1000, posts_per_s=210.5)``: print and keep this test's figures."""
    kept = request.config.stash.setdefault(FIGURES, {})

    def record(**values):
        kept.setdefault(request.node.name, {}).update(values)
        print(f"\n{request.node.name}: {json.dumps(values)}")

    return record


def pytest_terminal_summary(terminalreporter, config):
    kept = config.stash.get(FIGURES, {})
    if kept:
        terminalreporter.section("reliability figures")
        for test, values in kept.items():
            terminalreporter.write_line(f"{test}: {json.dumps(values)}")
        terminalreporter.write_line(f"written to {RESULTS}")


def pytest_sessionfinish(session):
    kept = session.config.stash.get(FIGURES, {})
    if kept:
        RESULTS.write_text(json.dumps(kept, indent=2) + "\n")
