"""Starts `make demo` on a free port and checks what a visitor and the demo admin see.

The demo runs on a throwaway SQLite database, so a developer's example_project/db.sqlite3
stays untouched. Standard library only.
"""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 180
PAGES = [
    "/",
    "/aktuelles/",
    "/aktuelles/erstes-kundenforum/",
    "/aktuelles/zweites-kundenforum/",
    "/vorschlaege/",
    "/vorschlaege/?status=umgesetzt&forum=1",
]
FEED = "/aktuelles/feed/"
FEED_ITEMS = 2
API = "/kundenforum/api/suggestions/"
# About 100 suggestions of the first forum and 30 of the second; a few may be unpublished.
API_MIN_COUNT = 120
STATUS_FEED = "/kundenforum/feed/status-changes/"
ATOM = "{http://www.w3.org/2005/Atom}"
ADMIN_LINE = re.compile(r"Demo admin: \S+\s+user: (?P<user>\S+)\s+password: (?P<password>\S+)")


class CheckFailed(Exception):
    pass


class CsrfTokenParser(HTMLParser):
    """Finds the value of the form's hidden csrfmiddlewaretoken input."""

    token = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken":
            self.token = attrs.get("value")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Demo:
    """`make demo` in its own process group, its output collected line by line."""

    def __init__(self, port, database_url):
        env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
        self.lines = []
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "demo", f"PORT={port}"],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def admin_credentials(self):
        for line in self.lines:
            match = ADMIN_LINE.search(line)
            if match:
                return match["user"], match["password"]
        raise CheckFailed("the demo printed no 'Demo admin: ... user: ... password: ...' line")

    def stop(self):
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
                self.process.wait(wait)
                return
            except ProcessLookupError:
                return
            except subprocess.TimeoutExpired:
                continue


class Browser:
    """urllib with cookies and without proxies, talking to the demo only."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
        )

    def get(self, path, data=None, headers=None):
        """(status, final URL, body) of a GET, or of a POST when ``data`` is given."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.filename, error.read().decode(errors="replace")

    def expect_ok(self, path):
        status, _, body = self.get(path)
        if status != 200:
            raise CheckFailed(f"GET {path}: {status}")
        print(f"ok: GET {path} -> 200")
        return body


def wait_until_up(demo, browser):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if demo.process.poll() is not None:
            raise CheckFailed(f"make demo ended with exit code {demo.process.returncode}")
        try:
            if browser.get("/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    raise CheckFailed(f"the demo did not answer 200 on / within {STARTUP_SECONDS} s")


def check_feed(browser):
    root = ET.fromstring(browser.expect_ok(FEED))
    items = root.findall(".//item")
    if len(items) != FEED_ITEMS:
        raise CheckFailed(f"{FEED} has {len(items)} items, expected {FEED_ITEMS}")
    print(f"ok: {FEED} is RSS with {len(items)} items")


def check_tracker(browser):
    data = json.loads(browser.expect_ok(API))
    if data["count"] < API_MIN_COUNT or not data["results"]:
        raise CheckFailed(f"{API} counts {data['count']} suggestions, expected {API_MIN_COUNT}+")
    browser.expect_ok(urllib.parse.urlsplit(data["results"][0]["url"]).path)
    entries = ET.fromstring(browser.expect_ok(STATUS_FEED)).findall(f"{ATOM}entry")
    if not entries:
        raise CheckFailed(f"{STATUS_FEED} has no entries")
    print(f"ok: {API} counts {data['count']}; {STATUS_FEED} is Atom with {len(entries)} entries")


def check_admin_login(demo, browser):
    user, password = demo.admin_credentials()
    login = "/admin/login/"
    parser = CsrfTokenParser()
    parser.feed(browser.expect_ok(login))
    if not parser.token:
        raise CheckFailed(f"no csrfmiddlewaretoken in the form of {login}")
    form = {"username": user, "password": password, "csrfmiddlewaretoken": parser.token}
    status, url, _ = browser.get(login, form, {"Referer": browser.base + login})
    if status != 200 or urllib.parse.urlsplit(url).path.startswith(login):
        raise CheckFailed(f"login as {user!r} failed: {status} at {url}")
    print(f"ok: logged in as {user!r}, landed on {url} ({status})")


def main():
    # Terminated from outside (a CI timeout): still stop the demo, in the `finally` below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="kundenforum-demo-") as tmp:
        print(f"starting `make demo PORT={port}` with a throwaway database in {tmp}")
        demo = Demo(port, f"sqlite:///{tmp}/demo.sqlite3")
        browser = Browser(port)
        try:
            wait_until_up(demo, browser)
            for path in PAGES:
                browser.expect_ok(path)
            check_feed(browser)
            check_tracker(browser)
            check_admin_login(demo, browser)
        except (CheckFailed, OSError, ET.ParseError) as error:
            print(f"FAILED: {error}\n--- last lines of the demo's output:")
            print(*demo.lines[-60:], sep="\n")
            return 1
        finally:
            demo.stop()
    print("demo check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
