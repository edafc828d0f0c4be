"""The suggestion's edit form in the German admin, as an editor's browser shows it: the
section "Status und Antwort" holds the statuses as a radio list with their kinds and the note
for the history, and nothing of the hidden fields that guard against concurrent changes."""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.support.browser_fixtures import log_in_to_admin
from tests.support.helpers import make_forum, make_suggestion

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "geheim-123"


@pytest.fixture
def german_editor(django_user_model):
    user = django_user_model.objects.create_superuser("redaktion", "r@example.org", PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "de"
    profile.save()
    return user


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_status_and_answer_show_radios_with_kinds_and_no_hidden_field_labels(
    live_server, new_page, german_editor, javascript
):
    suggestion = make_suggestion(make_forum(1))
    editor = new_page(java_script_enabled=javascript)
    log_in_to_admin(editor, live_server.url, german_editor, PASSWORD)

    url = reverse("wagtailsnippets_wagtail_kundenforum_suggestion:edit", args=[suggestion.pk])
    editor.goto(live_server.url + url)
    section = editor.locator("section", has=editor.get_by_text("Status und Antwort")).last

    text = section.inner_text()
    for stray in ("Status seen", "History seen", "gesehen"):
        assert stray not in text
    assert "Notiz für den Verlauf" in text
    for name in ("status_seen", "history_seen"):
        assert editor.locator(f"input[name={name}]").bounding_box() is None

    radios = section.get_by_role("radio")
    assert radios.count() == 5
    in_progress = section.get_by_label("Das ist in der Mache (in Arbeit)")
    assert section.get_by_label("Wird geprüft (offen)").is_checked()
    tops = [radios.nth(n).bounding_box()["y"] for n in range(5)]
    assert tops == sorted(tops) and len(set(tops)) == 5  # one below the other, all visible
    # No chooser: no "…" menu with "choose another" or "edit this status".
    status_field = editor.locator("[data-contentpath=status]")
    assert status_field.locator("button, a").filter(has_text="Vorschlagsstatus").count() == 0
    assert status_field.locator(".chooser").count() == 0

    editor.get_by_text("Das ist in der Mache (in Arbeit)").click()
    assert in_progress.is_checked()
