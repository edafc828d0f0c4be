"""Every public feature with JavaScript switched off in Chromium: the news through its pages,
the feeds, commenting (with a mistake first), the tracker's filter and pages, a suggestion's
own page."""

import re

import pytest

from tests.support.a11y import make_content
from wagtail_kundenforum.models import ReaderComment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def content(settings):
    settings.KUNDENFORUM_MIN_SUBMIT_SECONDS = 0
    return make_content(extra_done=25)  # 27 implemented: a list of two pages


@pytest.fixture
def reader(new_page):
    page = new_page(java_script_enabled=False)
    assert page.evaluate("() => 1") == 1  # Playwright may evaluate; the page's own scripts not
    return page


def titles(page):
    return [title.inner_text() for title in page.locator(".kf-teaser__title").all()]


def test_the_news_through_its_pages_and_its_feed(live_server, reader, content):
    reader.goto(live_server.url + content.index.url)
    first = titles(reader)
    assert len(first) == 2
    feed = reader.locator("link[rel='alternate'][type='application/rss+xml']")
    feed_url = feed.get_attribute("href")
    assert reader.locator(".kf-feed-link a").get_attribute("href") == feed_url
    answer = reader.request.get(live_server.url + feed_url)
    assert answer.ok and "<rss" in answer.text()

    reader.locator(".kf-pagination a[rel='next']").click()
    reader.wait_for_url(re.compile(r"\?page=2"))
    second = titles(reader)
    assert second and not set(first) & set(second)
    assert reader.locator(".kf-pagination a[rel='prev']").is_visible()
    reader.get_by_role("link", name="Erstes Kundenforum").click()
    assert reader.locator("h1").inner_text() == "Erstes Kundenforum"
    assert reader.locator(".kf-comment").count() == 3
    assert reader.locator(".kf-comment--official").count() == 1
    assert reader.locator(".kf-stats").is_visible()
    reader.locator(".kf-back-link").click()
    assert reader.locator("h1").inner_text() == "Neuigkeiten"
    assert titles(reader) == first


def test_a_comment_is_sent_after_a_mistake(live_server, reader, content):
    reader.goto(live_server.url + content.report.url)
    form = reader.locator(".kf-comment-form")
    form.locator("#id_text").fill("Bitte mehr Busse am Abend.")
    form.get_by_role("button", name="Kommentar senden").click()
    summary = reader.locator(".kf-error-summary")
    summary.wait_for()
    assert "Name" in summary.inner_text()
    assert form.locator("#id_text").input_value() == "Bitte mehr Busse am Abend."
    assert reader.evaluate("() => document.activeElement.id") == "kf-error-summary"

    form.locator("#id_name").fill("Erika Muster")
    form.locator("#id_email").fill("erika@example.org")
    form.locator("#id_consent").check()
    form.get_by_role("button", name="Kommentar senden").click()
    reader.wait_for_url(re.compile(r"kf_comment=pending"))
    assert "wartet auf die Freigabe" in reader.locator(".kf-comments .kf-message").inner_text()
    assert ReaderComment.objects.filter(name="Erika Muster").count() == 1


def test_the_tracker_is_filtered_and_paged(live_server, reader, content):
    reader.goto(live_server.url + content.tracker_report.url)
    tracker = reader.locator(".kf-tracker")
    assert tracker.get_attribute("data-count") == "31"
    done = reader.locator(".kf-tracker-group[data-group='umgesetzt']")
    assert done.locator(".kf-suggestion").count() == 5
    done.locator(".kf-tracker-group__show-all").click()
    reader.wait_for_url(re.compile(r"\?status=umgesetzt"))
    assert reader.locator(".kf-suggestion").count() == 25
    reader.locator(".kf-tracker-pagination a[rel='next']").click()
    reader.wait_for_url(re.compile(r"page=2"))
    assert reader.locator(".kf-suggestion").count() == 2
    assert reader.locator("input[name='status'][value='umgesetzt']").is_checked()

    form = reader.locator("form.kf-tracker-filter")
    form.locator("input[name='status'][value='umgesetzt']").uncheck()
    form.locator("select[name='forum']").select_option("1")
    form.locator("input[name='q']").fill("Hotline")
    form.get_by_role("button", name="Filtern").click()
    reader.wait_for_url(re.compile(r"forum=1.*q=Hotline"))
    assert tracker.get_attribute("data-count") == "1"
    reader.get_by_role("link", name="Hotline wieder mit Festnetznummer").click()
    assert reader.locator("h1").inner_text() == "Hotline wieder mit Festnetznummer"
    history = reader.locator(".kf-timeline .kf-timeline__item")
    assert history.count() == 3  # raised, in progress, implemented
    atom = reader.locator("link[rel='alternate'][type='application/atom+xml']").get_attribute(
        "href"
    )
    answer = reader.request.get(live_server.url + atom)
    assert answer.ok and "<feed" in answer.text()


def test_a_filter_matching_nothing_offers_the_way_back(live_server, reader, content):
    reader.goto(live_server.url + content.tracker_report.url + "?q=Strassenbahn")
    assert reader.locator(".kf-tracker").get_attribute("data-count") == "0"
    reader.locator(".kf-tracker__reset").click()
    assert reader.locator(".kf-tracker").get_attribute("data-count") == "31"
