"""Every KUNDENFORUM_* Django setting with its default, read at call time.

Read settings through ``get_setting`` when they are needed, never at import time, so that
``override_settings`` in tests and late configuration in a site both take effect.
"""

from django.conf import settings

DEFAULTS = {
    # Seconds a reader must at least spend before a comment form may be sent.
    "KUNDENFORUM_MIN_SUBMIT_SECONDS": 3,
    # Seconds after which a comment form's signed time stamp has expired.
    "KUNDENFORUM_MAX_FORM_AGE": 7200,
    # (comments, seconds) windows per IP address; an empty list switches the limit off.
    "KUNDENFORUM_RATE_LIMITS": [(1, 15), (10, 3600)],
    # IP addresses of reverse proxies whose X-Forwarded-For header is trusted.
    "KUNDENFORUM_TRUSTED_PROXIES": [],
    # "truncated" stores the reader's IP address with its host part removed; "none" stores none.
    "KUNDENFORUM_STORE_IP": "truncated",
    # Days after which stored IP addresses are removed by kundenforum_purge.
    "KUNDENFORUM_IP_RETENTION_DAYS": 7,
    # Dotted paths of extra spam checkers (callables taking a comment and the request).
    "KUNDENFORUM_SPAM_CHECKERS": [],
    # The site template that the app's public pages extend; the app's own is the fallback.
    "KUNDENFORUM_BASE_TEMPLATE": "base.html",
    # Days after which a published suggestion without a public answer shows on the dashboard.
    "KUNDENFORUM_UNANSWERED_DAYS": 30,
    # The TASKS alias that delivers the outbox's e-mail; None: no task, only the sweep
    # command (kundenforum_send_mail) sends. An immediate backend sends inside the request.
    "KUNDENFORUM_MAIL_TASK_BACKEND": "default",
    # Tries of one e-mail before it is kept as failed (and shown in the admin).
    "KUNDENFORUM_MAIL_MAX_ATTEMPTS": 8,
    # Seconds before the first retry; doubled after each failure, at most an hour.
    "KUNDENFORUM_MAIL_RETRY_SECONDS": 60,
    # Seconds a sender holds its claim on an e-mail; then another may send it (keep it well
    # above EMAIL_TIMEOUT: a sender still talking to the server past it may send it twice).
    "KUNDENFORUM_MAIL_CLAIM_SECONDS": 300,
    # Days after which sent and failed e-mails are deleted by kundenforum_send_mail.
    "KUNDENFORUM_MAIL_RETENTION_DAYS": 30,
    # Bytes an import file (CSV or XLSX) may have; an XLSX may unpack to twice as much.
    # 5 MiB holds the 10,000 rows an import takes at about 500 bytes of text each.
    "KUNDENFORUM_IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    # The STORAGES alias where the admin keeps a checked import file until the editor
    # confirms it (an hour at most); None: a private folder in the system's temporary
    # directory, shared by the processes of one machine. Sites on several machines name a
    # shared storage that is not public.
    "KUNDENFORUM_IMPORT_STORAGE": None,
    # With DatabaseUnavailableMiddleware: seconds after which a serving process gives up a
    # PostgreSQL connection that has not answered (a server that is up but silent); None:
    # no limit. Set it a little above the server's statement_timeout.
    "KUNDENFORUM_DATABASE_ANSWER_SECONDS": None,
    # Part of every cache key besides the app's version: set it to the site's release (a
    # commit, a build number) so that a deploy of changed templates starts with fresh
    # fragments too.
    "KUNDENFORUM_CACHE_RELEASE": "",
    # The alias (in WAGTAILSEARCH_BACKENDS) of the Wagtail search backend that the tracker's
    # and the API's search ask, e.g. Elasticsearch; None: the app's own search in the
    # database, which finds parts of German compound words (docs/search.md).
    "KUNDENFORUM_SEARCH_BACKEND": None,
    # Following by e-mail (docs/following.md). Days in which a request must be confirmed
    # from its e-mail; unconfirmed requests are deleted after them by kundenforum_purge.
    "KUNDENFORUM_FOLLOW_CONFIRM_DAYS": 3,
    # Days an ended subscription (with its consent record) is kept, then deleted.
    "KUNDENFORUM_FOLLOW_ENDED_RETENTION_DAYS": 30,
    # Seconds in which one address gets at most one confirmation e-mail, whoever asks: a
    # flood of requests for someone else's address sends them nothing more.
    "KUNDENFORUM_FOLLOW_CONFIRMATION_SECONDS": 24 * 3600,
    # (requests, seconds) windows per IP address for the follow form; empty: no limit.
    "KUNDENFORUM_FOLLOW_RATE_LIMITS": [(3, 60), (20, 3600)],
    # The local hour at which daily and weekly (Mondays) digests become due.
    "KUNDENFORUM_DIGEST_HOUR": 7,
}


def get_setting(name):
    """Return the Django setting ``name``, or its default from ``DEFAULTS``."""
    return getattr(settings, name, DEFAULTS[name])
