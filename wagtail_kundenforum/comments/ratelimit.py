"""A per-IP flood limit counted in Django's cache, so it holds across processes (Redis)."""

import logging
import time

from django.core.cache import cache

from ..conf import get_setting
from .privacy import rate_limit_network

logger = logging.getLogger(__name__)


def is_rate_limited(ip):
    """Count one comment for ``ip``; True when any window of KUNDENFORUM_RATE_LIMITS is full.

    IPv6 addresses are counted by their /64 (``privacy.rate_limit_network``): a reader holds
    the whole prefix and could otherwise post from a fresh address each time.

    Each window's key holds the window's number, so a key that expires between ``add`` and
    ``incr`` can never block an address for good. ``add`` + ``incr`` are atomic in Redis and
    Memcached. When the cache is down the limit fails open: comments are still moderated,
    and losing a reader's comment is worse than a short flood.
    """
    now = time.time()
    network = rate_limit_network(ip)
    limited = False
    for limit, seconds in get_setting("KUNDENFORUM_RATE_LIMITS"):
        key = f"kundenforum:rate:{seconds}:{int(now // seconds)}:{network}"
        try:
            cache.add(key, 0, timeout=seconds + 1)
            count = cache.incr(key)
        except Exception:
            logger.warning("Rate limit not checked: the cache is unavailable.", exc_info=True)
            return False
        limited = limited or count > limit
    return limited
