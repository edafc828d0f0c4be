"""Settings of the example site (make demo): SQLite by default, DATABASE_URL when set.

For local demonstration; DEBUG is on unless DJANGO_DEBUG=0.
"""

import os
from pathlib import Path

import dj_database_url

from example.demo_address import admin_base_url

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "example-project-local-demo-only")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "example.home",
    "wagtail_kundenforum",
    "django_tasks_db",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example.urls"
WSGI_APPLICATION = "example.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "example" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ]
        },
    }
]

# SQLite in WAL mode with immediate transactions, so that concurrent comment posts wait
# for the write lock instead of failing with "database is locked".
# Connections are kept for a minute (checked before reuse): opening one costs a PostgreSQL
# server more than a comment post does.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    ),
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "german"}
    }
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "example" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

WAGTAIL_SITE_NAME = "Stadtwerke Musterstadt"
# The admin's address in e-mails: the environment's, else the port that ``kundenforum_demo
# --port`` last set the demo up on (``make demo PORT=…``).
DEMO_PORT_FILE = Path(os.environ.get("DEMO_PORT_FILE", BASE_DIR / ".demo-port"))
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or admin_base_url(DEMO_PORT_FILE)
# No outbound requests: no avatars from gravatar, no update check against wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Tasks: Wagtail's own (search index, references) run at once, as they always did (Wagtail
# uses the django-tasks backport on every Django version); the app's e-mail goes to a queue
# in the database, sent by a worker outside the requests (``manage.py db_worker --backend
# kundenforum_mail``: make demo and make serve-prod start it). ``manage.py
# kundenforum_send_mail`` from cron sends what a lost task left behind.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "kundenforum_mail": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
KUNDENFORUM_MAIL_TASK_BACKEND = "kundenforum_mail"
KUNDENFORUM_BASE_TEMPLATE = "base.html"
