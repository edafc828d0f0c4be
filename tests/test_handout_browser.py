"""The handout on paper and on screen: every suggestion of the forum printed with its status
group and its answer, links back and to the feed left off the paper, no suggestion split
across pages; the tracker's links to it and to the feed shown on screen only."""

import pytest

from tests.support.a11y import describe, make_content, serious_violations
from wagtail_kundenforum.models import KundenforumSettings, Suggestion

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HANDOUT = "/kundenforum/suggestions/handout/?forum=1"


@pytest.fixture
def content():
    content = make_content(extra_done=25)
    Suggestion.objects.filter(title__startswith="Umgesetzter Vorschlag").update(
        answer="<p>Das haben wir so umgesetzt.</p>"
    )
    settings = KundenforumSettings.for_site(content.tracker_report.get_site())
    settings.tracker_page = content.tracker_report
    settings.save()
    return content


@pytest.fixture
def printed(new_page):
    page = new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    return page


def style(locator, prop):
    return locator.evaluate(f"element => getComputedStyle(element).{prop}")


def test_the_handout_prints_every_suggestion_with_its_answer(live_server, printed, content):
    printed.goto(live_server.url + HANDOUT)
    expected = Suggestion.objects.public().filter(forum=content.forum).count()
    items = printed.locator(".kf-handout-suggestion").all()
    assert len(items) == expected >= 30
    for item in items:
        assert item.is_visible()
        assert style(item, "breakInside") == "avoid"
    answers = printed.locator(".kf-handout-suggestion[data-status='umgesetzt'] .kf-richtext")
    assert answers.count() >= 25 and all(answer.is_visible() for answer in answers.all())
    assert printed.locator(".kf-handout-group__title").first.is_visible()
    handout = printed.locator(".kf-handout")
    assert style(handout, "maxWidth") == "none"  # the whole width of the paper
    assert style(handout, "fontSize") == "14px"  # 10.5 pt
    assert not printed.locator(".kf-handout__back").is_visible()
    printed.emulate_media(media="screen")
    assert printed.locator(".kf-handout__back a").is_visible()
    printed.emulate_media(media="print")
    assert printed.locator(".kf-handout__footer").is_visible()
    assert printed.pdf(format="A4", prefer_css_page_size=True).startswith(b"%PDF")


def test_the_trackers_links_show_on_screen_and_stay_off_paper(live_server, new_page, content):
    page = new_page()
    page.goto(live_server.url + content.tracker_report.url + "?forum=1")
    links = page.locator(".kf-tracker__links")
    assert links.is_visible()
    handout = page.locator("a.kf-tracker__handout")
    assert handout.is_visible() and page.locator("a.kf-tracker__feed").is_visible()

    page.emulate_media(media="print")
    assert not links.is_visible()

    page.emulate_media(media="screen")
    handout.click()
    page.wait_for_url("**/suggestions/handout/?forum=1")
    assert page.locator(".kf-handout-suggestion").count() >= 30
    box = page.locator(".kf-handout").bounding_box()
    assert box["width"] <= 42 * 16 + 1  # a readable column on screen
    violations = serious_violations(page)
    assert not violations, describe(violations)
