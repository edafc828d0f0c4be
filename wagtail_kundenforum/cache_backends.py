"""A Redis cache that a Redis outage cannot take down with it.

Wagtail reads the default cache on every request (the sites' root paths, settings); with
Django's own ``RedisCache`` a Redis that is down or unreachable turns every page into a
server error. ``FailSafeRedisCache`` counts such an error as a miss: reads return the
default, writes do nothing, each failure is logged, and Redis is left alone for a few
seconds, so that one that hangs costs its timeout once, not on every call. ``incr`` still
raises, as Django's does for a missing key, so that a counter never mistakes an outage for
a count (the comment rate limit then fails open: see ``ratelimit.py``).

    CACHES = {"default": {
        "BACKEND": "wagtail_kundenforum.cache_backends.FailSafeRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }}
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


# After an error Redis is left alone this long: a Redis that hangs would otherwise cost
# every cache call of every request its socket timeout.
PAUSE_SECONDS = 5


def _miss(answer):
    """Run the method; on a Redis error log it and return ``answer(*args, **kwargs)``."""

    def decorate(method):
        @functools.wraps(method)
        def safe(self, *args, **kwargs):
            if time.monotonic() < self.paused_until:
                return answer(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except RedisError:
                logger.warning("Redis cache unavailable: %s counts as a miss.", method.__name__)
                self.paused_until = time.monotonic() + PAUSE_SECONDS
                return answer(*args, **kwargs)

        return safe

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


class FailSafeRedisCache(RedisCache):
    paused_until = 0.0  # per process: time.monotonic() before which Redis is not asked

    get = _miss(_default)(RedisCache.get)
    get_many = _miss(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _miss(lambda *args, **kwargs: False)(RedisCache.has_key)
    add = _miss(lambda *args, **kwargs: False)(RedisCache.add)
    set = _miss(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = _miss(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    touch = _miss(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _miss(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _miss(lambda *args, **kwargs: None)(RedisCache.delete_many)
    clear = _miss(lambda *args, **kwargs: False)(RedisCache.clear)

    def incr(self, key, delta=1, version=None):
        # Raises while Redis is left alone, as on an error: a count that cannot be made
        # must never read as a count.
        if time.monotonic() < self.paused_until:
            raise ValueError("Redis is unavailable: nothing counted.")
        try:
            return super().incr(key, delta, version)
        except RedisError:
            self.paused_until = time.monotonic() + PAUSE_SECONDS
            raise
