"""A per-IP flood limit counted in Django's cache, so it holds across processes (Redis),
for each form that readers send: comments (``KUNDENFORUM_RATE_LIMITS``) and requests to
follow (``KUNDENFORUM_FOLLOW_RATE_LIMITS``), each counted on its own."""

import logging
import math
import time
from dataclasses import dataclass

from django.core.cache import cache

from .conf import get_setting
from .privacy import rate_limit_network

logger = logging.getLogger(__name__)


def now():
    """The clock of the rate limit (seconds since the epoch); tests replace it."""
    return time.time()


@dataclass(frozen=True)
class RateLimitRefusal:
    """A post refused by the limit: from ``retry_at`` (seconds since the epoch) on, when
    every full window has turned, the address may post again (``wait`` seconds from now)."""

    retry_at: int
    wait: int


def window_key(seconds, number, network, scope):
    return f"kundenforum:rate:{scope}:{seconds}:{number}:{network}"


def check_rate_limit(ip, setting="KUNDENFORUM_RATE_LIMITS", scope="comment"):
    """Count one post of the form ``scope`` for ``ip``, or refuse it: a RateLimitRefusal
    when a window of the ``setting`` (comments': KUNDENFORUM_RATE_LIMITS) is full, else None.

    IPv6 addresses are counted by their /64 (``privacy.rate_limit_network``): a reader holds
    the whole prefix and could otherwise post from a fresh address each time.

    Windows are fixed (an hourly one turns at the full hour), and each key holds its window's
    number, so a key that expires between ``add`` and ``incr`` can never block an address for
    good. ``add`` + ``incr`` are atomic in Redis and Memcached; a refused post takes its count
    back, so a reader who waits the time we name gets through, however often they tried
    meanwhile. When the cache is down the limit fails open: comments are still moderated, and
    losing a reader's comment is worse than a short flood.
    """
    moment = now()
    network = rate_limit_network(ip)
    counted, turns = [], []
    for limit, seconds in get_setting(setting):
        number = int(moment // seconds)
        key = window_key(seconds, number, network, scope)
        try:
            cache.add(key, 0, timeout=seconds + 1)
            count = cache.incr(key)
        except Exception:
            logger.warning("Rate limit not checked: the cache is unavailable.", exc_info=True)
            return None
        counted.append(key)
        if count > limit:
            turns.append((number + 1) * seconds)
    if not turns:
        return None
    uncount(counted)
    retry_at = max(turns)
    return RateLimitRefusal(retry_at=retry_at, wait=max(1, math.ceil(retry_at - moment)))


def uncount(keys):
    """Take back the counts of a post that is not taken. A key gone meanwhile had its window
    turn: nothing to take back."""
    for key in keys:
        try:
            cache.decr(key)
        except Exception:
            logger.debug("Rate limit count %s not taken back.", key, exc_info=True)


def is_rate_limited(ip):
    """Count one comment for ``ip``; True when it is refused (see ``check_rate_limit``)."""
    return check_rate_limit(ip) is not None
