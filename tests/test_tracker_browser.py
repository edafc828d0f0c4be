"""The suggestion tracker in real Chromium: an editor puts it into a content page in the
Wagtail admin and publishes it, then readers filter it by status, with JavaScript and
without."""

import re

import pytest

from tests.support.browser_fixtures import log_in_to_admin
from tests.support.helpers import make_forum, make_site, make_suggestion, publish
from tests.testapp.models import ContentPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The admin's labels in English and in German, whichever language it speaks.
TRACKER_BLOCK = re.compile(r"Suggestion tracker|Vorschlags-Tracker", re.IGNORECASE)
INSERT_BLOCK = re.compile(r"Insert a block|Block einfügen", re.IGNORECASE)
MORE_ACTIONS = re.compile(r"More actions|Mehr Aktionen|Weitere Aktionen", re.IGNORECASE)
PUBLISH = re.compile(r"^\s*(Publish|Veröffentlichen)\s*$")
HEADING = re.compile(r"^\s*(Heading|Überschrift)\s*$", re.IGNORECASE)

PASSWORD = "geheim-123"

SUGGESTIONS = [
    ("Hotline wieder mit Festnetznummer", "umgesetzt", {}),
    ("Längere Öffnungszeiten im Kundenzentrum", "umgesetzt", {}),
    ("Spätere Busse am Wochenende", "in-der-mache", {}),
    ("Eine eigene App der Stadtwerke", "geht-nicht", {"declined_reason": "Zu teuer."}),
    ("Busfahren für alle kostenlos", "geht-nicht", {"declined_reason": "Nicht bezahlbar."}),
    ("Zählerstand per Postkarte melden", "gibt-es-schon", {}),
    ("Ein Kundenbeirat", "in-pruefung", {}),
]


@pytest.fixture
def content_page():
    """An empty content page of the site's own page type, and the suggestions to track."""
    forum = make_forum(1, title="Erstes Kundenforum")
    for title, status, fields in SUGGESTIONS:
        make_suggestion(forum, status=status, title=title, **fields)
    return publish(make_site(), ContentPage(title="Ihre Vorschläge", slug="vorschlaege"))


def insert_tracker_and_publish(editor, url, page):
    """Through the page editor: add the tracker block to the body, give it a heading, publish."""
    editor.goto(f"{url}/admin/pages/{page.pk}/edit/")
    editor.get_by_role("button", name=INSERT_BLOCK).first.click()
    editor.get_by_role("option", name=TRACKER_BLOCK).click()
    block = editor.locator("[data-streamfield-child]")
    block.get_by_label(HEADING).fill("Was aus Ihren Vorschlägen wurde")
    editor.get_by_role("button", name=MORE_ACTIONS).click()
    editor.get_by_role("button", name=PUBLISH).click()
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/$"))


def filter_by_status(reader, url, slug):
    """Tick one status in the tracker's filter form and send it; return what is listed."""
    reader.goto(url)
    tracker = reader.locator(".kf-tracker")
    assert tracker.get_attribute("data-count") == str(len(SUGGESTIONS))
    assert tracker.get_by_role("heading", name="Was aus Ihren Vorschlägen wurde").is_visible()
    form = reader.locator("form.kf-tracker-filter")
    form.locator(f"input[name='status'][value='{slug}']").check()
    form.locator("button[type='submit']").click()
    reader.wait_for_url(re.compile(rf"\?(.*&)?status={slug}(&|#|$)"))
    assert form.locator(f"input[name='status'][value='{slug}']").is_checked()
    items = reader.locator("li.kf-suggestion").all()
    statuses = [item.get_attribute("data-status") for item in items]
    return tracker.get_attribute("data-count"), statuses


def expected_count(slug):
    return sum(1 for _title, status, _fields in SUGGESTIONS if status == slug)


def test_editor_inserts_the_tracker_and_readers_filter_it(
    live_server, new_page, content_page, django_user_model
):
    user = django_user_model.objects.create_superuser("redaktion", "r@example.org", PASSWORD)
    editor = new_page(locale="en-GB")
    log_in_to_admin(editor, live_server.url, user, PASSWORD)
    insert_tracker_and_publish(editor, live_server.url, content_page)
    content_page.refresh_from_db()
    assert [block.block_type for block in content_page.body] == ["tracker"]
    assert content_page.live_revision_id == content_page.latest_revision_id
    url = live_server.url + content_page.url

    with_js = new_page(locale="de-DE")
    count, statuses = filter_by_status(with_js, url, "geht-nicht")
    assert count == str(expected_count("geht-nicht"))
    assert statuses == ["geht-nicht"] * expected_count("geht-nicht")

    without_js = new_page(locale="de-DE", java_script_enabled=False)
    count, statuses = filter_by_status(without_js, url, "umgesetzt")
    assert count == str(expected_count("umgesetzt"))
    assert statuses == ["umgesetzt"] * expected_count("umgesetzt")
