"""An editor imports a forum's suggestions in the admin's browser page: chooses the file,
checks it with the dry run, and confirms on the report without choosing the file again."""

import pytest

from tests.support.browser_fixtures import log_in_to_admin
from tests.support.helpers import make_forum, make_site, restore_default_statuses
from tests.test_import import HEADER, IMPORT_URL, csv_bytes
from wagtail_kundenforum.models import Suggestion

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "geheim-123"
ROWS = [HEADER, ["1", "Hotline mit Festnetznummer", "", "", "", "", ""], ["2", "Spätere Busse"]]


@pytest.fixture
def kept_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "kundenforum_import": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    settings.KUNDENFORUM_IMPORT_STORAGE = "kundenforum_import"


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_upload_check_and_confirm_without_choosing_the_file_again(
    live_server, new_page, django_user_model, kept_files, javascript
):
    from django.urls import reverse

    make_site()  # the tree and the statuses, again if an earlier test flushed them
    restore_default_statuses()
    forum = make_forum(1, title="Erstes Kundenforum")
    user = django_user_model.objects.create_superuser("redaktion", "r@example.org", PASSWORD)
    editor = new_page(locale="en-GB", java_script_enabled=javascript)
    log_in_to_admin(editor, live_server.url, user, PASSWORD)

    editor.goto(live_server.url + reverse(IMPORT_URL))
    editor.locator("input[name=file]").set_input_files(
        {"name": "vorschlaege.csv", "mimeType": "text/csv", "buffer": csv_bytes(ROWS)}
    )
    editor.locator("select[name=forum]").select_option(str(forum.pk))
    assert editor.locator("input[name=dry_run]").is_checked()  # checking comes first
    editor.get_by_role("button", name="Import", exact=True).click()

    report = editor.locator(".kf-import-report")
    report.get_by_role("heading", name="Dry run: nothing was saved").wait_for()
    assert report.locator("[data-count=created]").inner_text() == "2"
    confirmation = editor.locator("form.kf-import-confirm")
    assert "vorschlaege.csv" in confirmation.inner_text()
    assert editor.locator("input[type=file]").count() == 0  # nothing to choose again
    assert not Suggestion.objects.exists()

    confirmation.get_by_role("button", name="Import now").click()

    report.get_by_role("heading", name="Import finished").wait_for()
    assert report.locator("[data-count=created]").inner_text() == "2"
    titles = sorted(
        Suggestion.objects.filter(forum=forum, live=True).values_list("title", flat=True)
    )
    assert titles == ["Hotline mit Festnetznummer", "Spätere Busse"]
    # The form is there again for the next file.
    assert editor.locator("input[type=file]").count() == 1
