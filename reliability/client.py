"""Readers' browsers as the server sees them: through the TLS proxy, or straight at it.

The production settings serve only HTTPS, and believe ``X-Forwarded-Proto`` and
``X-Forwarded-For`` only from ``TRUSTED_PROXIES``. Loopback is all of 127.0.0.0/8 here, so
the suite's "proxy" is simply a request from ``PROXY_ADDRESS`` (the servers trust it) that
says HTTPS and appends the reader's address; a request from 127.0.0.1 is a client that
reached the server directly, which the server must not believe.
"""

import http.client
import http.cookies
import re
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

from django.core.signing import TimestampSigner

PROXY_ADDRESS = "127.0.0.2"
DIRECT_ADDRESS = "127.0.0.1"
# The reader behind the proxy (TEST-NET-3); stored truncated to its /24.
READER_ADDRESS = "203.0.113.7"
READER_NETWORK = "203.0.113.0"
HOST = "127.0.0.1"
TIMEOUT_SECONDS = 30

# ``wagtail_kundenforum.comments.form.SIGNING_SALT``, kept in step by hand (the suite loads
# no Django settings); a drift shows as every post answered 400 "could not be verified".
SIGNING_SALT = "wagtail_kundenforum.comment-form"
# A reader who took this long to write: past KUNDENFORUM_MIN_SUBMIT_SECONDS (3 s).
WRITING_SECONDS = 5
POSTED = "kf_comment="
CSRF_COOKIE = "csrftoken"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    """What a request got back; ``status`` None: no answer at all (refused, reset, cut)."""

    status: int | None
    headers: dict = field(default_factory=dict)
    body: str = ""
    seconds: float = 0.0
    error: str = ""
    set_cookies: list = field(default_factory=list)

    @property
    def location(self):
        return self.headers.get("location", "")

    @property
    def accepted(self):
        """A comment POST that the page took: the redirect back with its thank-you note."""
        return self.status == 302 and POSTED in self.location

    @property
    def server_error(self):
        return self.status is not None and self.status >= 500


class Browser:
    """One reader's browser: its cookies, and the address it comes from.

    ``via_proxy`` (the default): the request comes from the trusted proxy, which says HTTPS
    and appends ``reader_address`` to whatever X-Forwarded-For the reader sent.
    """

    def __init__(self, port, reader_address=READER_ADDRESS, via_proxy=True):
        self.port = port
        self.origin = f"https://{HOST}:{port}"
        self.reader_address = reader_address
        self.via_proxy = via_proxy
        self.cookies = {}
        self.csrf_token = ""

    def get(self, path, headers=None):
        answer = self.request("GET", path, headers=headers)
        self.remember_csrf_token(answer)
        return answer

    def post(self, path, fields, headers=None):
        return self.request("POST", path, *self.form_post(path, fields, headers))

    def form_post(self, path, fields, headers=None):
        """Body and headers of a form POST as a browser sends it over HTTPS: the CSRF token
        (the cookie comes with every request), Referer and Origin."""
        form = {"csrfmiddlewaretoken": self.csrf_token, **fields}
        same_origin = {"Referer": f"{self.origin}{path}", "Origin": self.origin}
        return urlencode(form), {**same_origin, **(headers or {})}

    def request(self, method, path, body=None, headers=None):
        """One request on a connection of its own; never raises for a missing answer."""
        started = time.perf_counter()
        connection = self.connect()
        try:
            connection.request(method, path, body=body, headers=self.headers(body, headers))
        except OSError as error:
            connection.close()
            return Answer(None, seconds=time.perf_counter() - started, error=repr(error))
        answer = read_answer(connection, started)
        self.remember_cookies(answer.set_cookies)
        return answer

    def connect(self):
        source = PROXY_ADDRESS if self.via_proxy else DIRECT_ADDRESS
        return http.client.HTTPConnection(
            HOST, self.port, timeout=TIMEOUT_SECONDS, source_address=(source, 0)
        )

    def headers(self, body, extra):
        headers = {"Host": f"{HOST}:{self.port}", "User-Agent": "kundenforum-reliability"}
        cookies = dict(self.cookies)  # a snapshot: threads may share one browser
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers.update(extra or {})
        if self.via_proxy:
            headers.update(self.proxy_headers(headers.get("X-Forwarded-For")))
        return headers

    def proxy_headers(self, claimed):
        """What the TLS proxy adds: the scheme, and the reader's address after any claimed."""
        forwarded = f"{claimed}, {self.reader_address}" if claimed else self.reader_address
        return {"X-Forwarded-Proto": "https", "X-Forwarded-For": forwarded}

    def remember_cookies(self, set_cookie_headers):
        for header in set_cookie_headers:
            cookie = http.cookies.SimpleCookie()
            cookie.load(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})

    def remember_csrf_token(self, answer):
        token = CSRF_FIELD.search(answer.body)
        if token:
            self.csrf_token = token.group(1)


class HalfSentPost:
    """A form POST whose body is only half sent: a sync worker that took it waits, mid-request,
    until ``finish()`` sends the rest (or the worker dies)."""

    def __init__(self, browser, path, fields):
        body, extra = browser.form_post(path, fields)
        body = body.encode()
        self.started = time.perf_counter()
        self.connection = browser.connect()
        self.connection.putrequest("POST", path, skip_host=True, skip_accept_encoding=True)
        for name, value in {**browser.headers(body, extra), "Content-Length": len(body)}.items():
            self.connection.putheader(name, str(value))
        self.connection.endheaders()
        self.client_port = self.connection.sock.getsockname()[1]
        half = len(body) // 2
        self.connection.send(body[:half])
        self.rest = body[half:]

    def finish(self):
        """Send the rest of the body; the answer, if the worker is still there to give it."""
        try:
            self.connection.send(self.rest)
        except OSError as error:
            self.connection.close()
            return Answer(None, seconds=time.perf_counter() - self.started, error=repr(error))
        return read_answer(self.connection, self.started)


def read_answer(connection, started):
    """The answer on ``connection`` (then closed); ``Answer(None)`` when none comes."""
    try:
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, seconds=time.perf_counter() - started, error=repr(error))
    finally:
        connection.close()
    return Answer(
        response.status,
        {name.lower(): value for name, value in response.headers.items()},
        body,
        time.perf_counter() - started,
        set_cookies=response.headers.get_all("Set-Cookie") or [],
    )


def reader_with_form(port, path, reader_address=READER_ADDRESS):
    """A browser that has loaded ``path`` and holds its CSRF cookie and form token."""
    browser = Browser(port, reader_address)
    answer = browser.get(path)
    if answer.status != 200 or CSRF_COOKIE not in browser.cookies or not browser.csrf_token:
        raise AssertionError(f"{path} gave no form with a CSRF token: {answer.status}")
    return browser


class FormFields(HTMLParser):
    """The fields of the form with ``form_class`` on a page, as the page gave them: a list of
    {"name", "type", "value", "checked"} (``type`` "textarea" for a text area)."""

    def __init__(self, form_class):
        super().__init__()
        self.form_class = form_class
        self.inside = False
        self.fields = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.form_class in (attrs.get("class") or "").split()
        elif self.inside and tag in {"input", "textarea"} and attrs.get("name"):
            self.fields.append(
                {
                    "name": attrs["name"],
                    "type": attrs.get("type", "text") if tag == "input" else tag,
                    "value": attrs.get("value") or "",
                    "checked": "checked" in attrs,
                }
            )

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def comment_form_on(html):
    """The comment form's fields on a page (``FormFields``); AssertionError if there is none."""
    reader = FormFields("kf-comment-form")
    reader.feed(html)
    if not reader.fields:
        raise AssertionError("the page has no comment form")
    return reader.fields


def as_a_reader_fills_it(fields, typed, ticked=()):
    """What a browser sends for ``fields`` once a reader has typed ``typed`` ({name: text})
    and ticked the checkboxes named in ``ticked``: hidden fields as the page gave them (CSRF
    token, signed time stamp), every field the reader left alone empty (the honeypot too),
    unticked checkboxes not at all."""
    names = {each["name"] for each in fields}
    missing = (set(typed) | set(ticked)) - names
    if missing:
        raise AssertionError(f"the form has no field {sorted(missing)}")
    sent = {}
    for each in fields:
        name = each["name"]
        if each["type"] == "checkbox":
            if name in ticked or each["checked"]:
                sent[name] = each["value"] or "on"
        elif each["type"] not in {"submit", "button"}:
            sent[name] = typed.get(name, each["value"])
    return sent


def comment_form(page_id, secret_key, text, name="Erika Leserin", email="erika@example.org"):
    """A valid comment form for the page, signed by the server's key a few seconds ago."""
    started = {"page": page_id, "time": int(time.time()) - WRITING_SECONDS}
    # fallback_keys given: the Signer would read them from Django's settings otherwise.
    signer = TimestampSigner(key=secret_key, salt=SIGNING_SALT, fallback_keys=[])
    return {
        "name": name,
        "email": email,
        "url": "",
        "text": text,
        "consent": "on",
        "parent": "",
        "kf_started": signer.sign_object(started),
        "kf_topic": "",  # the honeypot: a bot fills it in
    }


def wait_clear_of_window_edge(window_seconds, margin_seconds=10):
    """Rate-limit counters are per fixed window (``ratelimit.py``): posts on both sides of a
    window's edge are counted in two windows and rightly get twice the limit. Start clear of
    an edge, so that a test's few seconds of posting fall in one window."""
    left = window_seconds - time.time() % window_seconds
    if left < margin_seconds:
        time.sleep(left + 1)


def run_together(tasks):
    """Run the callables on threads released at the same instant; their results in order."""
    barrier = threading.Barrier(len(tasks))
    results = [None] * len(tasks)

    def run(index, task):
        barrier.wait()
        results[index] = task()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def outcome(answers):
    """Counts of what a batch of comment POSTs got back."""
    return {
        "posts": len(answers),
        "accepted": sum(answer.accepted for answer in answers),
        "server_errors": sum(answer.server_error for answer in answers),
        "no_answer": sum(answer.status is None for answer in answers),
    }
