"""A reader's or a moderator's browser, as far as the host site check needs one: cookies,
redirects seen (not followed), and the fields of a form as the page sends them.

Standard library only: the check runs outside the project's virtual environment.
"""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser

TIMEOUT_SECONDS = 30


@dataclass
class Response:
    status: int
    url: str
    headers: dict
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self):
        return self.headers.get("location", "")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are answers to check (POST/redirect/GET), so they are returned as they are."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One visitor with its own cookies, talking to one server."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )

    def absolute(self, url):
        return urllib.parse.urljoin(self.base_url + "/", url)

    def request(self, method, url, data=None, referer=None):
        url = self.absolute(url)
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, method=method)
        # Django's CSRF check wants a Referer from the same origin on HTTPS only; sent anyway,
        # as a browser would.
        request.add_header("Referer", self.absolute(referer or url))
        try:
            with self.opener.open(request, timeout=TIMEOUT_SECONDS) as answer:
                return Response(answer.status, url, lower_keys(answer.headers), answer.read())
        except urllib.error.HTTPError as answer:
            return Response(answer.code, url, lower_keys(answer.headers), answer.read())

    def get(self, url):
        return self.request("GET", url)

    def post(self, url, data, referer=None):
        return self.request("POST", url, data=data, referer=referer)


def lower_keys(headers):
    return {key.lower(): value for key, value in headers.items()}


@dataclass
class Form:
    """A form's action, method and the values it would send (no button pressed)."""

    action: str
    method: str
    attrs: dict
    fields: dict = field(default_factory=dict)
    names: list = field(default_factory=list)
    hidden: list = field(default_factory=list)

    def values(self, **changes):
        data = {name: list(values) for name, values in self.fields.items()}
        for name, value in changes.items():
            data[name] = value if isinstance(value, list) else [value]
        return data


class FormParser(HTMLParser):
    """Collects every <form> with the values a browser would send for it, and every link."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.links = []
        self.form = None
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "a" and "href" in attrs:
            self.links.append(attrs)
        elif tag == "form":
            self.form = Form(attrs.get("action", ""), attrs.get("method", "get").lower(), attrs)
            self.forms.append(self.form)
        elif self.form is not None and attrs.get("name"):
            self.field_start(tag, attrs)
        elif tag == "option" and self.select is not None:
            self.option(attrs)

    def field_start(self, tag, attrs):
        name = attrs["name"]
        self.form.names.append(name)
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind == "hidden":
                self.form.hidden.append(name)
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            self.add(name, attrs.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif tag == "textarea":
            self.textarea = name
            self.add(name, "")
        elif tag == "select":
            self.select = {"name": name, "first": None, "chosen": False}

    def option(self, attrs):
        value = attrs.get("value", "")
        if self.select["first"] is None:
            self.select["first"] = value
        if "selected" in attrs:
            self.add(self.select["name"], value)
            self.select["chosen"] = True

    def handle_data(self, data):
        if self.textarea is not None:
            self.form.fields[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select is not None:
            if not self.select["chosen"] and self.select["first"] is not None:
                self.add(self.select["name"], self.select["first"])
            self.select = None
        elif tag == "form":
            self.form = None

    def add(self, name, value):
        self.form.fields.setdefault(name, []).append(value)


def parse(html):
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return parser


def find_form(html, predicate, what):
    """The first form on the page for which ``predicate(form)`` holds; fails naming ``what``."""
    for form in parse(html).forms:
        if predicate(form):
            return form
    raise AssertionError(f"no {what} on the page")


def links(html):
    return [attrs["href"] for attrs in parse(html).links]
