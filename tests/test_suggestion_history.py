"""Status history: recorded in one place, whatever changes the status, and never reverted by
publishing a draft saved before the change."""

import pytest

from tests.support.helpers import make_forum, status
from wagtail_kundenforum.models import Suggestion, SuggestionStatus
from wagtail_kundenforum.signals import suggestion_status_changed
from wagtail_kundenforum.status_changes import change_status

pytestmark = pytest.mark.django_db


def make_suggestion(forum=None, slug="in-pruefung", **fields):
    forum = forum or make_forum()
    suggestion = Suggestion(
        forum=forum, status=status(slug), title=fields.pop("title", "Hotline"), **fields
    )
    suggestion.save()
    suggestion.save_revision().publish()
    return Suggestion.objects.get(pk=suggestion.pk)


def history(suggestion):
    return [
        (change.from_status and change.from_status.slug, change.to_status.slug)
        for change in Suggestion.objects.get(pk=suggestion.pk).status_changes.all()
    ]


def test_default_statuses_exist_with_their_kinds():
    kinds = dict(SuggestionStatus.objects.values_list("slug", "kind"))
    assert kinds == {
        "in-pruefung": "open",
        "umgesetzt": "done",
        "gibt-es-schon": "exists",
        "in-der-mache": "in_progress",
        "geht-nicht": "declined",
    }
    assert SuggestionStatus.objects.filter(is_public=True).count() == 5


def test_change_status_in_code_records_history_and_signals(django_capture_on_commit_callbacks):
    suggestion = make_suggestion()
    received = []

    def receiver(change, **kwargs):
        received.append(change)

    suggestion_status_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            change_status(suggestion, status("in-der-mache"), note="Wir arbeiten daran")
    finally:
        suggestion_status_changed.disconnect(receiver)
    assert history(suggestion) == [("in-pruefung", "in-der-mache")]
    assert received and received[0].note == "Wir arbeiten daran"
    assert Suggestion.objects.get(pk=suggestion.pk).status.slug == "in-der-mache"


def test_publishing_a_changed_status_from_a_revision_records_history():
    suggestion = make_suggestion()
    draft = suggestion.get_latest_revision_as_object()
    draft.status = status("umgesetzt")
    draft.save_revision().publish()
    assert history(suggestion) == [("in-pruefung", "umgesetzt")]


def test_publishing_an_older_draft_keeps_a_newer_bulk_change_and_its_history():
    suggestion = make_suggestion()
    draft = suggestion.get_latest_revision_as_object()
    draft.description = "Neuer Text aus dem Entwurf"
    old_revision = draft.save_revision()

    change_status(suggestion, status("in-der-mache"))
    old_revision.publish()

    live = Suggestion.objects.get(pk=suggestion.pk)
    assert live.status.slug == "in-der-mache"
    assert live.description == "Neuer Text aus dem Entwurf"
    assert history(suggestion) == [("in-pruefung", "in-der-mache")]


def test_edit_view_draft_loaded_after_a_bulk_change_shows_and_keeps_it():
    suggestion = make_suggestion()
    draft = suggestion.get_latest_revision_as_object()
    draft.description = "Entwurf"
    draft.save_revision()
    change_status(suggestion, status("umgesetzt"))

    loaded = Suggestion.objects.get(pk=suggestion.pk).get_latest_revision_as_object()
    assert loaded.status.slug == "umgesetzt"
    assert [c.to_status.slug for c in loaded.status_changes.all()] == ["umgesetzt"]
    loaded.answer = "<p>Erledigt</p>"
    loaded.save_revision().publish()
    assert Suggestion.objects.get(pk=suggestion.pk).status.slug == "umgesetzt"
    assert history(suggestion) == [("in-pruefung", "umgesetzt")]


def test_declined_needs_a_reason():
    suggestion = make_suggestion()
    with pytest.raises(ValueError):
        change_status(suggestion, status("geht-nicht"))
    change_status(suggestion, status("geht-nicht"), reason="Rechtlich nicht möglich")
    assert Suggestion.objects.get(pk=suggestion.pk).declined_reason == "Rechtlich nicht möglich"


def test_unpublished_suggestion_changes_without_history():
    suggestion = Suggestion.objects.create(
        forum=make_forum(), status=status("in-pruefung"), title="Entwurf", live=False
    )
    change_status(suggestion, status("umgesetzt"))
    assert history(suggestion) == []
