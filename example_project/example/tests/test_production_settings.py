"""The example's production settings (``example.settings_production``) pass Django's deploy
check and send the security headers a public site needs: HTTPS enforced, no framing, no
sniffing, a strict Content Security Policy, secure cookies, and no HTTPS claimed by anyone
but the trusted proxy. They give every wait for the database and Redis a timeout.

The settings read the environment when they are imported, so each test runs them in a fresh
Python process: the settings of this test run stay untouched.
"""

import importlib.util
import json
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PROJECT = Path(__file__).resolve().parents[2]
REPORT = "/aktuelles/erstes-kundenforum/"
ONE_YEAR = 60 * 60 * 24 * 365


def production_environment(**overrides):
    """A complete environment of the production settings; ``None`` removes a variable."""
    # Not this test run's environment: it allows async-unsafe calls for the browser tests.
    inherited = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "example.settings_production",
        "PYTHONPATH": os.pathsep.join([str(PROJECT), str(PROJECT.parent)]),
        "SECRET_KEY": secrets.token_urlsafe(50),
        # The deploy check does not connect: any database and Redis will do.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/anything",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "ALLOWED_HOSTS": "example.org",
        "TRUSTED_PROXIES": "127.0.0.1",
    }
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_python(*args, **overrides):
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env=production_environment(**overrides),
        capture_output=True,
        text=True,
        timeout=300,
    )


def deploy_check(**overrides):
    return run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", **overrides)


def test_the_deploy_check_passes_with_a_complete_environment():
    result = deploy_check()
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("name", ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"])
def test_a_missing_variable_stops_the_start_with_a_clear_message(name):
    result = deploy_check(**{name: None})
    assert result.returncode != 0
    assert f"The production settings need {name} in the environment." in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "warning"),
    [
        ("SECRET_KEY", "geheim", "security.W009"),  # short and guessable
        ("HSTS_SECONDS", "0", "security.W004"),  # no HSTS
    ],
)
def test_the_deploy_check_catches_a_weakened_setting(variable, value, warning):
    """The check above passes because the settings are strong, not because it checks little."""
    result = deploy_check(**{variable: value})
    assert result.returncode != 0
    assert warning in result.stderr


# The headers, through the production settings' real middleware stack. One process builds
# the demo on a throw-away SQLite database and asks every question; the tests read its
# answers. The cache is Redis (REDIS_URL), as in production.

ASK_THE_SITE = """
import io, json
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

# collectstatic writes the manifest of static files at deployment; the plain storage stands
# in for it here, so that templates naming a static file render.
STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
FILES = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

def answer(response):
    cookies = {
        name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"])}
        for name, c in response.cookies.items()
    }
    return {"status": response.status_code, "headers": dict(response.headers), "cookies": cookies}

with override_settings(STORAGES={"default": FILES, "staticfiles": STATIC}):
    call_command("migrate", verbosity=0)
    call_command("kundenforum_demo", stdout=io.StringIO())
    get_user_model().objects.create_superuser("pruefer", "pruefer@example.org", "Pruef-2024!")
    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    proxy = Client(HTTP_HOST="example.org", REMOTE_ADDR="127.0.0.1")
    stranger = Client(HTTP_HOST="example.org", REMOTE_ADDR="10.0.0.9")
    login = {"username": "pruefer", "password": "Pruef-2024!"}
    answers = {
        "home": proxy.get("/", **https),
        "report": proxy.get(REPORT, **https),
        "admin login": proxy.post("/admin/login/", login, **https),
        "plain http": proxy.get(REPORT),
        "https claimed by a stranger": stranger.get(REPORT, **https),
    }
print(json.dumps({name: answer(response) for name, response in answers.items()}))
"""


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    """{request: {"status", "headers", "cookies"}} of the questions in ``ASK_THE_SITE``."""
    database = tmp_path_factory.mktemp("production") / "db.sqlite3"
    snippet = f"REPORT = {REPORT!r}\n{ASK_THE_SITE}"
    result = run_python("-c", snippet, DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def csp_directives(header):
    """{"script-src": ["'self'"], ...} of a Content-Security-Policy header."""
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


PUBLIC_PAGES = ["home", "report"]


@pytest.mark.redis
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_a_public_page_is_served_over_https_with_hsts(answers, page):
    response = answers[page]
    assert response["status"] == 200
    hsts = response["headers"]["Strict-Transport-Security"]
    max_age = int(hsts.split("max-age=")[1].split(";")[0])
    assert max_age >= ONE_YEAR and "includeSubDomains" in hsts


@pytest.mark.redis
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_a_public_page_forbids_sniffing_framing_and_leaking_the_address(answers, page):
    headers = answers[page]["headers"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] in {"strict-origin-when-cross-origin", "same-origin"}


@pytest.mark.redis
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_a_public_page_has_a_strict_content_security_policy(answers, page):
    policy = csp_directives(answers[page]["headers"]["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert not any("'unsafe-eval'" in sources for sources in policy.values())
    # script-src falls back to default-src when it is not given.
    assert "'unsafe-inline'" not in policy.get("script-src", policy["default-src"])
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.redis
def test_the_report_pages_csrf_cookie_is_sent_over_https_only(answers):
    # The report page holds the comment form: it sets the CSRF cookie.
    assert answers["report"]["cookies"]["csrftoken"]["secure"] is True


@pytest.mark.redis
def test_the_admin_session_cookie_is_secure_and_out_of_reach_of_scripts(answers):
    login = answers["admin login"]
    assert login["status"] == 302, "the login should have succeeded"
    assert login["cookies"]["sessionid"] == {"secure": True, "httponly": True}
    assert login["cookies"]["csrftoken"]["secure"] is True


@pytest.mark.redis
def test_plain_http_is_redirected_to_https(answers):
    response = answers["plain http"]
    assert response["status"] == 301
    assert response["headers"]["Location"] == f"https://example.org{REPORT}"


@pytest.mark.redis
def test_https_claimed_by_an_untrusted_address_is_not_believed(answers):
    """Only the trusted proxy (TRUSTED_PROXIES) may say that a request came by HTTPS; anyone
    else claiming it is sent to HTTPS like any plain request."""
    response = answers["https claimed by a stranger"]
    assert response["status"] == 301
    assert response["headers"]["Location"] == f"https://example.org{REPORT}"
    assert "Strict-Transport-Security" not in response["headers"]


# Timeouts: no worker waits for the database or Redis for longer than a reader would.

SHOW_TIMEOUTS = """
import json
import django
django.setup()
from django.conf import settings
database = settings.DATABASES["default"]
print(json.dumps({
    "database": database["OPTIONS"],
    "conn_max_age": database["CONN_MAX_AGE"],
    "answer_seconds": settings.KUNDENFORUM_DATABASE_ANSWER_SECONDS,
    "cache": settings.CACHES["default"]["OPTIONS"],
    "middleware": settings.MIDDLEWARE,
}))
"""


def timeouts(**overrides):
    result = run_python("-c", SHOW_TIMEOUTS, **overrides)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def server_settings(options):
    """{"statement_timeout": "5000", ...} of the ``-c name=value`` in libpq's options."""
    return dict(part.split("=", 1) for part in options.split() if part != "-c")


def test_the_database_has_a_connect_statement_and_lock_timeout():
    shown = timeouts()
    options = shown["database"]
    assert options["connect_timeout"] == 3
    assert server_settings(options["options"]) == {
        "statement_timeout": "5000",
        "lock_timeout": "3000",
        "idle_in_transaction_session_timeout": "60000",
    }


def test_a_kept_connection_to_a_gone_server_is_given_up():
    """CONN_MAX_AGE keeps connections: TCP keepalive notices a server that is gone while one
    is idle, and the TCP user timeout data that is never acknowledged."""
    shown = timeouts()
    assert shown["conn_max_age"] > 0
    options = shown["database"]
    assert options["keepalives"] == 1
    idle_seconds = (
        options["keepalives_idle"] + options["keepalives_interval"] * options["keepalives_count"]
    )
    assert idle_seconds <= 30
    assert 0 < options["tcp_user_timeout"] <= 10_000


def test_a_silent_database_is_given_up_after_the_statement_timeout_and_a_second():
    """The server ends a slow statement itself; only a silent one meets the client's limit,
    and the middleware that applies it and answers 503 is installed."""
    shown = timeouts()
    statement_seconds = int(server_settings(shown["database"]["options"])["statement_timeout"])
    assert shown["answer_seconds"] == statement_seconds / 1000 + 1
    assert "wagtail_kundenforum.middleware.DatabaseUnavailableMiddleware" in shown["middleware"]


def test_redis_has_a_connect_and_an_answer_timeout():
    assert timeouts()["cache"] == {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}


def test_each_timeout_can_be_set_from_the_environment():
    shown = timeouts(
        DATABASE_CONNECT_SECONDS="2",
        DATABASE_STATEMENT_SECONDS="8",
        DATABASE_LOCK_SECONDS="1.5",
        REDIS_TIMEOUT_SECONDS="0.5",
    )
    options = shown["database"]
    assert options["connect_timeout"] == 2
    assert server_settings(options["options"])["statement_timeout"] == "8000"
    assert server_settings(options["options"])["lock_timeout"] == "1500"
    assert shown["answer_seconds"] == 9
    assert shown["cache"] == {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    assert timeouts(DATABASE_ANSWER_SECONDS="4")["answer_seconds"] == 4
    assert timeouts(DATABASE_STATEMENT_SECONDS="0")["answer_seconds"] is None  # all off


def test_the_database_urls_own_options_win():
    url = "postgres://postgres@127.0.0.1:5432/anything?connect_timeout=10&sslmode=require"
    options = timeouts(DATABASE_URL=url)["database"]
    assert options["connect_timeout"] == 10 and options["sslmode"] == "require"
    assert "statement_timeout=5000" in options["options"]


CONNECT_TO_A_SILENT_SERVER = """
import json, time
import django
django.setup()
from django.db import OperationalError, connection
started = time.monotonic()
try:
    connection.ensure_connection()
    error = ""
except OperationalError as exception:
    error = str(exception)
print(json.dumps({"seconds": time.monotonic() - started, "error": error}))
"""


def test_a_server_that_accepts_and_never_answers_fails_the_connection_in_seconds():
    """The options reach libpq: a port whose connections are accepted (by the kernel's
    listen queue) and never answered fails after the connect timeout, not never."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        url = f"postgres://postgres@127.0.0.1:{port}/anything"
        result = run_python("-c", CONNECT_TO_A_SILENT_SERVER, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr[-3000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert "timeout expired" in answer["error"]
    assert 2.5 <= answer["seconds"] < 6  # the default connect timeout: 3 s


def test_a_hung_database_ends_before_gunicorn_kills_the_worker():
    """A request on a silent database waits for its answer deadline and then once more for a
    new connection; gunicorn must not kill the worker first (it would answer 500 and lose
    the reader's text)."""
    shown = timeouts()
    worst_seconds = shown["answer_seconds"] + shown["database"]["connect_timeout"]
    command = serve_prod().gunicorn_command(8001, {"TRUSTED_PROXIES": "127.0.0.1"})
    gunicorn_timeout = int(command[command.index("--timeout") + 1])
    assert worst_seconds + 5 <= gunicorn_timeout
    # A restart lets such a request finish too.
    assert worst_seconds <= int(command[command.index("--graceful-timeout") + 1])


def serve_prod():
    spec = importlib.util.spec_from_file_location("serve_prod", PROJECT / "serve_prod.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


QUERY_A_SLOW_STATEMENT = """
import json, time
import django
django.setup()
from django.db import OperationalError, close_old_connections, connection
from wagtail_kundenforum.middleware import DatabaseUnavailableMiddleware

if SERVING:
    DatabaseUnavailableMiddleware(lambda request: None)  # as the WSGI handler loads it

def query(sql):
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
        error = ""
    except OperationalError as exception:
        error = str(exception)
    close_old_connections()  # as at the end of each request
    return {"seconds": time.monotonic() - started, "error": error}

print(json.dumps({"slow": query("SELECT pg_sleep(3)"), "next": query("SELECT 1")}))
"""


def query_a_slow_statement(serving, **timeouts):
    """{"slow": {"seconds", "error"}, "next": ...} of a 3 s statement and a query after it,
    on this run's PostgreSQL with the production settings."""
    snippet = f"SERVING = {serving!r}\n{QUERY_A_SLOW_STATEMENT}"
    # The server's maintenance database: the statements need no tables, and the test run's
    # own database may not exist (pytest-django creates test_<name> beside it).
    server = urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres").geturl()
    result = run_python("-c", snippet, DATABASE_URL=server, **timeouts)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.postgres
def test_the_server_ends_a_slow_statement_before_the_answer_deadline():
    answers = query_a_slow_statement(serving=True, DATABASE_STATEMENT_SECONDS="1")
    assert "statement timeout" in answers["slow"]["error"]
    assert answers["slow"]["seconds"] < 2  # the deadline (2 s) did not have to act
    assert answers["next"]["error"] == ""


@pytest.mark.postgres
def test_a_serving_process_gives_up_a_connection_that_does_not_answer():
    """A statement the server does not end (its timeout off) stands for a silent server: a
    process that serves requests gives the connection up after the answer deadline and the
    next request connects anew; a management command waits as long as its work takes."""
    limits = {"DATABASE_STATEMENT_SECONDS": "0", "DATABASE_ANSWER_SECONDS": "1"}
    serving = query_a_slow_statement(serving=True, **limits)
    assert "no answer within 1.0 s" in serving["slow"]["error"]
    assert 1 <= serving["slow"]["seconds"] < 2
    assert serving["next"]["error"] == ""
    command = query_a_slow_statement(serving=False, **limits)
    assert command["slow"] == {"seconds": command["slow"]["seconds"], "error": ""}
    assert command["slow"]["seconds"] >= 3
