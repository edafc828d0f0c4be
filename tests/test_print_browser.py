"""The tracker on paper: in print media navigation, forms, paging and "show all" links are
hidden, every suggestion shown keeps its status in words, and a note says what the paper
leaves out and where the whole list is."""

import pytest

from tests.support.a11y import make_content

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


HIDDEN_ON_PAPER = "nav, form, .kf-tracker-group__more, .kf-tracker__reset, .kf-feed-link"


@pytest.fixture
def content():
    return make_content(extra_done=25)  # 27 implemented: a list of two pages


@pytest.fixture
def printed(new_page):
    page = new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    return page


def visible(page, selector):
    return [element for element in page.locator(selector).all() if element.is_visible()]


def assert_a_clean_handout(page):
    assert page.locator("form.kf-tracker-filter").count() == 1
    assert not visible(page, HIDDEN_ON_PAPER), "navigation, forms and links stay off paper"
    suggestions = page.locator(".kf-suggestion").all()
    assert suggestions
    for suggestion in suggestions:
        assert suggestion.is_visible()
        status = suggestion.locator(".kf-status")
        assert status.is_visible()
        assert status.inner_text().strip(), f"no status in words: {suggestion.inner_html()}"


def test_the_grouped_tracker_prints_with_notes_on_what_is_left_out(live_server, printed, content):
    url = live_server.url + content.tracker_report.url + "?forum=1"
    printed.goto(url)
    assert_a_clean_handout(printed)
    labels = {
        item.get_attribute("data-status"): item.locator(".kf-status").inner_text()
        for item in printed.locator(".kf-suggestion").all()
    }
    assert labels["umgesetzt"] == "Das haben wir umgesetzt"
    assert labels["geht-nicht"] == "Das geht nicht"

    done = printed.locator(".kf-tracker-group[data-group='umgesetzt']")
    note = done.locator(".kf-print-note")
    assert note.is_visible()
    assert "5" in note.inner_text() and "27" in note.inner_text()
    assert "?status=umgesetzt&forum=1" in note.inner_text()
    as_of = printed.locator(".kf-tracker__as-of")
    assert as_of.is_visible() and "Erstes Kundenforum" in as_of.inner_text()
    assert printed.locator(".kf-tracker-chart").is_visible()

    printed.emulate_media(media="screen")
    assert not visible(printed, ".kf-print-only"), "the notes are for paper only"
    assert printed.locator("form.kf-tracker-filter").is_visible()


def test_a_single_list_prints_every_suggestion_of_its_page(live_server, printed, content):
    printed.goto(live_server.url + content.tracker_report.url + "?forum=1&status=umgesetzt")
    assert_a_clean_handout(printed)
    assert len(visible(printed, ".kf-suggestion")) == 25
    note = printed.locator(".kf-tracker-group .kf-print-note")
    assert note.is_visible()
    assert "page=2" in note.inner_text()


def test_the_handout_renders_as_an_a4_pdf(live_server, printed, content):
    printed.goto(live_server.url + content.tracker_report.url)
    assert_a_clean_handout(printed)
    pdf = printed.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")


def test_a_suggestion_page_prints_with_its_status_and_history(live_server, printed, content):
    printed.goto(live_server.url + content.suggestion.get_url())
    assert printed.locator(".kf-suggestion-page .kf-status").first.is_visible()
    assert printed.locator(".kf-timeline").is_visible()
