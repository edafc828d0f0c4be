"""Following a suggestion in real Chromium, with and without JavaScript, against a real SMTP
server: the form, the confirmation e-mail and its link, an editor's status change in the
admin, the e-mail with the new status and answer, the one-click unsubscribe, and silence
after it. Every page of the way passes axe."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.support.a11y import assert_accessible
from tests.support.browser_fixtures import log_in_to_admin
from tests.support.helpers import make_forum, make_site, make_suggestion
from tests.support.smtp_servers import ReceivingServer
from wagtail_kundenforum.models import Subscription, SubscriptionState

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "geheim-123"
MORE_ACTIONS = re.compile(r"More actions|Mehr Aktionen|Weitere Aktionen", re.IGNORECASE)
PUBLISH = re.compile(r"^\s*Veröffentlichen\s*$")
ADDRESS = "leserin@example.org"


@pytest.fixture
def suggestion(settings):
    settings.KUNDENFORUM_MIN_SUBMIT_SECONDS = 0  # a robot types faster than a reader
    settings.KUNDENFORUM_MAIL_TASK_BACKEND = None  # the sweep below is the worker
    make_site()
    return make_suggestion(
        make_forum(1),
        title="Hotline wieder mit Festnetznummer",
        answer="<p>Ab März erreichen Sie uns unter 0800 123 456.</p>",
    )


def worker():
    """What the mail worker and its sweep do between a reader's and an editor's steps."""
    call_command("kundenforum_send_mail", verbosity=0)


def mails_to(mail, address):
    return [message for message in mail.received() if address in message["To"]]


def text_of(message):
    return message.get_body(("plain",)).get_content()


def link(text, name):
    match = re.search(rf"https?://\S+/kundenforum/follow/{name}/[^/\s]+/", text)
    assert match, f"no {name} link in:\n{text}"
    return match.group(0)


def local(url, live_server):
    """The e-mail's absolute link on the test server (the site's address is localhost:80)."""
    return live_server.url + re.sub(r"^https?://[^/]+", "", url)


def change_status_in_the_admin(editor, live_server, suggestion, status_label, note):
    url = reverse("wagtailsnippets_wagtail_kundenforum_suggestion:edit", args=[suggestion.pk])
    editor.goto(live_server.url + url)
    editor.get_by_label(status_label).check()
    editor.get_by_label("Notiz für den Verlauf").fill(note)
    editor.get_by_role("button", name=MORE_ACTIONS).click()
    editor.get_by_role("button", name=PUBLISH).click()
    editor.wait_for_url(re.compile(r"/admin/snippets/wagtail_kundenforum/suggestion/"))


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_follow_confirm_hear_of_a_change_and_leave_with_one_click(
    live_server, new_page, suggestion, smtp_port, django_user_model, javascript
):
    editor_user = django_user_model.objects.create_superuser("redaktion", "r@x.org", PASSWORD)
    profile = UserProfile.get_for_user(editor_user)
    profile.preferred_language = "de"
    profile.save()
    with ReceivingServer(smtp_port) as mail:
        reader = new_page(java_script_enabled=javascript)

        def checked(page):
            """axe runs as a script: in the context without JavaScript it would never run."""
            if javascript:
                assert_accessible(page)

        reader.goto(live_server.url + suggestion.get_url())
        form = reader.locator("form.kf-follow")
        checked(reader)

        form.get_by_role("button", name="Per E-Mail folgen").click()  # nothing filled in
        reader.locator(".kf-follow .kf-error-summary").wait_for()
        assert "E-Mail" in reader.locator(".kf-follow .kf-error-summary").inner_text()
        checked(reader)

        reader.locator("#kf-follow-email").fill(ADDRESS)
        reader.get_by_label("Sofort").check()
        reader.locator("#kf-follow-consent").check()
        reader.get_by_role("button", name="Per E-Mail folgen").click()
        reader.locator(".kf-follow-notice").wait_for()
        assert "E-Mail-Postfach" in reader.locator(".kf-follow-notice").inner_text()
        checked(reader)

        worker()
        [confirmation] = mails_to(mail, ADDRESS)
        assert "Bitte bestätigen" in str(confirmation["Subject"])
        reader.goto(local(link(text_of(confirmation), "confirm"), live_server))
        assert "Hotline wieder mit Festnetznummer" in reader.locator("main").inner_text()
        checked(reader)
        reader.get_by_role("button", name="Ja, schicken Sie mir diese E-Mails").click()
        reader.locator(".kf-follow-notice").wait_for()
        assert Subscription.objects.get().state == SubscriptionState.CONFIRMED

        editor = new_page()
        log_in_to_admin(editor, live_server.url, editor_user, PASSWORD)
        change_status_in_the_admin(
            editor,
            live_server,
            suggestion,
            "Das haben wir umgesetzt (umgesetzt)",
            "Seit 1. März wieder erreichbar.",
        )
        worker()
        [_, news] = mails_to(mail, ADDRESS)
        subject = "„Hotline wieder mit Festnetznummer“: Das haben wir umgesetzt"
        assert str(news["Subject"]).strip() == subject  # a folded header starts with a space
        for part in (text_of(news), news.get_body(("html",)).get_content()):
            assert "Das haben wir umgesetzt" in part
            assert "Seit 1. März wieder erreichbar." in part
            assert "0800 123 456" in part
        assert news["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"
        one_click = news["List-Unsubscribe"].strip().strip("<>")

        # What a mail program does with the header: one POST, no cookies, no CSRF token.
        response = reader.request.post(
            local(one_click, live_server), form={"List-Unsubscribe": "One-Click"}
        )
        assert response.status == 200
        assert Subscription.objects.get().state == SubscriptionState.ENDED
        reader.goto(local(link(text_of(news), "unsubscribe"), live_server))
        checked(reader)

        change_status_in_the_admin(
            editor, live_server, suggestion, "Das gibt es schon (gibt es schon)", "Doch schon da."
        )
        worker()
        assert len(mails_to(mail, ADDRESS)) == 2  # nothing after leaving
