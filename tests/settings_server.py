"""Settings of the live gunicorn server of the tests (``tests.support.server``).

Several processes must see the same data and the same rate-limit counters: the server uses
the pytest process's own test database and a Redis cache. ``tests.support.server`` passes all that
through the environment, per server it starts.
"""

import json
import os

from tests.settings import *  # noqa: F403

# The test database the pytest process created (its settings as JSON); without it, the
# database of tests.settings (DATABASE_URL).
if os.environ.get("KUNDENFORUM_SERVER_DATABASE"):
    DATABASES = {"default": json.loads(os.environ["KUNDENFORUM_SERVER_DATABASE"])}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5"),
        # A prefix per server, so that runs never share rate-limit counters.
        "KEY_PREFIX": os.environ.get("KUNDENFORUM_SERVER_CACHE_PREFIX", "kundenforum-tests"),
    }
}

KUNDENFORUM_MIN_SUBMIT_SECONDS = float(os.environ.get("KUNDENFORUM_MIN_SUBMIT_SECONDS", "0"))
KUNDENFORUM_RATE_LIMITS = json.loads(os.environ.get("KUNDENFORUM_RATE_LIMITS", "[]"))

# A test server never sends mail.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# With DEBUG off Django logs server errors only by mail: show them in the server's log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR"},
        "wagtail_kundenforum": {"handlers": ["stderr"], "level": "WARNING"},
    },
}
