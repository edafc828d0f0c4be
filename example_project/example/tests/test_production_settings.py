"""The example's production settings (``example.settings_production``) pass Django's deploy
check and send the security headers a public site needs: HTTPS enforced, no framing, no
sniffing, a strict Content Security Policy, secure cookies, and no HTTPS claimed by anyone
but the trusted proxy.

The settings read the environment when they are imported, so each test runs them in a fresh
Python process: the settings of this test run stay untouched.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

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
