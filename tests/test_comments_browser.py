"""A reader's comment in real Chromium, from an empty form to its approval by a moderator."""

import re

import pytest

from tests.support.helpers import make_index, make_report
from wagtail_kundenforum.models import CommentState, ReaderComment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def report(settings):
    settings.KUNDENFORUM_MIN_SUBMIT_SECONDS = 0  # a robot types faster than a reader
    return make_report(make_index(), title="Zweites Kundenforum")


def test_reader_comments_and_a_moderator_approves(live_server, browser, report, django_user_model):
    reader = browser.new_context(locale="de-DE").new_page()
    reader.goto(live_server.url + report.url)
    form = reader.locator(".kf-comment-form")
    form.get_by_role("button", name="Kommentar senden").click()
    summary = reader.locator(".kf-error-summary")
    summary.wait_for()
    assert "Name" in summary.inner_text()

    reader.get_by_label("Name").fill("Erika Muster")
    reader.get_by_label("E-Mail").fill("erika@example.org")
    reader.get_by_label("Kommentar *").fill("Bitte mehr Busse am Abend.")
    reader.locator("#id_consent").check()
    form.get_by_role("button", name="Kommentar senden").click()
    reader.wait_for_url(re.compile(r"kf_comment=pending"))
    assert "wartet auf die Freigabe" in reader.locator(".kf-comments .kf-message").inner_text()
    assert reader.locator(".kf-comment").count() == 0

    comment = ReaderComment.objects.get()
    django_user_model.objects.create_superuser("moderation", "m@example.org", "geheim-123")
    moderator = browser.new_context(locale="de-DE").new_page()
    moderator.goto(live_server.url + "/admin/login/")
    moderator.locator("#id_username").fill("moderation")
    moderator.locator("#id_password").fill("geheim-123")
    moderator.locator("#id_password").press("Enter")
    moderator.wait_for_url(re.compile(r"/admin/$"))
    moderator.goto(f"{live_server.url}/admin/snippets/wagtail_kundenforum/readercomment/")
    row = moderator.locator("tr", has_text="Erika Muster")
    row.get_by_role("button", name=re.compile("Weitere Optionen|More options")).click()
    row.get_by_role("link", name="Freigeben").click()
    moderator.get_by_role("button", name="Ja, freigeben").click()
    moderator.wait_for_url(re.compile(r"/admin/snippets/wagtail_kundenforum/readercomment/"))
    comment.refresh_from_db()
    assert comment.state == CommentState.APPROVED

    reader.goto(live_server.url + report.url)
    assert "Bitte mehr Busse am Abend." in reader.locator(".kf-comment").inner_text()
    assert reader.locator(".kf-comment-count").get_attribute("data-count") == "1"
