"""The article blocks of issue 15 as editors fill them in and readers see them: a facts box
with figures as the report writes them, a statistics block that lists a few changes and
links to the rest, and one suggestion featured inside the text."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.support.helpers import (
    make_forum,
    make_index,
    make_report,
    make_site,
    make_suggestion,
    make_tracker_page,
    private_status,
    status,
    stream_body,
)
from wagtail_kundenforum.blocks import FactsBoxBlock, ReportBodyBlock
from wagtail_kundenforum.models import KundenforumSettings, Suggestion
from wagtail_kundenforum.status_changes import change_status

pytestmark = pytest.mark.django_db


def read(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def report_with(*blocks, forum=None):
    return make_report(make_index(), forum=forum, body=stream_body(*blocks))


# Item 7: the facts box.


def facts_shown(client, page, language="en"):
    box = read(client, page.url, HTTP_ACCEPT_LANGUAGE=language).select_one(".kf-facts")
    return {
        item.dt.get_text(strip=True): item.dd.get_text(strip=True)
        for item in box.select(".kf-facts__item")
    }


def test_an_editor_may_write_figures_as_the_report_does():
    block = FactsBoxBlock()
    figures = {"returning_participants": "mehr als die Hälfte", "suggestions_discussed": "gut 100"}
    cleaned = block.clean(block.to_python(figures))
    assert cleaned["returning_participants"] == "mehr als die Hälfte"
    assert cleaned["suggestions_discussed"] == "gut 100"


def test_a_figure_refuses_control_characters_and_endless_text():
    figure = FactsBoxBlock().child_blocks["suggestions_discussed"]
    for bad in ("gut\x00100", "gut\n100", "x" * 61):
        with pytest.raises(ValidationError):
            figure.clean(bad)


def test_readers_see_approximate_figures_and_the_forums_own_for_empty_ones(client):
    forum = make_forum(2, participants=20, method="dynamic_facilitation")
    facts = {"returning_participants": "mehr als die Hälfte", "suggestions_discussed": "gut 100"}
    shown = facts_shown(client, report_with(("facts", facts), forum=forum))
    assert shown == {
        "Participants": "20",
        "Returning participants": "mehr als die Hälfte",
        "Method": "Dynamic Facilitation",
        "Suggestions discussed": "gut 100",
    }


def test_facts_stored_as_whole_numbers_still_show(client):
    stored = {"participants": 20, "returning_participants": 11, "suggestions_discussed": 0}
    shown = facts_shown(client, report_with(("facts", stored)))
    assert shown == {
        "Participants": "20",
        "Returning participants": "11",
        "Suggestions discussed": "0",
    }


def test_the_facts_labels_start_alike_in_german(client):
    stored = {"participants": 20, "returning_participants": 11, "method": "world_cafe"}
    page = report_with(("facts", stored | {"suggestions_discussed": 30}))
    assert list(facts_shown(client, page, "de")) == [
        "Teilnehmende",
        "Wiederkehrende Teilnehmende",
        "Methode",
        "Besprochene Vorschläge",
    ]


def child_labels(block):
    for child in getattr(block, "child_blocks", {}).values():
        yield child.label
        yield from child_labels(child)


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_field_of_the_report_blocks_starts_with_a_capital(language):
    with translation.override(language):
        labels = [str(label) for label in child_labels(ReportBodyBlock())]
    assert labels
    assert [label for label in labels if not label[0].isupper()] == []


# Item 11: the statistics block lists a few changes and links to the rest.


@pytest.fixture
def forum():
    return make_forum(1, title="Erstes Kundenforum")


@pytest.fixture
def eight_changes(forum):
    """Eight public status changes of the forum's suggestions in 2012, one a month."""
    for month in range(1, 9):
        suggestion = make_suggestion(forum, "in-pruefung", title=f"Vorschlag {month}")
        change_status(suggestion, status("in-der-mache"), date=datetime.date(2012, month, 1))


def stats_block(forum, **options):
    # Stored as before the option existed unless a test gives ``changes_shown``.
    return ("stats", {"heading": "", "forum": forum.pk, "since": "2012-01-01", **options})


def shown_changes(stats):
    return [change.a.get_text() for change in stats.select(".kf-stats__change")]


def test_the_stats_block_lists_the_five_latest_changes_and_links_to_the_feed(
    client, forum, eight_changes
):
    stats = read(client, report_with(stats_block(forum)).url).select_one(".kf-stats")
    assert shown_changes(stats) == [f"Vorschlag {month}" for month in (8, 7, 6, 5, 4)]
    links = stats.select(".kf-stats__more a")
    assert [link["href"] for link in links] == ["/kundenforum/feed/status-changes/"]
    assert links[0]["type"] == "application/atom+xml"
    assert "All status changes" in links[0].get_text()


def test_the_stats_block_links_to_the_sites_tracker_page_for_the_forum(
    client, forum, eight_changes
):
    tracker = make_tracker_page()
    settings = KundenforumSettings.for_site(make_site().get_site())
    settings.tracker_page = tracker
    settings.save()
    block = stats_block(forum, changes_shown=2)
    stats = read(client, report_with(block).url).select_one(".kf-stats")
    assert shown_changes(stats) == ["Vorschlag 8", "Vorschlag 7"]
    hrefs = [link["href"] for link in stats.select(".kf-stats__more a")]
    assert hrefs == [f"{tracker.url}?forum=1", "/kundenforum/feed/status-changes/"]
    # The link leads to that forum's suggestions on the tracker page.
    listed = read(client, hrefs[0]).select(".kf-tracker .kf-suggestion")
    assert len(listed) == 8


def test_an_unpublished_tracker_page_is_not_linked(client, forum, eight_changes):
    tracker = make_tracker_page()
    tracker.unpublish()
    settings = KundenforumSettings.for_site(make_site().get_site())
    settings.tracker_page = tracker
    settings.save()
    stats = read(client, report_with(stats_block(forum)).url).select_one(".kf-stats")
    hrefs = [link["href"] for link in stats.select(".kf-stats__more a")]
    assert hrefs == ["/kundenforum/feed/status-changes/"]


def test_no_link_when_every_change_is_listed(client, forum, eight_changes):
    block = stats_block(forum, changes_shown=8)
    stats = read(client, report_with(block).url).select_one(".kf-stats")
    assert len(shown_changes(stats)) == 8
    assert stats.select(".kf-stats__more") == []


# Item 13: one suggestion featured inside an article.


@pytest.fixture
def hotline(forum):
    suggestion = make_suggestion(
        forum,
        "in-pruefung",
        title="Hotline wieder mit Festnetznummer",
        answer="<p>Die Hotline ist wieder unter <b>0123 4567</b> erreichbar.</p>",
    )
    change_status(suggestion, status("in-der-mache"), date=datetime.date(2012, 3, 1))
    change_status(
        suggestion, status("umgesetzt"), date=datetime.date(2012, 10, 1), note="Seit Oktober."
    )
    return Suggestion.objects.get(pk=suggestion.pk)


def featured(suggestion):
    return ("featured_suggestion", {"suggestion": suggestion.pk})


def test_a_report_features_a_suggestion_with_its_status_answer_and_steps(client, hotline):
    page = report_with(("paragraph", "<p>Die Hotline-Geschichte.</p>"), featured(hotline))
    box = read(client, page.url).select_one(".kf-report .kf-featured-suggestion")
    assert box["data-status"] == "umgesetzt"
    title = box.select_one(".kf-featured-suggestion__title a")
    assert title.get_text() == "Hotline wieder mit Festnetznummer"
    assert title["href"] == f"/kundenforum/suggestions/{hotline.pk}/"
    assert box.select_one(".kf-featured-suggestion__status .kf-status").get_text() == (
        "Das haben wir umgesetzt"
    )
    assert "<b>0123 4567</b>" in str(box.select_one(".kf-featured-suggestion__answer"))
    steps = box.select(".kf-timeline > li")
    assert [step.time["datetime"] for step in steps] == ["2011-10-12", "2012-03-01", "2012-10-01"]
    assert "Raised at forum 1" in steps[0].get_text()
    assert "Seit Oktober." in steps[2].get_text()
    assert box.select_one(".kf-featured-suggestion__more a")["href"] == title["href"]


def test_a_long_history_shows_its_latest_steps(client, forum):
    suggestion = make_suggestion(forum, "in-pruefung", title="Lange Geschichte")
    for month, slug in enumerate(["in-der-mache", "in-pruefung", "in-der-mache", "umgesetzt"]):
        change_status(suggestion, status(slug), date=datetime.date(2012, month + 1, 1))
    box = read(client, report_with(featured(suggestion)).url).select_one(".kf-featured-suggestion")
    steps = box.select(".kf-timeline > li")
    assert [step.time["datetime"] for step in steps] == ["2012-02-01", "2012-03-01", "2012-04-01"]
    assert "Latest steps" in box.get_text()


def hide_unpublished(suggestion):
    Suggestion.objects.filter(pk=suggestion.pk).update(live=False)


def hide_behind_a_private_status(suggestion):
    Suggestion.objects.filter(pk=suggestion.pk).update(status=private_status())


@pytest.mark.parametrize("hide", [hide_unpublished, hide_behind_a_private_status])
def test_a_suggestion_readers_may_not_see_is_not_featured(client, hotline, hide):
    page = report_with(("paragraph", "<p>Davor.</p>"), featured(hotline))
    hide(hotline)
    cache.clear()
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Davor." in html
    assert "kf-featured-suggestion" not in html
    assert "Festnetznummer" not in html and "0123 4567" not in html


def test_a_draft_never_published_is_not_featured(client, forum):
    draft = make_suggestion(forum, title="Noch ein Entwurf", live=False)
    html = client.get(report_with(featured(draft)).url).content.decode()
    assert "kf-featured-suggestion" not in html and "Noch ein Entwurf" not in html


def test_a_deleted_suggestion_leaves_the_page_working(client, hotline):
    page = report_with(featured(hotline))
    hotline.delete()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "kf-featured-suggestion" not in response.content.decode()


def queries_of(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_featuring_a_suggestion_costs_three_queries_however_long_its_history(client, hotline):
    plain = report_with(("paragraph", "<p>Nur Text.</p>"))
    with_block = make_report(
        make_index(slug="news-2"),
        n=2,
        body=stream_body(("paragraph", "<p>Nur Text.</p>"), featured(hotline)),
    )
    for page in (plain, with_block):
        client.get(page.url)  # warm-up: the site's root paths are cached
    # The chooser loads the chosen suggestion; the block reads it again through the tracker
    # query, with its public history.
    assert queries_of(client, with_block.url) - queries_of(client, plain.url) == 3
    for month in range(1, 7):
        next_status = "in-der-mache" if month % 2 else "umgesetzt"
        change_status(hotline, status(next_status), date=datetime.date(2013, month, 1))
    assert queries_of(client, with_block.url) - queries_of(client, plain.url) == 3


def test_an_editor_previewing_the_page_learns_why_the_block_is_empty(rf, forum):
    from wagtail_kundenforum.blocks import FeaturedSuggestionBlock

    draft = make_suggestion(forum, title="Noch ein Entwurf", live=False)
    block = FeaturedSuggestionBlock()
    value = block.to_python({"suggestion": draft.pk})
    request = rf.get("/")
    assert block.render(value, context={"request": request}).strip() == ""
    request.is_preview = True
    html = block.render(value, context={"request": request})
    assert 'class="kf-note"' in html and "readers do not see it" in html
    assert "Noch ein Entwurf" not in html


def test_the_block_picker_previews_the_sites_newest_public_suggestion(admin_client, forum):
    from django.urls import reverse

    from wagtail_kundenforum.models import ForumReportPage

    make_suggestion(forum, "umgesetzt", title="Hotline wieder mit Festnetznummer")
    make_suggestion(forum, title="Entwurf, noch nicht veröffentlicht", live=False)
    block = ForumReportPage._meta.get_field("body").stream_block.child_blocks
    url = reverse("wagtailadmin_block_preview")
    response = admin_client.get(url, {"id": block["featured_suggestion"].definition_prefix})
    html = response.content.decode()
    assert 'class="kf-featured-suggestion"' in html
    assert "Hotline wieder mit Festnetznummer" in html
    assert "noch nicht veröffentlicht" not in html


@pytest.mark.django_db(transaction=True)
def test_a_status_change_purges_a_page_that_features_the_suggestion(settings, forum):
    from tests.support import frontend_cache

    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.support.frontend_cache.RecordingBackend"}
    }
    suggestion = make_suggestion(forum, "in-pruefung")
    page = report_with(featured(suggestion))
    frontend_cache.PURGED.clear()
    change_status(suggestion, status("umgesetzt"))
    assert "http://localhost" + page.url in frontend_cache.PURGED
