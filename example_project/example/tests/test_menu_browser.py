"""The example's menu shows which page the reader is on, in real Chromium (issue 15)."""

import pytest
from wagtail.models import Locale, Page, Site

from example.home.models import ContentPage, HomePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def make_menu_site(port):
    # The tree's root and its locale again, if an earlier transactional test flushed them.
    Locale.objects.get_or_create(language_code="de")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(instance=HomePage(title="Stadtwerke", slug="start-menu"))
    for title, slug in [("Aktuelles", "aktuelles"), ("Das Kundenforum", "kundenforum")]:
        home.add_child(instance=ContentPage(title=title, slug=slug, show_in_menus=True))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=port, root_page=home, is_default_site=True)


def bar(page, name):
    """The menu link's bottom bar and weight, as the reader sees them."""
    return (
        page.get_by_role("navigation")
        .get_by_role("link", name=name)
        .evaluate(
            """link => {
            const style = getComputedStyle(link);
            return [style.borderBottomStyle, style.borderBottomWidth,
                    style.borderBottomColor === style.color, style.fontWeight];
        }"""
        )
    )


def test_the_current_page_carries_a_visible_bar_in_the_menu(live_server, browser_page):
    make_menu_site(int(live_server.url.rsplit(":", 1)[1]))
    browser_page.goto(f"{live_server.url}/kundenforum/")
    current = browser_page.locator('.site-nav a[aria-current="page"]')
    assert current.inner_text() == "Das Kundenforum"
    assert bar(browser_page, "Das Kundenforum") == ["solid", "3px", True, "700"]
    other = bar(browser_page, "Aktuelles")
    assert other[2] is False and other[3] != "700"
