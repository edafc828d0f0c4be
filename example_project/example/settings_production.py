"""Production settings of the example site, read from the environment (``make serve-prod``).

Required: ``SECRET_KEY``, ``DATABASE_URL`` (PostgreSQL), ``REDIS_URL`` (or ``locmem``: a cache
per process), ``ALLOWED_HOSTS`` (comma-separated). Optional: ``TRUSTED_PROXIES``
(comma-separated addresses of the reverse proxies whose ``X-Forwarded-For`` and
``X-Forwarded-Proto`` are believed), ``EMAIL_HOST``,
``EMAIL_PORT``, ``EMAIL_HOST_USER``, ``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``,
``DEFAULT_FROM_EMAIL``, ``WAGTAILADMIN_BASE_URL``, ``HSTS_SECONDS``, the comment
defences ``KUNDENFORUM_RATE_LIMITS`` (JSON, e.g. ``[[1, 15], [10, 3600]]``) and
``KUNDENFORUM_MIN_SUBMIT_SECONDS``, and the timeouts ``DATABASE_CONNECT_SECONDS`` (3),
``DATABASE_STATEMENT_SECONDS`` (5), ``DATABASE_LOCK_SECONDS`` (3),
``DATABASE_ANSWER_SECONDS`` (the statement timeout + 1) and ``REDIS_TIMEOUT_SECONDS`` (0.25).
"""

import json
import os

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import MIDDLEWARE


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The production settings need {name} in the environment.")
    return value


def listed(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = listed("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("The production settings need ALLOWED_HOSTS in the environment.")


def seconds(name, default):
    return float(os.environ.get(name, default))


# Timeouts, so that no worker waits for the database for longer than a reader would: a
# database that is slow, locked, unreachable or silent costs a request a few seconds and
# gets the reader the 503 page with the unsent text (wagtail_kundenforum.middleware), where
# it would otherwise hold the worker until gunicorn kills it (--timeout) and answers 500.
# A management command that runs long statements on purpose may lift the statement timeout
# for its run: DATABASE_STATEMENT_SECONDS=0 (off) manage.py ...
DATABASE_CONNECT_SECONDS = int(seconds("DATABASE_CONNECT_SECONDS", 3))  # libpq: whole, >= 2
DATABASE_STATEMENT_SECONDS = seconds("DATABASE_STATEMENT_SECONDS", 5)
DATABASE_LOCK_SECONDS = seconds("DATABASE_LOCK_SECONDS", 3)
# Longer than any request of gunicorn's (--timeout 30): a transaction left open by a process
# that hangs (a forgotten shell, a stuck command) must not hold its locks for good.
DATABASE_IDLE_IN_TRANSACTION_SECONDS = 60


def milliseconds(value):
    return int(value * 1000)


DATABASES = {
    "default": dj_database_url.parse(  # noqa: F405
        required("DATABASE_URL"), conn_max_age=60, conn_health_checks=True
    )
}
POSTGRESQL_TIMEOUTS = {
    # The connection attempt, when nothing or something silent answers (a firewall that
    # drops packets, a server that accepts and never replies).
    "connect_timeout": DATABASE_CONNECT_SECONDS,
    # Ended by the server: a runaway query, and a wait for a lock (a lock wait is reported
    # as such, shorter than a statement). An idle transaction is ended for its locks' sake.
    "options": " ".join(
        [
            f"-c statement_timeout={milliseconds(DATABASE_STATEMENT_SECONDS)}",
            f"-c lock_timeout={milliseconds(DATABASE_LOCK_SECONDS)}",
            "-c idle_in_transaction_session_timeout="
            f"{milliseconds(DATABASE_IDLE_IN_TRANSACTION_SECONDS)}",
        ]
    ),
    # A server or network that is gone while a kept connection (CONN_MAX_AGE) is idle is
    # noticed by TCP keepalive probes (after 10 + 3 x 5 s), and data the network never
    # acknowledges ends the connection after 10 s, in management commands too.
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,
}
# libpq's parameters (the settings' own tests run the site on SQLite). The URL's own options
# (?sslmode=..., ?connect_timeout=...) win.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        **POSTGRESQL_TIMEOUTS,
        **DATABASES["default"].get("OPTIONS", {}),
    }
# A server that is up but silent (frozen, or a pooler in front of a dead one) still
# acknowledges every packet: neither TCP nor its own timeouts end that wait. The middleware
# closes a connection that has given no answer this long, a little after the statement
# timeout so that a slow query is always ended by the server first. 0: no limit.
KUNDENFORUM_DATABASE_ANSWER_SECONDS = (
    seconds(
        "DATABASE_ANSWER_SECONDS", DATABASE_STATEMENT_SECONDS and DATABASE_STATEMENT_SECONDS + 1
    )
    or None
)
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "german"}
}

# One cache for all processes: fragments, the comment rate limit, Wagtail's own entries. An
# outage counts as a miss, so pages still serve (the rate limit then fails open). Redis
# answers on the same network within a millisecond: a quarter second is a Redis that is
# gone or hung, and each cache call costs at most that (no retry: redis-py retries only when
# told to), connecting or waiting for an answer.
REDIS_TIMEOUT_SECONDS = seconds("REDIS_TIMEOUT_SECONDS", 0.25)
CACHES = {
    "default": {
        "BACKEND": "wagtail_kundenforum.cache_backends.FailSafeRedisCache",
        "LOCATION": required("REDIS_URL"),
        "OPTIONS": {
            "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
            "socket_timeout": REDIS_TIMEOUT_SECONDS,
        },
    }
}
# REDIS_URL=locmem: a cache of each process's own, as a site without a shared cache has it
# (pages are never stale: the cache versions live in the database; the rate limit then
# counts per process).
if CACHES["default"]["LOCATION"] == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Reverse proxies: only these may tell the reader's address and that the request came by
# HTTPS (``example.middleware.TrustedProxyMiddleware`` drops the headers from anyone else).
KUNDENFORUM_TRUSTED_PROXIES = listed("TRUSTED_PROXIES")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = False

if "KUNDENFORUM_RATE_LIMITS" in os.environ:
    KUNDENFORUM_RATE_LIMITS = json.loads(os.environ["KUNDENFORUM_RATE_LIMITS"])
if "KUNDENFORUM_MIN_SUBMIT_SECONDS" in os.environ:
    KUNDENFORUM_MIN_SUBMIT_SECONDS = int(os.environ["KUNDENFORUM_MIN_SUBMIT_SECONDS"])
# The outbox's retries (the reliability suite shortens the delay to see the mail arrive).
if "KUNDENFORUM_MAIL_RETRY_SECONDS" in os.environ:
    KUNDENFORUM_MAIL_RETRY_SECONDS = int(os.environ["KUNDENFORUM_MAIL_RETRY_SECONDS"])

SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is a promise to browsers that is slow to take back: start with a small
# HSTS_SECONDS and raise it once HTTPS works everywhere.
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# The public pages load nothing from elsewhere and run no script; the Wagtail admin needs
# its inline scripts and styles and is left to Wagtail.
KUNDENFORUM_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

MIDDLEWARE = [
    "example.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *[name for name in MIDDLEWARE if name != "django.middleware.security.SecurityMiddleware"],
    "example.middleware.ContentSecurityPolicyMiddleware",
    "wagtail_kundenforum.middleware.DatabaseUnavailableMiddleware",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_TIMEOUT = 5
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kundenforum@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
