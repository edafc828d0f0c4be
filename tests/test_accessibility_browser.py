"""axe-core in real Chromium: no serious or critical violation on any public page of the app,
at a desktop's width and at a phone's, and no page scrolls sideways at 320 px."""

import pytest

from tests.support.a11y import (
    assert_accessible,
    make_content,
    overflows_horizontally,
    serious_violations,
)
from tests.support.helpers import make_index, make_report, stream_body, tracker_block

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}


@pytest.fixture
def content(settings):
    settings.KUNDENFORUM_MIN_SUBMIT_SECONDS = 0
    return make_content()


def public_urls(content):
    """The main public pages, by what a reader sees there."""
    tracker = content.tracker_report.url
    return {
        "news index": content.index.url,
        "news index, page 2": content.index.url + "?page=2",
        "report with comments and statistics": content.report.url,
        "tracker": tracker,
        "tracker filtered": tracker + "?status=umgesetzt&status=geht-nicht&q=Hotline",
        "tracker, one status": tracker + "?status=umgesetzt",
        "tracker, a filter matching nothing": tracker + "?q=Strassenbahn",
        "tracker with an unknown value": tracker + "?forum=99",
        "suggestion page": content.suggestion.get_url(),
    }


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_public_pages_have_no_serious_violations(live_server, new_page, content, viewport):
    page = new_page(viewport=viewport)
    for name, url in public_urls(content).items():
        page.goto(live_server.url + url)
        assert page.locator("main").count() == 1, name
        assert_accessible(page)


def test_public_pages_do_not_scroll_sideways_at_320_px(live_server, new_page, content):
    page = new_page(viewport=PHONE)
    wide = []
    for name, url in public_urls(content).items():
        page.goto(live_server.url + url)
        if overflows_horizontally(page):
            wide.append(name)
    assert not wide, f"wider than 320 px: {wide}"


def test_report_after_a_failed_comment_has_no_serious_violations(live_server, new_page, content):
    page = new_page()
    page.goto(live_server.url + content.report.url)
    form = page.locator(".kf-comment-form")
    form.locator("#id_name").fill("Erika Muster")
    form.locator("button[type='submit']").click()
    page.locator(".kf-error-summary").wait_for()
    assert page.locator(".kf-field--error").count() >= 1
    assert_accessible(page)


def test_report_after_a_rejected_post_has_no_serious_violations(live_server, new_page, content):
    """The form's own error (a tampered time stamp) shows in the summary, without field errors."""
    page = new_page()
    page.goto(live_server.url + content.report.url)
    form = page.locator(".kf-comment-form")
    form.locator("[name='name']").fill("Erika Muster")
    form.locator("[name='email']").fill("erika@example.org")
    form.locator("[name='text']").fill("Bitte mehr Busse am Abend.")
    form.locator("[name='consent']").check()
    form.locator("[name='kf_started']").evaluate("input => { input.value = 'tampered'; }")
    form.locator("button[type='submit']").click()
    page.locator(".kf-error-summary").wait_for()
    assert_accessible(page)


def test_empty_tracker_and_empty_index_have_no_serious_violations(live_server, new_page):
    index = make_index(title="Neuigkeiten")
    tracker = make_report(index, 1, title="Vorschläge", body=stream_body(tracker_block(heading="")))
    empty_index = make_index(title="Archiv", slug="archiv")
    page = new_page()
    for url in (tracker.url, empty_index.url):
        page.goto(live_server.url + url)
        assert_accessible(page)
    page.goto(live_server.url + tracker.url)
    assert page.locator(".kf-tracker").get_attribute("data-count") == "0"


def test_the_chart_has_a_text_equivalent(live_server, new_page, content):
    page = new_page()
    page.goto(live_server.url + content.tracker_report.url)
    chart = page.locator(".kf-tracker-chart")
    rows = chart.locator("table tbody tr")
    assert rows.count() == 5
    done = chart.locator("table tr[data-status='umgesetzt']")
    assert done.locator("td").inner_text() == "2"
    assert page.locator(".kf-stats").count() == 0
    page.goto(live_server.url + content.report.url)
    assert_accessible(page, ".kf-stats")


def test_every_status_is_named_in_text(live_server, new_page, content):
    """Colour is never the only signal: each suggestion names its status in words."""
    page = new_page()
    page.goto(live_server.url + content.tracker_report.url)
    for item in page.locator(".kf-suggestion").all():
        status = item.locator(".kf-status")
        assert status.inner_text().strip(), item.inner_html()


def test_the_check_reports_what_it_finds(new_page):
    """The check itself: a page without lang, with an unlabelled field and faint text fails."""
    page = new_page()
    page.set_content(
        "<!DOCTYPE html><title>x</title><main><h1>x</h1><input type='text'>"
        "<p style='color:#c8c8c8'>faint</p></main>"
    )
    found = {violation["id"] for violation in serious_violations(page)}
    assert {"html-has-lang", "label", "color-contrast"} <= found
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page)
