"""The suggestion's edit form as editors meet it (issue 15): no stray labels of its hidden
fields, the statuses as a plain radio list with their kinds, a note for the new history step,
a dashboard panel that lists only suggestions readers got no answer for, and a new
suggestion that starts with a status and a forum, so that a draft saves at once."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html, rich_text
from wagtail.users.models import UserProfile

from tests.support.helpers import make_forum, make_suggestion, status
from wagtail_kundenforum.models import Suggestion, SuggestionStatus, SuggestionStatusChange
from wagtail_kundenforum.models.suggestions import ANSWER_FEATURES
from wagtail_kundenforum.status_changes import change_status

pytestmark = pytest.mark.django_db

FEED_URL = "/kundenforum/feed/status-changes/"


def admin_url(view_name, *args):
    return reverse(f"wagtailsnippets_wagtail_kundenforum_suggestion:{view_name}", args=args)


def visible_text(html):
    """What the page shows: its text without scripts (their JSON holds widget templates)."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "template", "style"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


def timeline_text(html):
    return " ".join(BeautifulSoup(html, "html.parser").select_one(".kf-timeline").stripped_strings)


def form_data(response):
    return querydict_from_html(response.content.decode(), form_id="w-editor-form")


def history(suggestion):
    changes = SuggestionStatusChange.objects.filter(suggestion=suggestion)
    return [(change.to_status.slug, change.note) for change in changes.select_related("to_status")]


@pytest.fixture
def german_client(client, admin_user):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "de"
    profile.save()
    client.force_login(admin_user)
    return client


@pytest.fixture
def suggestion():
    return make_suggestion(make_forum(1))


# 1. The hidden fields that protect against a concurrent status change


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_edit_form_shows_no_label_of_its_hidden_fields(
    admin_client, german_client, suggestion, language
):
    client = german_client if language == "de" else admin_client
    response = client.get(admin_url("edit", suggestion.pk))
    html = response.content.decode()

    text = visible_text(html)
    for label in ("Status seen", "History seen", "Status gesehen", "Verlauf gesehen"):
        assert label.lower() not in text.lower()
    assert 'for="id_status_seen"' not in html and 'for="id_history_seen"' not in html
    # Still in the form, hidden: the concurrency protection needs them.
    data = form_data(response)
    assert data["status_seen"] == str(suggestion.status_id)
    assert re.search(r'<input type="hidden" name="status_seen"', html)
    assert re.search(r'<input type="hidden" name="history_seen"', html)


# 2. The status as a radio list with the kinds, without a chooser


def status_labels(html):
    labels = re.findall(r'<input type="radio" name="status"[^>]*>\s*([^<]+)</label>', html)
    return [label.strip() for label in labels]


def test_the_status_is_a_radio_list_with_the_kinds_in_order(admin_client, suggestion):
    html = admin_client.get(admin_url("edit", suggestion.pk)).content.decode()

    assert status_labels(html) == [
        "Das haben wir umgesetzt (done)",
        "Das gibt es schon (exists already)",
        "Das ist in der Mache (in progress)",
        "Das geht nicht (declined)",
        "Wird geprüft (open)",
    ]
    assert re.search(rf'name="status" value="{suggestion.status_id}"[^>]*checked', html)
    # No chooser, so no "choose another" and no "edit this status" that renames it everywhere.
    assert "/snippets/choose/wagtail_kundenforum/suggestionstatus/" not in html
    assert "suggestion status" not in visible_text(html)


def test_the_statuses_follow_their_order_and_the_kinds_read_german(german_client, suggestion):
    SuggestionStatus.objects.filter(slug="in-pruefung").update(order=0)

    html = german_client.get(admin_url("edit", suggestion.pk)).content.decode()

    labels = status_labels(html)
    assert labels[0] == "Wird geprüft (offen)"
    assert "Das ist in der Mache (in Arbeit)" in labels
    text = visible_text(html)
    assert "Status und Antwort" in text and "Notiz für den Verlauf" in text
    assert "Vorschlagsstatus" not in html  # "Vorschlagsstatus bearbeiten" renamed it everywhere


# 3. The note of the new history step


def publish(client, suggestion, data):
    data["action-publish"] = "action-publish"
    return client.post(admin_url("edit", suggestion.pk), data)


def test_the_answer_typed_with_a_new_status_becomes_the_steps_note(admin_client, suggestion):
    data = form_data(admin_client.get(admin_url("edit", suggestion.pk)))
    data["status"] = str(status("in-der-mache").pk)
    data["answer"] = rich_text(
        "<p>Wir stellen die Hotline um.</p><p>Ab März &amp; mit Festnetznummer.</p>",
        features=ANSWER_FEATURES,
    )

    assert publish(admin_client, suggestion, data).status_code == 302

    note = "Wir stellen die Hotline um.\n\nAb März & mit Festnetznummer."
    assert history(suggestion) == [("in-der-mache", note)]
    feed = admin_client.get(FEED_URL).content.decode()
    assert "Wir stellen die Hotline um." in feed and "Ab März &amp;amp; mit" in feed
    page = admin_client.get(suggestion.get_url()).content.decode()
    assert "Ab März & mit Festnetznummer." in timeline_text(page)


def test_the_note_for_the_history_wins_over_the_answer(admin_client, suggestion):
    data = form_data(admin_client.get(admin_url("edit", suggestion.pk)))
    data["status"] = str(status("umgesetzt").pk)
    data["answer"] = rich_text("<p>Die Hotline ist erreichbar.</p>", features=ANSWER_FEATURES)
    data["history_note"] = "  Seit dem 1. März unter 0201 12345.  "

    assert publish(admin_client, suggestion, data).status_code == 302

    assert history(suggestion) == [("umgesetzt", "Seit dem 1. März unter 0201 12345.")]
    assert "Seit dem 1. März unter 0201 12345." in admin_client.get(FEED_URL).content.decode()


def test_a_declined_status_takes_its_new_reason_as_the_note(admin_client, suggestion):
    data = form_data(admin_client.get(admin_url("edit", suggestion.pk)))
    data["status"] = str(status("geht-nicht").pk)
    data["declined_reason"] = "Die Nummer ist gesetzlich vorgegeben."

    assert publish(admin_client, suggestion, data).status_code == 302

    assert history(suggestion) == [("geht-nicht", "Die Nummer ist gesetzlich vorgegeben.")]


def test_an_answer_left_as_it_was_gives_no_note(admin_client):
    suggestion = make_suggestion(make_forum(1), answer="<p>Wir prüfen das.</p>")
    data = form_data(admin_client.get(admin_url("edit", suggestion.pk)))
    data["status"] = str(status("in-der-mache").pk)

    assert publish(admin_client, suggestion, data).status_code == 302

    assert history(suggestion) == [("in-der-mache", "")]


def test_a_draft_keeps_its_note_until_it_is_published(admin_client, suggestion):
    data = form_data(admin_client.get(admin_url("edit", suggestion.pk)))
    data["status"] = str(status("umgesetzt").pk)
    data["history_note"] = "Erledigt im März."
    assert admin_client.post(admin_url("edit", suggestion.pk), data).status_code == 302
    assert history(suggestion) == []

    reopened = form_data(admin_client.get(admin_url("edit", suggestion.pk)))
    assert reopened["history_note"].strip() == "Erledigt im März."
    # Published as saved, as a schedule or a workflow's approval does.
    Suggestion.objects.get(pk=suggestion.pk).latest_revision.publish()

    assert history(suggestion) == [("umgesetzt", "Erledigt im März.")]
    after = form_data(admin_client.get(admin_url("edit", suggestion.pk)))
    assert after["history_note"].strip() == ""  # the next change starts afresh


def test_a_draft_with_a_new_status_reopened_and_published_from_the_form(admin_client, suggestion):
    data = form_data(admin_client.get(admin_url("edit", suggestion.pk)))
    data["status"] = str(status("umgesetzt").pk)
    data["history_note"] = "Erledigt im März."
    assert admin_client.post(admin_url("edit", suggestion.pk), data).status_code == 302

    reopened = form_data(admin_client.get(admin_url("edit", suggestion.pk)))
    assert reopened["status"] == str(status("umgesetzt").pk)
    assert publish(admin_client, suggestion, reopened).status_code == 302

    assert Suggestion.objects.get(pk=suggestion.pk).status.slug == "umgesetzt"
    assert history(suggestion) == [("umgesetzt", "Erledigt im März.")]


def test_a_note_without_a_new_status_records_nothing(admin_client, suggestion):
    data = form_data(admin_client.get(admin_url("edit", suggestion.pk)))
    data["history_note"] = "Nur eine Notiz"
    assert publish(admin_client, suggestion, data).status_code == 302
    assert history(suggestion) == []


def test_a_note_with_control_characters_is_refused_with_a_message(admin_client, suggestion):
    data = form_data(admin_client.get(admin_url("edit", suggestion.pk)))
    data["status"] = str(status("umgesetzt").pk)
    data["history_note"] = "Erledigt\x1b[0m"

    response = publish(admin_client, suggestion, data)

    assert response.status_code == 200
    assert "invisible control characters" in response.content.decode()
    assert history(suggestion) == []


def test_the_preview_shows_the_note_of_the_new_step(admin_client, suggestion):
    data = form_data(admin_client.get(admin_url("edit", suggestion.pk)))
    data["status"] = str(status("umgesetzt").pk)
    data["history_note"] = "Vorschau der Notiz"
    preview_url = admin_url("preview_on_edit", suggestion.pk)
    assert admin_client.post(preview_url, data).json()["is_valid"]

    html = admin_client.get(preview_url).content.decode()

    assert "Vorschau der Notiz" in timeline_text(html)


# 4. The dashboard panel lists only suggestions without any answer


def age(suggestion, days=45):
    created = timezone.now() - datetime.timedelta(days=days)
    Suggestion.objects.filter(pk=suggestion.pk).update(created_at=created)


def unanswered_panel(client):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    start = html.find('id="kundenforum-unanswered-suggestions')
    return html[start : html.find("</section>", start)]


def test_a_public_reason_a_service_link_or_a_note_answer_a_suggestion(admin_client):
    forum = make_forum(1)
    waiting = make_suggestion(forum, title="Wartet auf Antwort")
    declined = make_suggestion(forum, title="Abgelehnt mit Grund")
    change_status(declined, status("geht-nicht"), reason="Gesetzlich vorgegeben.")
    exists = make_suggestion(forum, "gibt-es-schon", title="Gibt es schon", live=True)
    Suggestion.objects.filter(pk=exists.pk).update(existing_service_url="https://example.org/")
    noted = make_suggestion(forum, title="Mit Notiz im Verlauf")
    change_status(noted, status("in-der-mache"), note="Wir arbeiten daran.")
    note_gone = make_suggestion(forum, title="Notiz nur früher")
    change_status(note_gone, status("in-der-mache"), note="Damals", date=datetime.date(2012, 1, 1))
    change_status(note_gone, status("in-pruefung"))
    reason_left_over = make_suggestion(forum, title="Alter Grund", declined_reason="Früher")
    for suggestion in (waiting, declined, exists, noted, note_gone, reason_left_over):
        age(suggestion)

    panel = unanswered_panel(admin_client)

    assert "3 published suggestions have had no public answer" in panel
    for listed in ("Wartet auf Antwort", "Notiz nur früher", "Alter Grund"):
        assert listed in panel
    for answered in ("Abgelehnt mit Grund", "Gibt es schon", "Mit Notiz im Verlauf"):
        assert answered not in panel


# 5. A new suggestion starts with a status and a forum


def test_the_add_form_preselects_the_first_open_status_and_the_latest_forum(admin_client):
    make_forum(1, date=datetime.date(2011, 5, 4))
    latest = make_forum(2, date=datetime.date(2011, 11, 15))
    make_forum(3, date=timezone.localdate() + datetime.timedelta(days=30))  # not held yet
    make_suggestion(latest)  # the default statuses, as the migration made them

    data = form_data(admin_client.get(admin_url("add")))

    assert data["status"] == str(status("in-pruefung").pk)
    assert data["forum"] == str(latest.pk)


def test_a_new_suggestion_saves_as_a_draft_with_only_a_title(admin_client):
    forum = make_forum(1)
    make_suggestion(forum, title="Schon da")
    data = form_data(admin_client.get(admin_url("add")))
    data["title"] = "Busse auch am Sonntag"

    response = admin_client.post(admin_url("add"), data)

    assert response.status_code == 302
    draft = Suggestion.objects.get(title="Busse auch am Sonntag")
    assert not draft.live
    assert draft.status.slug == "in-pruefung" and draft.forum == forum
