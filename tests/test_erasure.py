"""Erasure (Art. 17 DSGVO) removes a reader and nothing of the utility's: official replies
store no moderator's address and are never erased with one, and the admin's history of the
erased comments keeps what happened without the reader's name."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from tests.support.helpers import make_comment
from tests.support.security_helpers import moderator, snippet_url
from wagtail_kundenforum.comments.personal_data import erase_personal_data
from wagtail_kundenforum.models import ReaderComment

pytestmark = pytest.mark.django_db

ANNA = "anna@example.org"


@pytest.fixture
def moderator_client(client):
    client.force_login(moderator())
    return client


def erase_with_function(client, email):
    erase_personal_data(email)


def erase_with_command(client, email):
    call_command("kundenforum_personal_data", email, "--erase", "--yes", stdout=io.StringIO())


def erase_in_the_admin(client, email):
    data = {"email": email, "confirm_erase": "on", "erase": ""}
    response = client.post(reverse("wagtail_kundenforum_personal_data"), data)
    assert response.status_code == 302


ERASURES = [erase_with_function, erase_with_command, erase_in_the_admin]


def reply_officially(client, comment, text):
    response = client.post(snippet_url("readercomment", "reply", comment.pk), {"text": text})
    assert response.status_code == 302
    return ReaderComment.objects.get(text=text, is_official=True)


def test_an_official_reply_stores_no_address(moderator_client, report):
    question = make_comment(report, email=ANNA)

    reply = reply_officially(moderator_client, question, "Danke, das ist umgesetzt.")

    assert reply.email == "" and reply.moderated_by.email == "moderatorin@stadtwerke.example"


@pytest.mark.parametrize("erase", ERASURES)
def test_erasing_a_moderators_address_keeps_the_utilitys_replies(moderator_client, report, erase):
    address = "moderatorin@stadtwerke.example"
    question = make_comment(report, 1, email=ANNA)
    reply = reply_officially(moderator_client, question, "Danke, das ist umgesetzt.")
    # As official replies were stored before: with the moderator's address.
    older = make_comment(report, 2, parent=question, email=address, is_official=True)
    # The moderator also wrote as a reader, in her free time.
    own = make_comment(report, 3, email=address.upper(), name="Moderatorin privat")

    erase(moderator_client, address)

    assert set(ReaderComment.objects.values_list("pk", flat=True)) == {
        question.pk,
        reply.pk,
        older.pk,
    }
    assert not ReaderComment.objects.filter(pk=own.pk).exists()


def test_a_moderators_data_request_lists_no_official_reply(moderator_client, report):
    address = "moderatorin@stadtwerke.example"
    make_comment(report, 1, parent=make_comment(report, 2), email=address, is_official=True)
    make_comment(report, 3, email=address, text="Privat geschrieben")

    response = moderator_client.post(
        reverse("wagtail_kundenforum_personal_data"), {"email": address, "export": ""}
    )

    texts = [comment["text"] for comment in json.loads(response.content)["comments"]]
    assert texts == ["Privat geschrieben"]


def edit_in_the_admin(client, comment, text):
    data = {"page": comment.page_id, "parent": comment.parent_id or "", "name": comment.name}
    data.update(email=comment.email, url="", text=text)
    response = client.post(snippet_url("readercomment", "edit", comment.pk), data)
    assert response.status_code == 302


def delete_in_the_admin(client, comment):
    response = client.post(snippet_url("readercomment", "delete", comment.pk))
    assert response.status_code == 302


def labels_and_data():
    return " ".join(
        f"{entry.label} {json.dumps(entry.data)}" for entry in ModelLogEntry.objects.all()
    )


@pytest.fixture
def history(moderator_client, report):
    """Anna's comments with their history in the admin: one edited, one deleted before her
    request, one logged in German; a reply to her by Carla, and Bernd's edited comment."""
    anna = make_comment(report, 1, name="Anna Beispiel", email=ANNA)
    edit_in_the_admin(moderator_client, anna, "Bitte die Hotline als Festnetznummer.")
    deleted_before = make_comment(report, 2, name="Anna Beispiel", email=ANNA)
    delete_in_the_admin(moderator_client, deleted_before)
    in_german = make_comment(report, 3, name="Anna Beispiel", email=ANNA.upper())
    with translation.override("de"):
        log(instance=in_german, action="wagtail.edit")
    carla = make_comment(report, 4, name="Carla Antwort", parent=anna)
    edit_in_the_admin(moderator_client, carla, "Finde ich auch.")
    bernd = make_comment(report, 5, name="Bernd Leser", email="bernd@example.org")
    edit_in_the_admin(moderator_client, bernd, "Mehr Busse, bitte.")
    assert "Anna Beispiel zu „Report 1“" in labels_and_data()  # the German label
    return bernd


@pytest.mark.parametrize("erase", ERASURES)
def test_erasure_removes_the_name_from_the_admins_history(moderator_client, history, erase):
    entries = ModelLogEntry.objects.count()

    erase(moderator_client, ANNA)

    assert ModelLogEntry.objects.count() >= entries  # what happened stays on record
    assert "Anna" not in labels_and_data()
    assert "Carla" not in labels_and_data()  # her reply was erased with Anna's comment
    assert "Bernd Leser on “Report 1”" in labels_and_data()


def test_the_history_says_the_name_was_removed(moderator_client, history):
    erase_personal_data(ANNA)

    labels = set(
        ModelLogEntry.objects.exclude(label__startswith="Bernd").values_list("label", flat=True)
    )
    assert labels == {"Reader comment (name removed)"}


def test_erasure_removes_the_moderators_notices_that_quote_the_reader(client, report, settings):
    """The notice of a waiting comment quotes its name and text: it goes with the comment."""
    from tests.support.helpers import comment_data
    from wagtail_kundenforum.models import KundenforumSettings, OutboxMessage

    settings.KUNDENFORUM_MAIL_TASK_BACKEND = None  # the notices wait in the outbox
    settings.KUNDENFORUM_RATE_LIMITS = []
    site_settings = KundenforumSettings.for_site(report.get_site())
    site_settings.moderator_emails = "moderation@stadtwerke.example"
    site_settings.save()
    for email, text in [(ANNA, "Mehr Ladesäulen am Markt"), ("ben@example.org", "Bus bis 23 Uhr")]:
        data = comment_data(report, email=email.upper() if email == ANNA else email, text=text)
        assert client.post(report.url, data).status_code == 302
    assert OutboxMessage.objects.count() == 2

    erase_personal_data(ANNA)

    assert [message.body.count("Bus bis 23 Uhr") for message in OutboxMessage.objects.all()] == [1]


@pytest.mark.parametrize("erase", ERASURES)
def test_erasure_leaves_the_history_of_a_reader_whose_name_only_begins_alike(
    moderator_client, report, erase
):
    anna = make_comment(report, 1, name="Anna Beispiel", email=ANNA)
    edit_in_the_admin(moderator_client, anna, "Bitte die Hotline als Festnetznummer.")
    other = make_comment(report, 2, name="Anna Beispiel Meier", email="meier@example.org")
    edit_in_the_admin(moderator_client, other, "Mehr Ladesäulen.")

    erase(moderator_client, ANNA)

    assert "Anna Beispiel Meier on “Report 1”" in labels_and_data()
    assert "Anna Beispiel on" not in labels_and_data()
