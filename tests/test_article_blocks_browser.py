"""The article blocks as a browser lays them out: the statistics block stays short however
many changes there are, and a featured suggestion is a framed box that fits a phone."""

import datetime

import pytest

from tests.support.helpers import (
    make_forum,
    make_index,
    make_report,
    make_suggestion,
    status,
    stream_body,
)
from wagtail_kundenforum.status_changes import change_status

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def report():
    """A report with the story of the hotline and the changes of twenty suggestions."""
    forum = make_forum(1, title="Erstes Kundenforum")
    hotline = make_suggestion(
        forum,
        "in-pruefung",
        title="Hotline wieder mit Festnetznummer",
        answer="<p>Die Hotline ist wieder unter einer Festnetznummer erreichbar.</p>",
    )
    change_status(hotline, status("umgesetzt"), date=datetime.date(2012, 10, 1), note="Erledigt.")
    for n in range(19):
        suggestion = make_suggestion(forum, "in-pruefung", title=f"Vorschlag Nummer {n}")
        change_status(suggestion, status("in-der-mache"), date=datetime.date(2012, 1, 1 + n))
    body = stream_body(
        ("paragraph", "<p>Die Hotline ist wieder unter einer Festnetznummer erreichbar.</p>"),
        ("featured_suggestion", {"suggestion": hotline.pk}),
        ("stats", {"heading": "", "forum": forum.pk, "since": "2012-01-01"}),
    )
    return make_report(make_index(), forum=forum, body=body)


def box(page, selector):
    return page.locator(selector).bounding_box()


def test_the_stats_block_stays_short_and_the_featured_suggestion_fits_a_phone(
    live_server, new_page, report
):
    desktop = new_page(viewport={"width": 1280, "height": 900})
    desktop.goto(live_server.url + report.url)
    assert desktop.locator(".kf-stats__change").count() == 5
    # Twenty changes took about 2,400 px before the comments; five and the links about 950.
    assert box(desktop, ".kf-stats")["height"] < 1300
    assert desktop.locator(".kf-stats__more a").first.is_visible()

    phone = new_page(viewport={"width": 320, "height": 640})
    phone.goto(live_server.url + report.url)
    featured = phone.locator(".kf-featured-suggestion")
    frame = featured.bounding_box()
    assert frame["x"] >= 0 and frame["x"] + frame["width"] <= 320
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    style = featured.evaluate(
        "element => { const s = getComputedStyle(element);"
        " return [s.borderLeftWidth, s.borderLeftStyle, s.paddingLeft]; }"
    )
    assert style[0] == "4px" and style[1] == "solid" and style[2] != "0px"
    title = phone.locator(".kf-featured-suggestion__title")
    assert title.evaluate("element => getComputedStyle(element).fontSize") == "19.2px"
    assert featured.locator(".kf-featured-suggestion__status .kf-status").is_visible()
