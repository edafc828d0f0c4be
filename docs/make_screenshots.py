"""Renders the README's screenshots into docs/screenshots/ (make screenshots).

Builds the example project's demo on a throwaway SQLite database, serves it on a free
loopback port and photographs the main public pages at desktop and phone width, and the
moderation admin, in the machine's Chromium. Needs only what `make venv` installs.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "example_project"
OUTPUT = REPO / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
STARTUP_SECONDS = 60

# Viewport width -> (viewport height, the tallest a full-page screenshot may get).
DESKTOP, PHONE = 1280, 375
SIZES = {DESKTOP: (800, 2000), PHONE: (740, 2000)}
# Above this many bytes a screenshot is reduced to 256 colours (still a PNG).
BYTE_BUDGET = 250_000

# (file name, path, CSS selector of the part to show or None for the page from its top).
REPORT = "/aktuelles/zweites-kundenforum/"
PUBLIC_PAGES = [
    ("news-index", "/aktuelles/", None),
    ("report", REPORT, None),
    # The second report's statistics push its comments below any sensible cut.
    ("report-comments", REPORT, ".kf-comments"),
    ("tracker", "/vorschlaege/", None),
    ("tracker-filtered", "/vorschlaege/?status=umgesetzt&forum=1", None),
]
ADMIN_PAGES = [
    ("admin-comments", "/admin/snippets/wagtail_kundenforum/readercomment/", None),
    ("admin-suggestions", "/admin/snippets/wagtail_kundenforum/suggestion/", None),
]
# Space kept above and below a photographed part of a page, in CSS pixels.
MARGIN = 24
# The hotline suggestion (KF1-001): found through the JSON API, whose ids vary per database.
HOTLINE_QUERIES = ["Hotline", "Festnetznummer"]
HOTLINE_TITLE = "Festnetznummer"

ADMIN_LINE = re.compile(r"Demo admin: \S+\s+user: (?P<user>\S+)\s+password: (?P<password>\S+)")

# Run in one `manage.py shell` (each Django start costs seconds): the demo, and comments
# waiting for moderation so that the moderation list shows what it is for.
SETUP = """
from django.core.management import call_command
from wagtail_kundenforum.models import ForumReportPage, ReaderComment

call_command("migrate", interactive=False, verbosity=0)
call_command("kundenforum_demo", port={port}, create_admin=True)
page = ForumReportPage.objects.get(slug="zweites-kundenforum")
for name, email, text in [
    ("Petra K.", "petra@example.org",
     "Gibt es die Ergebnisse des Kundenforums auch als Heft zum Mitnehmen?"),
    ("Hans", "hans@example.org",
     "Der Bus 7 fährt abends immer noch zu selten. Wird das beim nächsten Forum besprochen?"),
]:
    ReaderComment.objects.create(page=page, name=name, email=email, text=text)
"""


class ScreenshotError(Exception):
    pass


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    """Runs ``manage.py`` of the example project and returns its output; fails loudly."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=EXAMPLE,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise ScreenshotError(f"manage.py {args[0]} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def build_demo(env, port):
    """Migrates the throwaway database, loads the demo; returns the demo admin's login."""
    output = manage(env, "shell", "--no-imports", "-c", SETUP.format(port=port))
    match = ADMIN_LINE.search(output)
    if not match:
        raise ScreenshotError("kundenforum_demo printed no demo admin login")
    return match["user"], match["password"]


class Server:
    """The example project under runserver on 127.0.0.1 only, stopped by its PID."""

    def __init__(self, env, port, log_path):
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=EXAMPLE,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_up(self):
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ScreenshotError(f"the server ended with exit code {self.process.returncode}")
            try:
                self.get_json("/kundenforum/api/suggestions/")
                return
            except (OSError, ValueError):
                time.sleep(0.3)
        raise ScreenshotError(f"the server did not answer within {STARTUP_SECONDS} s")

    def get_json(self, path):
        # No proxy: the server is on loopback, whatever the environment says.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(self.base + path, timeout=10) as response:
            return json.load(response)

    def stop(self):
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def log_tail(self, lines=40):
        return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-lines:])


def hotline_path(server):
    """The public page of the hotline suggestion, as the JSON API links it."""
    for query in HOTLINE_QUERIES:
        data = server.get_json(
            "/kundenforum/api/suggestions/?" + urllib.parse.urlencode({"q": query})
        )
        for result in data["results"]:
            if HOTLINE_TITLE in result["title"] and result["forum"]["number"] == 1:
                return urllib.parse.urlsplit(result["url"]).path
    raise ScreenshotError("the JSON API does not find the hotline suggestion")


def area(page, width, selector):
    """The part of the page to photograph: from the top, or around ``selector``."""
    viewport_height, max_height = SIZES[width]
    if selector is None:
        top, height = 0, page.evaluate("document.documentElement.scrollHeight")
        height = max(height, viewport_height)
    else:
        box = page.locator(selector).first.evaluate(
            "e => { const r = e.getBoundingClientRect();"
            " return {top: r.top + window.scrollY, height: r.height}; }"
        )
        top = max(box["top"] - MARGIN, 0)
        height = box["height"] + 2 * MARGIN
    return {"x": 0, "y": top, "width": width, "height": min(height, max_height)}


def save(page, name, width, selector=None):
    """A screenshot of ``page`` (or of its part ``selector``), cut at a sensible height."""
    path = OUTPUT / f"{name}-{width}.png"
    page.screenshot(
        path=path,
        full_page=True,
        clip=area(page, width, selector),
        animations="disabled",
        caret="hide",
    )
    if path.stat().st_size > BYTE_BUDGET:
        with Image.open(path) as image:
            reduced = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
        reduced.save(path, optimize=True)
    print(f"  {path.relative_to(REPO)}  {path.stat().st_size // 1024} KB")


def new_page(browser, width):
    viewport_height = SIZES[width][0]
    context = browser.new_context(
        viewport={"width": width, "height": viewport_height},
        device_scale_factor=1,
        is_mobile=width == PHONE,
        has_touch=width == PHONE,
        locale="de-DE",
        timezone_id="Europe/Berlin",
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def visit(page, url):
    response = page.goto(url, wait_until="networkidle")
    if response is None or response.status != 200:
        status = response.status if response else "no response"
        raise ScreenshotError(f"GET {url}: {status}")


def photograph_public(browser, server, pages):
    for width in (DESKTOP, PHONE):
        page = new_page(browser, width)
        for name, path, selector in pages:
            if page.url != server.base + path:
                visit(page, server.base + path)
            save(page, name, width, selector)
        page.context.close()


def photograph_admin(browser, server, login):
    page = new_page(browser, DESKTOP)
    visit(page, server.base + "/admin/login/")
    page.fill("input[name=username]", login[0])
    page.fill("input[name=password]", login[1])
    with page.expect_navigation(wait_until="networkidle"):
        page.click("button[type=submit]")
    if "/admin/login/" in page.url:
        raise ScreenshotError("the demo admin could not log in")
    for name, path, selector in ADMIN_PAGES:
        visit(page, server.base + path)
        save(page, name, DESKTOP, selector)
    page.context.close()


def render(tmp, started):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
        "DJANGO_SETTINGS_MODULE": "example.settings",
        "DJANGO_DEBUG": "1",
        "PYTHONUNBUFFERED": "1",
    }
    print(f"building the demo database for port {port} ...")
    login = build_demo(env, port)
    print(f"demo ready after {time.monotonic() - started:.0f} s; photographing ...")
    server = Server(env, port, Path(tmp) / "server.log")
    try:
        server.wait_until_up()
        pages = [*PUBLIC_PAGES, ("suggestion", hotline_path(server), None)]
        OUTPUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                photograph_public(browser, server, pages)
                photograph_admin(browser, server, login)
            finally:
                browser.close()
    except Exception:
        print(f"--- last lines of the server's output:\n{server.log_tail()}", file=sys.stderr)
        raise
    finally:
        server.stop()


def main():
    # Stopped from outside (Ctrl-C, a timeout): still stop the server and remove the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kundenforum-screenshots-") as tmp:
        try:
            render(tmp, started)
        except ScreenshotError as error:
            print(f"make screenshots failed: {error}", file=sys.stderr)
            return 1
    print(
        f"screenshots written to {OUTPUT.relative_to(REPO)}/ in {time.monotonic() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
