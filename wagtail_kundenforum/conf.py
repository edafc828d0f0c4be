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
}


def get_setting(name):
    """Return the Django setting ``name``, or its default from ``DEFAULTS``."""
    return getattr(settings, name, DEFAULTS[name])
