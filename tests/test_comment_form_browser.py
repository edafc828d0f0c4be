"""How a comment form sent back with errors looks in real Chromium (issue 15, item 15): the
fields in error carry the error colour, and the consent box stays beside its label, on a phone
and on a desktop."""

import pytest

from tests.support.helpers import make_index, make_report
from wagtail_kundenforum.models import KundenforumSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def report(settings):
    settings.KUNDENFORUM_MIN_SUBMIT_SECONDS = 0  # a robot types faster than a reader
    index = make_index()
    report = make_report(index, title="Zweites Kundenforum")
    # With the privacy page, the consent's label is at its longest (it holds the link).
    site_settings = KundenforumSettings.for_site(report.get_site())
    site_settings.privacy_page = index
    site_settings.save()
    return report


def open_form(new_page, live_server, report, viewport):
    page = new_page(viewport=viewport)
    page.goto(live_server.url + report.url)
    return page


def send_empty(page):
    page.locator(".kf-comment-form").get_by_role("button", name="Kommentar senden").click()
    page.locator(".kf-error-summary").wait_for()


def border_colour(page, selector):
    return page.locator(selector).evaluate("el => getComputedStyle(el).borderTopColor")


def error_colour(page):
    return page.locator("#id_name_error").evaluate("el => getComputedStyle(el).color")


def test_name_and_email_in_error_get_the_error_border(new_page, live_server, report):
    page = open_form(new_page, live_server, report, DESKTOP)
    normal = {field: border_colour(page, field) for field in ("#id_name", "#id_email")}
    send_empty(page)
    for field in ("#id_name", "#id_email", "#id_text"):
        assert border_colour(page, field) == error_colour(page), field
    for field, colour in normal.items():
        assert border_colour(page, field) != colour, field
    width = page.locator("#id_name").evaluate("el => getComputedStyle(el).borderTopWidth")
    assert width == "2px"
    # The optional website is not in error: it keeps the plain border.
    assert border_colour(page, "#id_url") == normal["#id_name"]


def on_one_line(page):
    """The consent box and its label's first line share a line, the box on the left."""
    box = page.locator("#id_consent").bounding_box()
    label = page.locator('label[for="id_consent"]')
    text = label.bounding_box()
    line = float(label.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
    box_middle = box["y"] + box["height"] / 2
    return (text["y"] <= box_middle <= text["y"] + line and box["x"] + box["width"] <= text["x"]), (
        box,
        text,
        line,
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_consent_box_stays_beside_its_label(new_page, live_server, report, viewport):
    page = open_form(new_page, live_server, report, viewport)
    shares, boxes = on_one_line(page)
    assert shares, boxes
    send_empty(page)
    assert page.locator("#id_consent_error").is_visible()
    shares, boxes = on_one_line(page)
    assert shares, boxes
    # The error runs underneath, across the box's column too.
    error = page.locator("#id_consent_error").bounding_box()
    box = page.locator("#id_consent").bounding_box()
    assert error["y"] >= box["y"] + box["height"] and error["x"] <= box["x"] + 1
