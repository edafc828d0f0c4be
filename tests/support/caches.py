"""Running a test on Django's default cache and on Redis, the cache a real deployment shares."""

import os
import uuid

import redis

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def each_cache(request, settings):
    """The body of a fixture parametrized with "locmem" and "redis": on Redis the test runs
    under keys of its own, removed afterwards (other tests share the server)."""
    if request.param == "locmem":
        yield request.param
        return
    prefix = f"kf-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield request.param
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)
