"""A reader with only a keyboard: writes a comment with Tab and Enter, lands on the error
summary after a mistake, filters the tracker with Space and Enter, and always sees where the
focus is."""

import re

import pytest

from tests.support.a11y import make_content
from wagtail_kundenforum.models import ReaderComment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


COMMENT_FIELDS = ["id_name", "id_email", "id_url", "id_text", "id_consent"]


@pytest.fixture
def content(settings):
    settings.KUNDENFORUM_MIN_SUBMIT_SECONDS = 0
    return make_content()


def focused(page):
    """A short description of the focused element: its id, else its tag and text."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return el.id || `${el.tagName.toLowerCase()}:${(el.textContent || '').trim()}`;
        }"""
    )


def tab_to(page, predicate, limit=80):
    """Press Tab until ``predicate(focused description)`` holds; return the descriptions."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(focused(page))
        if predicate(seen[-1]):
            return seen
    raise AssertionError(f"never reached by Tab; focus went through {seen}")


def test_a_comment_is_written_and_sent_with_tab_and_enter(live_server, new_page, content):
    page = new_page()
    page.goto(live_server.url + content.report.url)
    tab_to(page, lambda name: name == "id_name")
    order = [focused(page)]
    typed = {"id_name": "Erika Muster", "id_email": "erika@example.org", "id_text": "Mehr Busse."}
    for _ in COMMENT_FIELDS[1:]:
        if order[-1] in typed:
            page.keyboard.type(typed[order[-1]])
        page.keyboard.press("Tab")
        order.append(focused(page))
    assert order == COMMENT_FIELDS, "the fields are reached in reading order"
    page.keyboard.press("Space")
    assert page.locator("#id_consent").is_checked()
    page.keyboard.press("Tab")
    assert focused(page) == "button:Kommentar senden", "after the consent comes the button"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"kf_comment=pending"))
    assert page.locator(".kf-comments .kf-message").is_visible()
    assert ReaderComment.objects.filter(name="Erika Muster", text="Mehr Busse.").exists()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_focus_moves_to_the_error_summary(live_server, new_page, content, javascript):
    page = new_page(java_script_enabled=javascript)
    page.goto(live_server.url + content.report.url)
    tab_to(page, lambda name: name == "id_email")
    page.keyboard.type("not an address")
    page.keyboard.press("Enter")  # sends the form from the field
    page.locator(".kf-error-summary").wait_for()
    assert focused(page) == "kf-error-summary"
    assert (
        page.locator(".kf-error-summary").evaluate("el => getComputedStyle(el).outlineStyle")
        != "none"
    ), "the focused summary is outlined"
    assert page.locator("#id_email").input_value() == "not an address", "typed text is kept"

    page.keyboard.press("Tab")
    assert focused(page).startswith("a:Name"), "the summary's first link comes next"
    page.keyboard.press("Enter")
    assert focused(page) == "id_name", "the link takes the focus into the field"
    assert page.locator("#id_name").get_attribute("aria-invalid") == "true"


def test_the_tracker_filter_works_with_space_and_enter(live_server, new_page, content):
    page = new_page()
    page.goto(live_server.url + content.tracker_report.url)
    checkbox = page.locator("input[name='status'][value='umgesetzt']")
    tab_to(page, lambda _name: checkbox.evaluate("el => el === document.activeElement"))
    page.keyboard.press("Space")
    assert checkbox.is_checked()
    seen = tab_to(page, lambda name: name.startswith("button:"))
    assert [name for name in seen if name.startswith("kf-tracker-")][-1].endswith("-q"), seen
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"status=umgesetzt"))
    statuses = {item.get_attribute("data-status") for item in page.locator(".kf-suggestion").all()}
    assert statuses == {"umgesetzt"}


def test_focus_is_visible_on_links_fields_and_buttons(live_server, new_page, content):
    page = new_page()
    page.goto(live_server.url + content.report.url)
    missing = []
    for _ in range(60):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => {
                const s = getComputedStyle(document.activeElement);
                return [s.outlineStyle, parseFloat(s.outlineWidth)];
            }"""
        )
        if style[0] == "none" or style[1] < 2:
            missing.append(focused(page))
        if focused(page).startswith("button:"):
            break
    assert focused(page).startswith("button:")
    assert not missing, f"no visible focus on {missing}"
