"""Pages keep serving when Redis is down, and a database outage gets a friendly 503.

The real faults against a real multi-process server are in ``reliability/``; here the parts
are pinned one by one: the fail-safe cache backend against a Redis that does not answer,
and the 503 middleware.
"""

import time

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from tests.support.helpers import comment_data, make_index, make_report
from wagtail_kundenforum.cache_backends import FailSafeRedisCache
from wagtail_kundenforum.middleware import DatabaseUnavailableMiddleware
from wagtail_kundenforum.models import ReaderComment

# The discard port: nothing listens there, so every Redis call is refused at once.
NO_REDIS = "redis://127.0.0.1:9/0"
REDIS_URL = "redis://127.0.0.1:6379/0"


def fail_safe_cache(location):
    return FailSafeRedisCache(location, {"OPTIONS": {"socket_connect_timeout": 0.5}})


def test_a_redis_that_is_down_counts_as_a_miss():
    cache = fail_safe_cache(NO_REDIS)
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("key", 1) is False
    assert cache.set_many({"a": 1}) == ["a"]  # Django's way to say: not stored
    cache.set("key", 1)
    cache.delete("key")
    with pytest.raises(Exception):  # noqa: B017 - a counter must never read an outage as 0
        cache.incr("key")
    # After the first error Redis is left alone for a while: a hung one costs no more waits.
    assert cache.paused_until > time.monotonic()


@pytest.mark.redis
def test_a_redis_that_answers_is_an_ordinary_cache():
    cache = fail_safe_cache(REDIS_URL)
    cache.key_prefix = "kf-resilience-test"
    try:
        cache.set("key", {"value": 1}, 30)
        assert cache.get("key") == {"value": 1}
        assert cache.add("counter", 0, 30) is True
        assert cache.incr("counter") == 1
    finally:
        cache.delete_many(["key", "counter"])


@pytest.fixture
def no_redis(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "wagtail_kundenforum.cache_backends.FailSafeRedisCache",
            "LOCATION": NO_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }


@pytest.mark.django_db
def test_pages_and_comments_work_while_redis_is_down(client, no_redis, settings):
    settings.KUNDENFORUM_RATE_LIMITS = [(1, 3600)]
    report = make_report(make_index())
    assert client.get(report.url).status_code == 200
    # The rate limit cannot count and fails open: both comments are taken (and moderated).
    for text in ("Erster Kommentar", "Zweiter Kommentar"):
        response = client.post(report.url, comment_data(report, text=text))
        assert response.status_code == 302
    assert ReaderComment.objects.count() == 2


def answer_of(middleware, request, exception):
    return middleware.process_exception(request, exception)


def test_a_database_outage_answers_503_and_shows_the_text_back():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().post(
        "/news/report/", {"text": "Mein <b>Vorschlag</b>", "email": "erika@example.org"}
    )
    response = answer_of(middleware, request, OperationalError("connection refused"))
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "Mein &lt;b&gt;Vorschlag&lt;/b&gt;" in html
    assert "erika@example.org" not in html


def test_other_errors_are_left_to_django():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    assert answer_of(middleware, request, ValueError("a bug")) is None
