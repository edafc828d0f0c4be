"""Caching that is never stale: the tracker's results and each page's comment list.

A cached value's key holds the current *version* of what it shows: one version for every
suggestion list (``TRACKER``) and one per commented page (``comments_scope``). The versions
live in the database (``CacheVersion``), not in the cache, and a change replaces its
scope's version with a new random token *in the same transaction*. So the new version
becomes visible exactly when the change does, to every process (another worker, another
machine, a management command), whatever the cache backend, and a cache that fails or
stalls can never lose it: the cache only stores values under versions it does not decide.

A request reads a scope's version before it reads the data, so a value built from data
older than a change is only ever stored under the version that the change replaced. Within
one request each scope's version is read once (``remember_versions``).

Keys also hold the app's version (a deploy never serves old fragments) and everything
besides the data that an output depends on, built in one place: ``variant``. Only canonical
requests are cached: a caller passes ``cacheable=False`` for anything else (a free-text
search, a page number written oddly), and ``store_if`` keeps a value out of the cache when
it answers a request that is not valid (a page past the last). So junk query strings cost
a build each, and no memory.

Never cache anything that holds a form: a CSRF token or a signed time stamp would be served
to other readers (DESIGN.md, Known traps). Wagtail reads the default cache on every request,
so a cache that is down counts as a miss here and never fails a page. After the commit,
``changes_committed`` tells its receivers what changed, once per transaction: the app
connects the front-end cache's purge to it (``apps.py``) when
``wagtail.contrib.frontend_cache`` is installed.
"""

import hashlib
import logging
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import get_language

from . import __version__
from .conf import get_setting
from .models import CacheVersion

logger = logging.getLogger(__name__)

TRACKER = "tracker"
PREFIX = "kundenforum"
# Versions keep entries from going stale; the timeout only frees keys no longer asked for.
TIMEOUT = 60 * 60

# {scope: version} read during the current request; None outside a request.
_request_versions = ContextVar("kundenforum_cache_versions", default=None)
# The scopes a ``retire_at_end`` block has changed so far; None outside one.
_deferred_scopes = ContextVar("kundenforum_deferred_scopes", default=None)

# Sent once after the commit of a transaction that changed what readers see, with
# changes=CommittedChanges. A signal, not an import: what reacts to a change (the front-end
# cache's purge, connected in ``apps.py``) sits above this layer.
changes_committed = Signal()


def comments_scope(page_id):
    return f"comments:{page_id}"


def variant(request=None, **parts):
    """Everything besides the data that a cached output depends on, as one sorted tuple.

    The app's and the site's release (``KUNDENFORUM_CACHE_RELEASE``), the language and the
    time zone always; with a ``request`` also the
    scheme and host it was asked for (absolute links, the site); and the caller's ``parts``
    (filters, page number, options). A part left out would serve one reader's output to
    another: tests vary each part (``tests/test_cache_keys.py``).
    """
    common = {
        "app": __version__,
        "release": get_setting("KUNDENFORUM_CACHE_RELEASE"),
        "language": get_language(),
        "timezone": timezone.get_current_timezone_name(),
    }
    if request is not None:
        common["origin"] = f"{request.scheme}://{request.get_host()}"
    return tuple(sorted({**common, **parts}.items()))


def cached(scope, build, *, request=None, parts=None, cacheable=True, store_if=None):
    """The value ``build()`` returns, cached under ``scope``'s version and ``variant``.

    ``cacheable=False`` builds without the cache; ``store_if(value)`` False keeps the value
    out of it (the request was not a valid one)."""
    if not cacheable:
        return build()
    version = current_version(scope)  # before the data is read: see the module's docstring
    key = _key(scope, version, variant(request, **(parts or {})))
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("Cache unavailable; %s built without it.", scope, exc_info=True)
        return build()
    if value is None:
        value = build()
        if store_if is None or store_if(value):
            _store(key, value, scope)
    return value


def _key(scope, version, parts):
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{PREFIX}:{scope}:{version}:{digest}"


def _store(key, value, scope):
    try:
        cache.set(key, value, TIMEOUT)
    except Exception:
        logger.warning("Cache unavailable; %s not stored.", scope, exc_info=True)


def current_version(scope):
    """``scope``'s version as the database holds it (created on first use)."""
    remembered = _request_versions.get()
    if remembered is not None and scope in remembered:
        return remembered[scope]
    # The tracker's version comes along: a page that shows comments and the tracker, as the
    # example's pages can, reads both versions with one query.
    versions = _read_versions({scope, TRACKER})
    if scope not in versions:
        # First use: concurrent first readers agree on whichever row was written first.
        CacheVersion.objects.bulk_create(
            [CacheVersion(scope=scope, token=uuid.uuid4().hex)], ignore_conflicts=True
        )
        versions = _read_versions({scope})
    if remembered is not None:
        remembered.update(versions)
    return versions[scope]


def _read_versions(scopes):
    return dict(CacheVersion.objects.filter(scope__in=scopes).values_list("scope", "token"))


def retire(scopes):
    """Give ``scopes`` new versions, in the current transaction (so in step with the data).

    A new random token, never a counter: a version that was once current never comes back,
    so no entry stored under it can be served again, after a restore from a backup too.
    Inside ``retire_at_end`` the scopes are retired when the block ends."""
    deferred = _deferred_scopes.get()
    if deferred is not None:
        deferred.update(scopes)
        return
    versions = [CacheVersion(scope=scope, token=uuid.uuid4().hex) for scope in sorted(scopes)]
    if not versions:
        return
    # Sorted: transactions that retire several scopes lock their rows in one order.
    CacheVersion.objects.bulk_create(
        versions, update_conflicts=True, unique_fields=["scope"], update_fields=["token"]
    )
    remembered = _request_versions.get()
    if remembered is not None:
        remembered.update((version.scope, version.token) for version in versions)


@contextmanager
def retire_at_end():
    """Retire what the block changes once, when it ends (use it inside the transaction).

    A version's row is locked from its retirement to the commit, so every transaction takes
    it last, after its own rows: a single save does, in its signal. A transaction that
    changes many rows (an import, a bulk action, an erasure) would otherwise hold the
    tracker's row while it waits for the next suggestion, which a publishing editor holds
    while waiting for the tracker's row: a deadlock. Within the block nothing is retired
    until its end, and then in one sorted statement."""
    if _deferred_scopes.get() is not None:  # nested: the outer block retires
        yield
        return
    scopes = set()
    token = _deferred_scopes.set(scopes)
    try:
        yield
    finally:
        _deferred_scopes.reset(token)
    retire(scopes)  # not reached after an error: the transaction is rolled back anyway


def remember_versions(**kwargs):
    """Read each scope's version once per request (connected to Django's request signals).

    A version read earlier in the same request is at worst older than the data read later,
    and a value stored under a retired version is never served."""
    _request_versions.set({})


def forget_versions(**kwargs):
    _request_versions.set(None)


def connect():
    request_started.connect(remember_versions, dispatch_uid="kundenforum-cache-versions")
    request_finished.connect(forget_versions, dispatch_uid="kundenforum-cache-versions")


def tracker_changed(suggestion_ids=()):
    """Suggestions, their statuses, topics or forums changed (``suggestion_ids``: which).

    Call it inside the transaction that makes the change, after the change (see
    ``retire_at_end``)."""
    retire([TRACKER])
    _send_after_commit(tracker=True, suggestion_ids=suggestion_ids)


def comments_changed(page_ids):
    """What the comment lists of ``page_ids`` show changed (inside the changing transaction)."""
    page_ids = set(page_ids)
    retire(comments_scope(page_id) for page_id in page_ids)
    _send_after_commit(page_ids=page_ids)


class CommittedChanges:
    """What a transaction changed, sent once with ``changes_committed`` after the commit."""

    def __init__(self):
        self.tracker = False
        self.suggestion_ids = set()  # whose public pages changed
        self.comment_page_ids = set()

    def __call__(self):
        changes_committed.send(sender=CommittedChanges, changes=self)


def _send_after_commit(tracker=False, suggestion_ids=(), page_ids=()):
    """Add to this transaction's CommittedChanges, so that a thousand saves are sent once;
    nothing when no receiver listens. A rollback drops it with the other on-commit
    callbacks; outside a transaction it is sent at once."""
    if not changes_committed.has_listeners():
        return
    pending = [entry[1] for entry in transaction.get_connection().run_on_commit]
    changes = next((f for f in pending if isinstance(f, CommittedChanges)), None)
    scheduled = changes is not None
    changes = changes or CommittedChanges()
    changes.tracker = changes.tracker or tracker
    changes.suggestion_ids.update(suggestion_ids)
    changes.comment_page_ids.update(page_ids)
    if not scheduled:
        transaction.on_commit(changes)  # filled first: outside a transaction it runs now
