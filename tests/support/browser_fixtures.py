"""Playwright fixtures driving the machine's Chromium (never a downloaded browser).

tests/conftest.py (and the example project's) makes them fixtures of every test module.
"""

import os
import re
from contextlib import contextmanager

import pytest

# Playwright's sync API runs an event loop; Django's ORM refuses to run inside one otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def pages(browser):
    """Yields ``open_page(**options)``: a page in a browser context of its own (German, as a
    reader's), every context closed at the end."""
    contexts = []

    def open_page(**options):
        options.setdefault("locale", "de-DE")
        contexts.append(browser.new_context(**options))
        page = contexts[-1].new_page()
        page.set_default_timeout(15_000)
        return page

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def new_page(browser):
    """``new_page(**options)`` opens a page in a browser context of its own (see ``pages``)."""
    with pages(browser) as open_page:
        yield open_page


@pytest.fixture
def browser_page(new_page):
    """One page, as a German reader's browser shows it."""
    return new_page()


def log_in_to_admin(page, url, user, password):
    """Logs ``user`` in through the admin's login form, as an editor does."""
    page.goto(f"{url}/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(re.compile(r"/admin/$"))
