"""Production settings of the example site, read from the environment (``make serve-prod``).

Required: ``SECRET_KEY``, ``DATABASE_URL`` (PostgreSQL), ``REDIS_URL``, ``ALLOWED_HOSTS``
(comma-separated). Optional: ``TRUSTED_PROXIES`` (comma-separated addresses of the reverse
proxies whose ``X-Forwarded-For`` and ``X-Forwarded-Proto`` are believed), ``EMAIL_HOST``,
``EMAIL_PORT``, ``EMAIL_HOST_USER``, ``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``,
``DEFAULT_FROM_EMAIL``, ``WAGTAILADMIN_BASE_URL``, ``HSTS_SECONDS``, and the comment
defences ``KUNDENFORUM_RATE_LIMITS`` (JSON, e.g. ``[[1, 15], [10, 3600]]``) and
``KUNDENFORUM_MIN_SUBMIT_SECONDS``.
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

DATABASES = {
    "default": dj_database_url.parse(  # noqa: F405
        required("DATABASE_URL"), conn_max_age=60, conn_health_checks=True
    )
}
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "german"}
}

# One cache for all processes: fragments, the comment rate limit, Wagtail's own entries. An
# outage counts as a miss, so pages still serve (the rate limit then fails open).
CACHES = {
    "default": {
        "BACKEND": "wagtail_kundenforum.cache_backends.FailSafeRedisCache",
        "LOCATION": required("REDIS_URL"),
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
}

# Reverse proxies: only these may tell the reader's address and that the request came by
# HTTPS (``example.middleware.TrustedProxyMiddleware`` drops the headers from anyone else).
KUNDENFORUM_TRUSTED_PROXIES = listed("TRUSTED_PROXIES")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = False

if "KUNDENFORUM_RATE_LIMITS" in os.environ:
    KUNDENFORUM_RATE_LIMITS = json.loads(os.environ["KUNDENFORUM_RATE_LIMITS"])
if "KUNDENFORUM_MIN_SUBMIT_SECONDS" in os.environ:
    KUNDENFORUM_MIN_SUBMIT_SECONDS = int(os.environ["KUNDENFORUM_MIN_SUBMIT_SECONDS"])

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
