"""The import in two steps and as drafts: the editor checks a file with a dry run and confirms
it without choosing the file again (it is kept on the server, named by a signed token that
expires and belongs to one user), and may import as drafts that readers do not see until an
editor publishes them; the command has ``--drafts`` too."""

import io
import os
import re
import types
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.support.helpers import make_suggestion
from tests.test_import import HEADER, IMPORT_URL, csv_bytes, upload, user_with
from wagtail_kundenforum.models import Suggestion, SuggestionStatusChange
from wagtail_kundenforum.tracker.importing import pending

pytestmark = pytest.mark.django_db

LISTING_URL = "wagtailsnippets_wagtail_kundenforum_suggestion:list"
TOKEN = re.compile(r'<input type="hidden" name="token" value="([^"]+)"')


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(user_with(django_user_model, "editor", "add", "change", "publish"))
    return client


@pytest.fixture(autouse=True)
def kept_files(settings, tmp_path):
    """A storage of its own for the kept files; returns it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "kundenforum_import": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "kept")},
        },
    }
    settings.KUNDENFORUM_IMPORT_STORAGE = "kundenforum_import"
    return storages["kundenforum_import"]


def kept(storage):
    try:
        return storage.listdir(pending.FOLDER)[1]
    except FileNotFoundError:
        return []


def check(client, forum, **fields):
    """The dry run; returns the response and the confirmation's token from the page."""
    response = client.post(reverse(IMPORT_URL), upload(forum=forum.pk, dry_run="on", **fields))
    found = TOKEN.search(response.content.decode())
    return response, found and found.group(1)


def confirm(client, token, **fields):
    return client.post(reverse(IMPORT_URL), {"token": token, **fields})


def test_the_dry_run_keeps_the_file_and_the_confirmation_imports_it(
    editor_client, forum, kept_files
):
    response, token = check(editor_client, forum)

    content = response.content.decode()
    assert "Dry run: nothing was saved" in content
    confirmation = content[content.index('class="kf-import-confirm"') :]
    confirmation = confirmation[: confirmation.index("</form>")]
    assert 'type="file"' not in confirmation and "Import now" in confirmation
    assert 'type="file"' not in content  # nothing to choose again on the whole page
    assert not Suggestion.objects.exists()
    assert len(kept(kept_files)) == 1

    # Only the token is sent back: no file, no forum.
    done = confirm(editor_client, token)

    assert done.status_code == 200
    assert "Import finished" in done.content.decode()
    suggestion = Suggestion.objects.get(forum=forum)
    assert (suggestion.external_id, suggestion.title, suggestion.live) == ("1", "Hotline", True)
    assert suggestion.latest_revision.user.username == "editor"
    assert kept(kept_files) == []  # deleted once imported
    # The same token again: the file is gone, and so said.
    again = confirm(editor_client, token)
    assert "The checked file is no longer there." in again.content.decode()
    assert Suggestion.objects.count() == 1


def test_a_dry_run_with_nothing_to_import_keeps_no_file(editor_client, forum, kept_files):
    response, token = check(editor_client, forum, data=csv_bytes([HEADER, ["1", ""]]))

    assert token is None and response.context["confirm_form"] is None
    assert 'type="file"' in response.content.decode()
    assert kept(kept_files) == []


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda token: token[:-3] + "abc", "The confirmation is not valid."),
        (lambda token: "", "The confirmation is not valid."),
        (lambda token: "kein Token", "The confirmation is not valid."),
    ],
    ids=["changed", "empty", "made up"],
)
def test_a_spoiled_token_gets_a_clear_message_and_the_form(editor_client, forum, spoil, message):
    _response, token = check(editor_client, forum)

    response = confirm(editor_client, spoil(token))

    assert response.status_code == 200
    content = response.content.decode()
    assert message in content and "Please choose the file again" in content
    assert 'type="file"' in content  # the upload form again
    assert not Suggestion.objects.exists()


def test_an_expired_token_gets_a_clear_message(editor_client, forum, monkeypatch):
    _response, token = check(editor_client, forum)
    later = pending.KEEP_SECONDS + 1
    clock = types.SimpleNamespace(time=lambda: __import__("time").time() + later)
    monkeypatch.setattr("django.core.signing.time", clock)

    response = confirm(editor_client, token)

    assert response.status_code == 200
    assert "The checked file has expired (after an hour)." in response.content.decode()
    assert not Suggestion.objects.exists()


def test_the_token_belongs_to_the_user_who_uploaded(
    editor_client, forum, client, django_user_model
):
    _response, token = check(editor_client, forum)
    other = django_user_model.objects.create_superuser("kollegin", "k@stadtwerke.example", "pw")
    client.force_login(other)

    response = confirm(client, token)

    assert "The confirmation is not valid." in response.content.decode()
    assert not Suggestion.objects.exists()


def test_the_kept_file_is_read_within_the_limits_again(editor_client, forum, settings):
    _response, token = check(editor_client, forum)
    settings.KUNDENFORUM_IMPORT_MAX_BYTES = 10

    response = confirm(editor_client, token)

    assert "the import takes files of up to 10\xa0bytes" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_old_kept_files_are_deleted_when_a_new_one_is_kept(editor_client, forum, kept_files):
    name = kept_files.save(f"{pending.FOLDER}/{'a' * 32}.csv", ContentFile(b"alt"))
    other = kept_files.save(f"{pending.FOLDER}/notiz.txt", ContentFile(b"fremd"))
    old = (timezone.now() - timedelta(seconds=pending.KEEP_SECONDS + 60)).timestamp()
    os.utime(kept_files.path(name), (old, old))
    os.utime(kept_files.path(other), (old, old))

    check(editor_client, forum)

    names = kept(kept_files)
    assert f"{'a' * 32}.csv" not in names and "notiz.txt" in names and len(names) == 2


def test_by_default_the_file_is_kept_privately_in_the_temporary_directory(
    editor_client, forum, settings, tmp_path, monkeypatch
):
    settings.KUNDENFORUM_IMPORT_STORAGE = None
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))

    _response, token = check(editor_client, forum)

    folder = tmp_path / pending.FOLDER
    (path,) = folder.iterdir()
    assert path.stat().st_mode & 0o777 == 0o600 and folder.stat().st_mode & 0o777 == 0o700
    confirm(editor_client, token)
    assert Suggestion.objects.count() == 1 and not path.exists()


# Drafts.


def test_imported_drafts_are_listed_in_the_admin_but_not_public(editor_client, client, forum):
    _response, token = check(editor_client, forum, drafts="on")

    response = confirm(editor_client, token, drafts="on")

    assert "Saved as drafts: nothing was published." in response.content.decode()
    draft = Suggestion.objects.get(external_id="1")
    assert (draft.live, draft.has_unpublished_changes, draft.live_revision) == (False, True, None)
    assert draft.latest_revision.as_object().title == "Hotline"
    assert not SuggestionStatusChange.objects.exists()
    assert "Hotline" in editor_client.get(reverse(LISTING_URL)).content.decode()
    api = client.get(reverse("wagtail_kundenforum:suggestion_api")).json()
    assert api["count"] == 0
    page = client.get(reverse("wagtail_kundenforum:suggestion", args=[draft.pk]))
    assert page.status_code == 404


def test_the_drafts_choice_is_made_again_on_confirming(editor_client, forum):
    response, token = check(editor_client, forum, drafts="on")
    assert response.context["confirm_form"]["drafts"].value() is True

    confirm(editor_client, token)  # unticked on the confirmation: published

    assert Suggestion.objects.get(external_id="1").live


def command(path, *options):
    out = io.StringIO()
    call_command("kundenforum_import", str(path), "--forum", "1", *options, stdout=out)
    return out.getvalue()


def test_the_command_imports_new_rows_as_drafts(forum, tmp_path):
    path = tmp_path / "vorschlaege.csv"
    path.write_bytes(csv_bytes([HEADER, ["7", "Hotline mit Festnetznummer", "", "", "", "", ""]]))

    output = command(path, "--drafts")

    assert "created 1" in output and "Saved as drafts: nothing was published." in output
    suggestion = Suggestion.objects.get(external_id="7")
    assert not suggestion.live and suggestion not in Suggestion.objects.public()
    # Published later in the admin, it goes live like any draft.
    suggestion.latest_revision.publish()
    assert Suggestion.objects.get(pk=suggestion.pk) in Suggestion.objects.public()


def test_as_drafts_a_live_suggestion_keeps_its_status_until_the_draft_is_published(forum, tmp_path):
    live = make_suggestion(forum, external_id="7", title="Hotline")
    path = tmp_path / "vorschlaege.csv"
    path.write_bytes(csv_bytes([HEADER, ["7", "Hotline", "", "", "umgesetzt", "Erledigt.", ""]]))

    output = command(path, "--drafts")

    assert "updated 1" in output
    live = Suggestion.objects.get(pk=live.pk)
    assert (live.status.slug, live.answer) == ("in-pruefung", "")
    assert live.has_unpublished_changes
    assert not SuggestionStatusChange.objects.exists()
    # Publishing the draft records the status change in the public history, once.
    live.latest_revision.publish()
    published = Suggestion.objects.get(pk=live.pk)
    assert published.status.slug == "umgesetzt" and "Erledigt." in published.answer
    steps = SuggestionStatusChange.objects.filter(suggestion=published)
    assert [(step.from_status.slug, step.to_status.slug) for step in steps] == [
        ("in-pruefung", "umgesetzt")
    ]


def test_without_drafts_the_command_still_publishes(forum, tmp_path):
    path = tmp_path / "vorschlaege.csv"
    path.write_bytes(csv_bytes([HEADER, ["7", "Hotline", "", "", "", "", ""]]))

    output = command(path)

    assert "Saved as drafts" not in output
    assert Suggestion.objects.get(external_id="7") in Suggestion.objects.public()
