"""Django settings of the benchmark: the example project's, made fit for measuring.

The database is the one named by ``DATABASE_URL``, which ``benchmarks.run`` points at a
database of its own; on SQLite the example project's options apply (WAL, immediate
transactions). DEBUG is off, the cache is Django's local memory, and the two comment
defences that would refuse a load test on purpose are off: the per-IP rate limit and the
minimum time before a form may be sent.
"""

from example.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

KUNDENFORUM_RATE_LIMITS = []
KUNDENFORUM_MIN_SUBMIT_SECONDS = 0

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# With DEBUG off Django reports server errors only by mail: show them in the server's log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR"}},
}
