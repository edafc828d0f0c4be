"""Many readers at once on a real multi-process server: one row per comment, limits hold."""

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.cookies import SimpleCookie

import pytest

from tests.support.server import live_gunicorn  # noqa: F401
from wagtail_kundenforum.comments.form import sign_form
from wagtail_kundenforum.models import ReaderComment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLIENTS = 16


class CsrfTokenParser(HTMLParser):
    token = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken":
            self.token = attrs.get("value")


class Reader:
    """One browser: the CSRF cookie and form token it got from the page, then its posts."""

    def __init__(self, server, page):
        self.server, self.page = server, page
        response = server.request("GET", page.url)
        assert response.status == 200, response.body
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie", []):
            cookies.load(header)
        parser = CsrfTokenParser()
        parser.feed(response.body)
        assert parser.token, "the page renders no comment form"
        self.cookie, self.token = cookies["csrftoken"].value, parser.token

    def post_comment(self, text):
        data = {
            "csrfmiddlewaretoken": self.token,
            "name": "Erika Muster",
            "email": "erika@example.org",
            "url": "",
            "text": text,
            "consent": "on",
            "parent": "",
            "kf_started": sign_form(self.page),
            "kf_topic": "",
        }
        headers = {"Cookie": f"csrftoken={self.cookie}"}
        return self.server.request("POST", self.page.url, data, headers)

    def post_at_once(self, texts):
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            return list(pool.map(self.post_comment, texts))


def inside_one_window(seconds, margin=30):
    """Rate-limit counts restart with each window: keep a burst from straddling two."""
    left = seconds - time.time() % seconds
    if left < margin:
        time.sleep(left + 0.5)


# The fixture is imported, so ruff sees the parameter shadow it (F811).
def test_fifty_identical_posts_at_once_store_one_comment(live_gunicorn, report):  # noqa: F811
    server = live_gunicorn(rate_limits=[])
    reader = Reader(server, report)
    responses = reader.post_at_once(["Bitte wieder eine Festnetznummer."] * 50)
    assert Counter(r.status for r in responses) == {302: 50}, server.log()
    assert ReaderComment.objects.filter(page=report).count() == 1
    assert "Traceback" not in server.log()


def test_the_rate_limit_holds_across_worker_processes(live_gunicorn, report):  # noqa: F811
    server = live_gunicorn(rate_limits=[[5, 3600]])
    reader = Reader(server, report)
    texts = [f"Vorschlag Nummer {n}." for n in range(40)]
    inside_one_window(3600)
    responses = reader.post_at_once(texts)
    assert Counter(r.status for r in responses) == {302: 5, 429: 35}, server.log()
    assert ReaderComment.objects.filter(page=report).count() == 5
    limited = [(text, r.body) for text, r in zip(texts, responses, strict=True) if r.status == 429]
    assert all(text in body for text, body in limited), "the form keeps what was typed"
    assert "Traceback" not in server.log()
