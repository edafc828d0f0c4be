"""The forum pages in a host's base template that links no stylesheet of the app: the
honeypot stays out of sight and out of the Tab order, and the chart is drawn in colour."""

import pytest

from tests.support.a11y import make_content

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def unstyled(live_server, new_page, settings):
    """The report with comments and the tracker's report, open in a page without any CSS."""
    settings.KUNDENFORUM_BASE_TEMPLATE = "testapp/site_base.html"
    content = make_content()
    return new_page(), live_server.url, content


def focused_id(page):
    return page.evaluate("() => document.activeElement.id || document.activeElement.tagName")


def test_the_honeypot_is_neither_seen_nor_reached_by_tab(unstyled):
    page, url, content = unstyled
    page.goto(url + content.report.url)
    assert page.evaluate("() => document.styleSheets.length") == 0
    assert page.locator("#id_name").is_visible(), "the real fields are there"
    assert not page.locator("#id_kf_topic").is_visible()
    assert not page.get_by_text("Dieses Feld bitte leer lassen").is_visible()

    page.locator("#id_consent").focus()
    page.keyboard.press("Tab")
    assert focused_id(page) == "BUTTON", "from the consent straight to the button"


def test_the_chart_has_no_black_bars_without_the_stylesheet(unstyled):
    page, url, content = unstyled
    page.goto(url + content.tracker_report.url)
    fills = page.locator(".kf-tracker-chart__track").evaluate_all(
        "tracks => tracks.map(track => getComputedStyle(track).fill)"
    )
    assert fills and "rgb(0, 0, 0)" not in fills
