"""Selects the tests this machine can run, and says plainly which it cannot.

Tests marked ``browser``, ``postgres`` or ``redis`` need Chromium, a PostgreSQL database
(the suite's DATABASE_URL) or Redis. Without them the tests are deselected with a message.
``KUNDENFORUM_REQUIRE_ALL=1`` (set by CI) turns a missing service, and any skipped test,
into a failure instead.

Fixtures that several test modules use live here (a module may still define its own under
the same name); the browser's live in ``tests/support/browser_fixtures.py``.

Hypothesis runs the profile named by HYPOTHESIS_PROFILE: ``quick`` by default (``make test``,
``make test-fast``), a tenth of the examples, or ``thorough`` (CI), each fuzz test's full
count; see ``tests/support/fuzzing.py``.
"""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.support.browser_fixtures import browser, browser_page, new_page  # noqa: F401
from tests.support.fuzzing import THOROUGH_EXAMPLES

CHROMIUM = "/usr/bin/chromium"
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# Seconds a test's mail server may keep the sender waiting before it gives up.
SMTP_TIMEOUT = 2


# A loaded machine makes any deadline flaky, and the fuzz tests build their data slowly.
for name, examples in (("thorough", THOROUGH_EXAMPLES), ("quick", THOROUGH_EXAMPLES // 10)):
    hypothesis_settings.register_profile(
        name, max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "quick")


def require_all():
    return os.environ.get("KUNDENFORUM_REQUIRE_ALL") == "1"


def redis_reachable():
    url = urlparse(REDIS_URL)
    try:
        with socket.create_connection((url.hostname, url.port or 6379), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def missing_services():
    """{marker: why it cannot run here} for every marker whose service is missing."""
    missing = {}
    if not (shutil.which(CHROMIUM) and _importable("playwright")):
        missing["browser"] = f"Chromium ({CHROMIUM}) or Playwright for Python is not installed"
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing["postgres"] = "this run uses SQLite (make test-postgres runs them)"
    if not redis_reachable():
        missing["redis"] = f"no Redis answers at {REDIS_URL}"
    return missing


def _importable(module):
    try:
        __import__(module)
    except ImportError:
        return False
    return True


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters, settings and fragments cached in one test must not leak."""
    from django.core.cache import cache

    cache.clear()
    yield


# The content fixtures import their builders when they run: the example project's suite
# imports this module's hooks under settings that do not install the test app.


@pytest.fixture
def smtp_port(settings):
    """The SMTP settings of a real mail server on a free loopback port (started by the test,
    e.g. ``tests.support.smtp_servers.ReceivingServer(smtp_port)``)."""
    from tests.support.gunicorn import free_port

    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = SMTP_TIMEOUT
    return port


@pytest.fixture
def report(db):
    """A published report in a news index: the page that readers comment on."""
    from tests.support.helpers import make_index, make_report

    return make_report(make_index())


@pytest.fixture
def site_settings(report):
    from wagtail_kundenforum.models import KundenforumSettings

    return KundenforumSettings.for_site(report.get_site())


@pytest.fixture
def forum(db):
    from tests.support.helpers import make_forum

    return make_forum(1)


def pytest_sessionstart(session):
    if require_all():
        # The PostgreSQL-only tests run in CI's PostgreSQL run; every other service must be here.
        absent = {m: why for m, why in missing_services().items() if m != "postgres"}
        if absent:
            raise pytest.UsageError(f"KUNDENFORUM_REQUIRE_ALL=1 but missing: {absent}")


def pytest_collection_modifyitems(config, items):
    missing = missing_services()
    selected, deselected = [], {}
    for item in items:
        marker = next((m.name for m in item.iter_markers() if m.name in missing), None)
        if marker:
            deselected.setdefault(marker, []).append(item)
        else:
            selected.append(item)
    if deselected:
        config.hook.pytest_deselected(items=[i for group in deselected.values() for i in group])
        items[:] = selected
    config._kf_deselected = {m: (len(group), missing[m]) for m, group in deselected.items()}
    if hasattr(config, "workeroutput"):
        # A pytest-xdist worker: each collects the whole suite, the controller reports once.
        config.workeroutput["kf_deselected"] = config._kf_deselected


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """pytest-xdist's controller hears from a worker that is done (see above)."""
    reported = getattr(node, "workeroutput", {}).get("kf_deselected")
    if reported is not None:
        node.config._kf_deselected = reported


def pytest_report_header(config):
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"kundenforum: database {db}; missing services: {missing_services() or 'none'}"


def pytest_terminal_summary(terminalreporter, config):
    for marker, (count, why) in getattr(config, "_kf_deselected", {}).items():
        terminalreporter.write_line(
            f"DESELECTED {count} test(s) marked '{marker}': {why}.", yellow=True, bold=True
        )


def pytest_sessionfinish(session, exitstatus):
    skipped = session.config.pluginmanager.get_plugin("terminalreporter").stats.get("skipped", [])
    if require_all() and skipped and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\nKUNDENFORUM_REQUIRE_ALL=1: {len(skipped)} test(s) were skipped; CI skips none.")
