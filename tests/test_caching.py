"""Caching that is never stale: the tracker and the comment lists come from the cache, and
every change that readers would see shows on the next request.

Each test runs on Django's local memory cache and on Redis (marker ``redis``), the
documented production cache. A change made with ``QuerySet.update()`` sends no signal and
so stays invisible: that is how the tests prove the cache is used at all.
"""

import io
import os
import threading
import time
import uuid

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from tests.support.caches import each_cache
from tests.support.helpers import (
    comment_data,
    make_comment,
    make_forum,
    make_index,
    make_report,
    make_suggestion,
    make_topic,
    stream_body,
    tracker_block,
)
from tests.support.helpers import make_tracker_page as tracker_page
from tests.test_suggestion_admin import admin_url, bulk_url, change_form_data, edit_form_data
from wagtail_kundenforum import caching
from wagtail_kundenforum.comments.moderation import approve, reject
from wagtail_kundenforum.models import (
    CommentState,
    KundenforumSettings,
    ReaderComment,
    Suggestion,
    SuggestionStatus,
    SuggestionTopic,
)
from wagtail_kundenforum.status_changes import change_status

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def cache_backend(request, settings):
    """Every test on both caches; on Redis under keys of its own, removed afterwards."""
    yield from each_cache(request, settings)


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def titles(client, url):
    return [item.a.get_text(strip=True) for item in soup_of(client, url).select(".kf-suggestion")]


def statuses_of(client, url):
    items = soup_of(client, url).select(".kf-suggestion")
    return {item.a.get_text(strip=True): item["data-status"] for item in items}


def comment_texts(client, page):
    soup = soup_of(client, page.url)
    return [text.get_text(strip=True) for text in soup.select(".kf-comment__text")]


# The tracker


@pytest.fixture
def page(forum):
    make_suggestion(forum, title="Hotline mit Festnetznummer")
    return tracker_page()


def test_the_tracker_is_served_from_the_cache(client, page):
    assert titles(client, page.url) == ["Hotline mit Festnetznummer"]
    Suggestion.objects.update(title="Unseen")  # no signal: the cached results stay
    assert titles(client, page.url) == ["Hotline mit Festnetznummer"]


def test_a_newly_published_suggestion_shows_at_once(client, page, forum):
    titles(client, page.url)
    make_suggestion(forum, title="Mehr Ladesäulen")
    assert set(titles(client, page.url)) == {"Hotline mit Festnetznummer", "Mehr Ladesäulen"}


def test_a_draft_shows_only_once_it_is_published_in_the_admin(admin_client, page):
    suggestion = Suggestion.objects.get()
    titles(client := admin_client, page.url)
    url = admin_url("edit", suggestion.pk)
    client.post(url, edit_form_data(suggestion, title="Erst ein Entwurf"))
    assert titles(client, page.url) == ["Hotline mit Festnetznummer"]
    client.post(url, edit_form_data(suggestion, publish=True, title="Jetzt veröffentlicht"))
    assert titles(client, page.url) == ["Jetzt veröffentlicht"]


def test_a_status_changed_by_the_bulk_action_shows_at_once(admin_client, page):
    suggestion = Suggestion.objects.get()
    assert statuses_of(admin_client, page.url) == {suggestion.title: "in-pruefung"}
    response = admin_client.post(bulk_url(suggestion), change_form_data("umgesetzt"))
    assert response.status_code == 302
    assert statuses_of(admin_client, page.url) == {suggestion.title: "umgesetzt"}


def test_a_status_changed_in_code_shows_at_once(client, page):
    suggestion = Suggestion.objects.get()
    titles(client, page.url)
    change_status(suggestion, SuggestionStatus.objects.get(slug="in-der-mache"))
    assert statuses_of(client, page.url) == {suggestion.title: "in-der-mache"}


def test_an_unpublished_or_deleted_suggestion_disappears_at_once(client, page, forum):
    other = make_suggestion(forum, title="Mehr Ladesäulen")
    titles(client, page.url)
    Suggestion.objects.get(title="Hotline mit Festnetznummer").unpublish()
    assert titles(client, page.url) == ["Mehr Ladesäulen"]
    other.delete()
    assert titles(client, page.url) == []


def test_renamed_statuses_and_topics_show_at_once(client, forum):
    make_suggestion(forum, title="Mehr Ladesäulen", topic=make_topic("strom", name="Strom"))
    page = tracker_page(tracker_block(group_by="topic"))
    assert "Strom" in soup_of(client, page.url).select_one(".kf-tracker-group__title").text
    topic = SuggestionTopic.objects.get(slug="strom")
    topic.name = "Elektrizität"
    topic.save()
    assert "Elektrizität" in soup_of(client, page.url).select_one(".kf-tracker-group__title").text
    status = SuggestionStatus.objects.get(slug="in-pruefung")
    status.label = "Wird geprüft"
    status.save()
    assert "Wird geprüft" in soup_of(client, page.url).select_one(".kf-status").text


def test_imported_suggestions_show_at_once(client, page, forum, tmp_path):
    titles(client, page.url)
    path = tmp_path / "import.csv"
    path.write_text("external_id,title,status\nKF1-100,Solarberatung,in-pruefung\n")
    call_command("kundenforum_import", str(path), forum=forum.number, stdout=io.StringIO())
    assert "Solarberatung" in titles(client, page.url)


def test_filters_and_pages_are_cached_apart(client, page, forum):
    make_suggestion(forum, title="Mehr Ladesäulen", status="umgesetzt")
    assert titles(client, page.url + "?status=umgesetzt") == ["Mehr Ladesäulen"]
    assert titles(client, page.url + "?status=in-pruefung") == ["Hotline mit Festnetznummer"]
    filter_form = soup_of(client, page.url + "?status=umgesetzt").select_one(".kf-tracker-filter")
    checked = [box["value"] for box in filter_form.select("input[checked]")]
    assert checked == ["umgesetzt"]


# The comment lists


def test_the_comment_list_is_served_from_the_cache(client, report):
    make_comment(report, text="Erster Kommentar")
    assert comment_texts(client, report) == ["Erster Kommentar"]
    ReaderComment.objects.update(text="Unseen")  # no signal: the cached list stays
    assert comment_texts(client, report) == ["Erster Kommentar"]


def moderate_in_admin(client, action, *comments):
    url = reverse("wagtail_bulk_action", args=("wagtail_kundenforum", "readercomment", action))
    query = "&".join(f"id={comment.pk}" for comment in comments)
    response = client.post(f"{url}?{query}")
    assert response.status_code == 302


def test_an_approved_comment_shows_at_once(admin_client, report):
    make_comment(report, text="Schon da")
    waiting = make_comment(report, n=2, text="Wartet", state=CommentState.PENDING)
    assert comment_texts(admin_client, report) == ["Schon da"]
    moderate_in_admin(admin_client, "approve", waiting)
    assert comment_texts(admin_client, report) == ["Schon da", "Wartet"]


def test_a_rejected_or_spam_comment_disappears_at_once(admin_client, report):
    first = make_comment(report, text="Erster")
    second = make_comment(report, n=2, text="Zweiter")
    assert comment_texts(admin_client, report) == ["Erster", "Zweiter"]
    moderate_in_admin(admin_client, "reject", first)
    assert comment_texts(admin_client, report) == ["Zweiter"]
    moderate_in_admin(admin_client, "spam", second)
    assert comment_texts(admin_client, report) == []


def test_an_edited_or_removed_comment_changes_at_once(client, report):
    comment = make_comment(report, text="Tippfehlr")
    assert comment_texts(client, report) == ["Tippfehlr"]
    comment.text = "Tippfehler behoben"
    comment.save()
    assert comment_texts(client, report) == ["Tippfehler behoben"]
    comment.delete()
    assert comment_texts(client, report) == []


def test_a_comment_published_without_moderation_shows_after_the_redirect(client, report):
    site_settings = KundenforumSettings.for_site(report.get_site())
    site_settings.moderation_required = False
    site_settings.save()
    make_comment(report, text="Schon da")
    comment_texts(client, report)
    response = client.post(report.url, comment_data(report, text="Sofort sichtbar"))
    assert response.status_code == 302
    assert comment_texts(client, report) == ["Schon da", "Sofort sichtbar"]


def test_the_comment_form_is_rendered_afresh_for_every_reader(client, report):
    make_comment(report, text="Schon da")

    def form_values():
        soup = soup_of(client, report.url + "?reply_to=1")
        form = soup.select_one("form.kf-comment-form") or soup.select_one("#kf-comment-form")
        return form.select_one("[name=kf_started]")["value"], form.select_one(
            "[name=csrfmiddlewaretoken]"
        )["value"]

    first, second = form_values(), form_values()
    # Django masks the CSRF token anew for every response: a cached form would repeat it.
    assert first[1] != second[1]


# Whatever the cache: another process, a Redis stall, a transaction not yet committed


def test_a_change_made_in_another_process_shows_at_once(client, report, settings):
    """A per-process cache (Django's default) never hears of a change made by a management
    command or another worker: the version in the database tells every process."""
    make_comment(report, text="Wird gelöscht", email="leser@example.org")
    make_comment(report, n=2, text="Bleibt")
    assert comment_texts(client, report) == ["Wird gelöscht", "Bleibt"]
    this_process = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "another-process",
        }
    }
    call_command(
        "kundenforum_personal_data", "leser@example.org", "--erase", "--yes", stdout=io.StringIO()
    )
    settings.CACHES = this_process
    assert comment_texts(client, report) == ["Bleibt"]


@pytest.mark.redis
def test_a_moderation_during_a_redis_stall_shows_once_redis_is_back(client, report, settings):
    """After an error FailSafeRedisCache leaves Redis alone for a while; a comment rejected
    meanwhile must not come back when Redis does."""
    settings.CACHES = {
        "default": {
            "BACKEND": "wagtail_kundenforum.cache_backends.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"kf-test-{uuid.uuid4().hex}",
        }
    }
    rejected = make_comment(report, text="Wird abgelehnt")
    make_comment(report, n=2, text="Bleibt")
    assert comment_texts(client, report) == ["Wird abgelehnt", "Bleibt"]
    caches["default"].paused_until = time.monotonic() + 60  # as after a stall
    reject(ReaderComment.objects.filter(pk=rejected.pk))
    assert comment_texts(client, report) == ["Bleibt"]  # built without the cache
    caches["default"].paused_until = 0.0  # Redis is back, with the old list in it
    assert comment_texts(client, report) == ["Bleibt"]
    cache.clear()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_list_built_before_a_commit_is_never_served_after_it(client):
    """Another reader builds the list while a change is not yet committed: stored under the
    version the change replaces, it is never served once the change is visible."""
    report = make_report(make_index())
    comment = make_comment(report, text="Vorher")
    changed, commit = threading.Event(), threading.Event()

    def edit_in_another_connection():
        try:
            with transaction.atomic():
                comment.text = "Nachher"
                comment.save()
                changed.set()
                commit.wait(10)
        finally:
            connection.close()

    editor = threading.Thread(target=edit_in_another_connection)
    editor.start()
    assert changed.wait(10)
    assert comment_texts(client, report) == ["Vorher"]  # stored in the cache meanwhile
    commit.set()
    editor.join(10)
    assert comment_texts(client, report) == ["Nachher"]


# When the cache fails, and front-end caches


def test_a_cache_that_is_down_counts_as_a_miss(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
        }
    }
    built = []

    def build():
        built.append(1)
        return "fresh"

    assert caching.cached(caching.TRACKER, build, parts={"x": 1}) == "fresh"
    assert caching.cached(caching.TRACKER, build, parts={"x": 1}) == "fresh"
    assert built == [1, 1]
    caching.tracker_changed()  # the version is in the database: the cache is not asked


# Purges happen after the commit: these tests commit for real.
committing = pytest.mark.django_db(transaction=True)


@pytest.fixture
def purged(settings):
    from tests.support import frontend_cache

    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.support.frontend_cache.RecordingBackend"}
    }
    frontend_cache.PURGED.clear()
    return frontend_cache.PURGED


@committing
def test_a_status_change_purges_every_page_that_shows_suggestions(page, purged):
    report = make_report(make_index(), body=stream_body(tracker_block()))
    plain = make_report(make_index(slug="other-news"), n=2)
    suggestion = Suggestion.objects.get()
    purged.clear()
    change_status(suggestion, SuggestionStatus.objects.get(slug="umgesetzt"))
    base = "http://localhost"
    expected = {
        base + page.url,
        base + report.url,
        base + reverse("wagtail_kundenforum:suggestion", args=[suggestion.pk]),
        base + reverse("wagtail_kundenforum:suggestion_api"),
        base + reverse("wagtail_kundenforum:status_change_feed"),
    }
    assert expected <= set(purged)
    assert base + plain.url not in purged


@committing
def test_a_moderated_comment_purges_its_page_and_the_news_list(report, purged):
    waiting = make_comment(report, text="Wartet", state=CommentState.PENDING)
    purged.clear()
    approve(ReaderComment.objects.filter(pk=waiting.pk))
    index = report.get_parent()
    assert {"http://localhost" + report.url, "http://localhost" + index.url} <= set(purged)


@committing
def test_many_changes_in_one_transaction_purge_once(page, forum, purged):
    purged.clear()
    with transaction.atomic():
        for suggestion in Suggestion.objects.all():
            for _ in range(3):
                suggestion.save()
        make_suggestion(forum, title="Mehr Ladesäulen")
    assert purged.count("http://localhost" + page.url) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_bulk_change_never_deadlocks_with_an_editor_publishing_one_of_its_suggestions(
    settings,
):
    """The tracker's version is retired last in every transaction: a bulk change does not
    hold it while it waits for a suggestion that a publishing editor holds."""
    # Wagtail's database search backend rewrites the index rows of every suggestion when it
    # indexes one, a wait of its own between any two editors: not what this test is about.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
    }
    forum = make_forum()
    first = make_suggestion(forum, title="Erster Vorschlag")
    second = make_suggestion(forum, title="Zweiter Vorschlag")
    done = SuggestionStatus.objects.get(slug="umgesetzt")
    first_changed, go_on = threading.Event(), threading.Event()
    errors = []

    def in_a_thread(work):
        def run():
            try:
                work()
            except Exception as error:  # the test reports it
                errors.append(error)
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    def bulk_change():
        with transaction.atomic(), caching.retire_at_end():
            change_status(first, done)
            first_changed.set()
            go_on.wait(10)
            change_status(second, done)  # waits while the editor holds the second

    def publish():
        # As Suggestion.publish: the suggestion's row first, then its save retires the tracker.
        with transaction.atomic():
            editing = Suggestion.objects.select_for_update().get(pk=second.pk)
            editing.title = "Zweiter Vorschlag, überarbeitet"
            editing.save()

    bulk = in_a_thread(bulk_change)
    assert first_changed.wait(10)
    editor = in_a_thread(publish)
    time.sleep(0.5)
    go_on.set()
    bulk.join(20)
    editor.join(20)

    assert errors == []
    second.refresh_from_db()
    assert (second.title, second.status) == ("Zweiter Vorschlag, überarbeitet", done)
