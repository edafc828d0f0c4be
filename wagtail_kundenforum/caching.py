"""Caching that is never stale: the tracker's results and each page's comment list.

A cached value's key holds the current *version* of what it shows: one version for every
suggestion list (``TRACKER``) and one per commented page (``comments_scope``). A change
retires the version, so the next request builds afresh and nothing needs to be found and
deleted. A retired version is replaced by a random new one, never a counter, so that a
version that fell out of the cache can never come back and revive old entries.

A change retires its version twice: at once, so that later reads in the same transaction
(and in tests) miss, and again after the commit, so that a value that another process built
from the data before the commit is never served. After the commit the pages concerned are
also purged from the front-end cache when ``wagtail.contrib.frontend_cache`` is installed.

Never cache anything that holds a form: a CSRF token or a signed time stamp would be served
to other readers (DESIGN.md, Known traps). Wagtail reads the default cache on every request,
so a cache that is down counts as a miss here and never fails a page.
"""

import hashlib
import logging
import uuid

from django.apps import apps
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

TRACKER = "tracker"
PREFIX = "kundenforum"
# Versions keep entries from going stale; the timeout frees unused keys, and bounds how long
# a change made while the cache could not be reached (but kept its entries) stays unseen.
TIMEOUT = 60 * 60


def comments_scope(page_id):
    return f"comments:{page_id}"


def cached(scope, parts, build):
    """The value ``build()`` returns, cached under ``scope``'s version and ``parts``.

    ``parts`` must name everything besides the data that the value depends on (filters,
    language, options); they are hashed into the key.
    """
    version = current_version(scope)
    if version is None:
        return build()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"{PREFIX}:{scope}:{version}:{digest}"
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("Cache unavailable; %s built without it.", scope, exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, TIMEOUT)
        except Exception:
            logger.warning("Cache unavailable; %s not stored.", scope, exc_info=True)
    return value


def current_version(scope):
    """``scope``'s version, a new one if the cache has none; None when the cache is down."""
    key = f"{PREFIX}:version:{scope}"
    try:
        version = cache.get(key)
        if version is None:
            cache.add(key, uuid.uuid4().hex, None)
            version = cache.get(key)
        return version
    except Exception:
        logger.warning("Cache unavailable; %s not cached.", scope, exc_info=True)
        return None


def retire(scopes):
    versions = {f"{PREFIX}:version:{scope}": uuid.uuid4().hex for scope in scopes}
    try:
        failed = cache.set_many(versions, None)
    except Exception:
        failed = list(versions)
    if failed:
        # A cache that is down serves nothing; one that kept its entries through the outage
        # serves them until TIMEOUT.
        logger.error("Cache unavailable: %s may show old content for up to an hour.", scopes)


class AfterCommit:
    """What a transaction changed: retired again and purged once, after the commit."""

    def __init__(self):
        self.tracker = False
        self.suggestion_ids = set()  # whose public pages to purge
        self.comment_page_ids = set()

    @property
    def scopes(self):
        tracker = [TRACKER] if self.tracker else []
        return tracker + [comments_scope(page_id) for page_id in sorted(self.comment_page_ids)]

    def __call__(self):
        retire(self.scopes)
        if apps.is_installed("wagtail.contrib.frontend_cache"):
            from .frontend_cache import purge

            purge(self)


def tracker_changed(suggestion_ids=()):
    """Suggestions, their statuses, topics or forums changed (``suggestion_ids``: which)."""
    after_commit = _after_commit()
    after_commit.tracker = True
    after_commit.suggestion_ids.update(suggestion_ids)
    _schedule(after_commit, [TRACKER])


def comments_changed(page_ids):
    """What the comment lists of ``page_ids`` show changed."""
    after_commit = _after_commit()
    page_ids = set(page_ids)
    after_commit.comment_page_ids.update(page_ids)
    _schedule(after_commit, [comments_scope(page_id) for page_id in page_ids])


def _after_commit():
    """This transaction's AfterCommit, so that a thousand saves purge once, not a thousand
    times. A rollback drops it with the other callbacks, and with it any stale state."""
    pending = (f for f in _callbacks() if isinstance(f, AfterCommit))
    return next(pending, None) or AfterCommit()


def _schedule(after_commit, scopes):
    """Retire ``scopes`` at once and run ``after_commit`` after the commit (at once outside a
    transaction)."""
    if not transaction.get_connection().in_atomic_block:
        after_commit()
        return
    retire(scopes)
    if after_commit not in _callbacks():
        transaction.on_commit(after_commit)


def _callbacks():
    # Django keeps the callbacks as (savepoint ids, callable, robust) tuples.
    return [entry[1] for entry in transaction.get_connection().run_on_commit]
