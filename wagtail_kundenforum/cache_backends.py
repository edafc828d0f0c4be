"""A Redis cache that a Redis outage cannot take down with it.

Wagtail reads the default cache on every request (the sites' root paths, settings); with
Django's own ``RedisCache`` a Redis that is down or unreachable turns every page into a
server error. ``FailSafeRedisCache`` counts such an error as a miss: reads return the
default, writes do nothing, and each failure is logged. ``incr`` still raises, as Django's
does for a missing key, so that a counter never mistakes an outage for a count (the comment
rate limit then fails open: see ``ratelimit.py``).

    CACHES = {"default": {
        "BACKEND": "wagtail_kundenforum.cache_backends.FailSafeRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _miss(answer):
    """Run the method; on a Redis error log it and return ``answer(*args, **kwargs)``."""

    def decorate(method):
        @functools.wraps(method)
        def safe(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError:
                logger.warning("Redis cache unavailable: %s counts as a miss.", method.__name__)
                return answer(*args, **kwargs)

        return safe

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


class FailSafeRedisCache(RedisCache):
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
