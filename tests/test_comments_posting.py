"""Readers post comments on a report: POST/redirect/GET, errors keep the input, replies."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.support.helpers import comment_data, make_comment, make_index, make_report, make_site
from wagtail_kundenforum.models import (
    CommentState,
    OutboxMessage,
    OutboxState,
    ReaderComment,
)
from wagtail_kundenforum.signals import comment_posted

pytestmark = pytest.mark.django_db


def post(client, page, **fields):
    return client.post(page.url, comment_data(page, **fields))


def test_a_valid_comment_is_stored_pending_and_the_reader_redirected_with_a_message(client, report):
    response = post(client, report)
    assert response.status_code == 302
    assert response["Location"] == f"{report.url}?kf_comment=pending#kf-comments"
    comment = ReaderComment.objects.get()
    assert (comment.page_id, comment.state) == (report.pk, CommentState.PENDING)
    assert comment.name == "Erika Muster" and comment.email == "erika@example.org"
    html = client.get(response["Location"]).content.decode()
    section = html[html.index('class="kf-comments"') :]
    assert "waits for moderation" in section
    assert "Bitte wieder eine Festnetznummer" not in html  # not published yet


def test_without_moderation_the_comment_is_published(client, report, site_settings):
    site_settings.moderation_required = False
    site_settings.save()
    response = post(client, report)
    assert response["Location"].endswith("?kf_comment=published#kf-comments")
    html = client.get(response["Location"]).content.decode()
    assert "has been published" in html
    assert "Bitte wieder eine Festnetznummer für die Hotline." in html
    assert 'class="kf-comment-count" data-count="1"' in html


def test_errors_show_a_summary_and_field_errors_and_keep_what_was_typed(client, report):
    response = post(
        client, report, name="", email="not-an-address", text="Mein langer Text", consent=""
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="kf-error-summary"' in html
    assert 'href="#id_name"' in html and 'href="#id_email"' in html and 'href="#id_consent"' in html
    assert 'id="id_email_error"' in html and 'aria-invalid="true"' in html
    assert 'value="not-an-address"' in html
    assert "Mein langer Text</textarea>" in html
    assert not ReaderComment.objects.exists()


def test_a_website_must_be_a_web_address(client, report):
    response = post(client, report, url="javascript:alert(1)")
    assert response.status_code == 400
    assert not ReaderComment.objects.exists()


def test_text_longer_than_3000_characters_is_refused_and_kept(client, report):
    response = post(client, report, text="x" * 3001)
    assert response.status_code == 400
    assert "x" * 3001 in response.content.decode()


def test_a_reply_is_stored_under_its_parent_and_shown_beneath_it(client, report, site_settings):
    site_settings.moderation_required = False
    site_settings.save()
    parent = make_comment(report, text="Erster Kommentar")
    form_html = client.get(report.url, {"reply_to": parent.pk}).content.decode()
    assert f'name="parent" value="{parent.pk}"' in form_html
    assert "Reply to Reader 1" in form_html
    post(client, report, parent=str(parent.pk), text="Eine Antwort")
    reply = ReaderComment.objects.get(text="Eine Antwort")
    assert reply.parent == parent
    html = client.get(report.url).content.decode()
    assert (
        html.index("Erster Kommentar")
        < html.index("kf-comment-list--replies")
        < html.index("Eine Antwort")
    )


def test_a_reply_to_a_reply_or_to_another_page_is_refused(client, report):
    other = make_report(report.get_parent(), 2)
    top = make_comment(report)
    nested = make_comment(report, 2, parent=top)
    elsewhere = make_comment(other, 3)
    for parent in (nested, elsewhere):
        assert (
            post(client, report, parent=str(parent.pk), text=f"to {parent.pk}").status_code == 400
        )
    assert ReaderComment.objects.count() == 3


def test_the_model_allows_one_level_of_replies_on_the_same_page(report):
    from django.core.exceptions import ValidationError

    top = make_comment(report)
    nested = make_comment(report, 2, parent=top)
    with pytest.raises(ValidationError):
        ReaderComment(page=report, parent=nested, name="x", text="y").clean()
    other = make_report(report.get_parent(), 2)
    with pytest.raises(ValidationError):
        ReaderComment(page=other, parent=top, name="x", text="y").clean()


def test_comments_closed_on_the_page_refuse_politely(client, report):
    report.allow_comments = False
    report.save_revision().publish()
    response = post(client, report)
    assert response.status_code == 403
    assert "Comments on this page are closed." in response.content.decode()
    assert 'class="kf-comment-form"' not in client.get(report.url).content.decode()
    assert not ReaderComment.objects.exists()


def test_comments_closed_for_the_site_refuse_politely(client, report, site_settings):
    site_settings.comments_open = False
    site_settings.save()
    assert post(client, report).status_code == 403


def test_comments_close_by_themselves_after_the_configured_days(client, report, site_settings):
    site_settings.close_comments_after_days = 30
    site_settings.save()
    assert post(client, report).status_code == 302
    report.first_published_at = timezone.now() - datetime.timedelta(days=31)
    report.save()
    assert post(client, report, text="later").status_code == 403
    assert ReaderComment.objects.count() == 1


def test_posting_sends_the_comment_posted_signal(client, report):
    received = []
    handler = lambda sender, comment, request, **kwargs: received.append(comment)  # noqa: E731
    comment_posted.connect(handler)
    try:
        post(client, report)
    finally:
        comment_posted.disconnect(handler)
    assert received == [ReaderComment.objects.get()]


def test_moderators_are_told_after_commit(
    client, report, site_settings, django_capture_on_commit_callbacks
):
    site_settings.moderator_emails = "moderation@example.org"
    site_settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, report)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["moderation@example.org"]
    assert "Bitte wieder eine Festnetznummer" in mail.outbox[0].body


def test_without_an_admin_base_url_the_notice_links_to_the_sites_own_address(
    client, report, site_settings, settings, django_capture_on_commit_callbacks
):
    del settings.WAGTAILADMIN_BASE_URL
    site = report.get_site()
    site.hostname, site.port = "forum.example.org", 8123
    site.save()
    site_settings.moderator_emails = "moderation@example.org"
    site_settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, report)
    assert len(mail.outbox) == 1
    assert "http://forum.example.org:8123/admin/" in mail.outbox[0].body


def test_the_notice_is_plain_text_in_its_subject_too(
    client, site_settings, django_capture_on_commit_callbacks
):
    report = make_report(make_index(slug="strom"), n=2, title="Strom & Gas <2012>")
    site_settings.moderator_emails = "moderation@example.org"
    site_settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, report)
    assert "“Strom & Gas <2012>”" in mail.outbox[0].subject


def test_a_mail_failure_never_loses_the_comment(
    client, report, site_settings, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.testapp.mail.BrokenBackend"
    site_settings.moderator_emails = "moderation@example.org"
    site_settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, report)
    assert response.status_code == 302
    assert ReaderComment.objects.count() == 1
    assert "Could not send e-mail" in caplog.text
    assert OutboxMessage.objects.get().state == OutboxState.PENDING  # tried again later


def test_the_page_with_the_form_is_never_shared_by_caches(client, report):
    assert "private" in client.get(report.url)["Cache-Control"]


def test_the_privacy_page_is_linked_from_the_consent(client, report, site_settings):
    site_settings.privacy_page = make_site()
    site_settings.save()
    html = client.get(report.url).content.decode()
    assert f'<a href="{make_site().url}">privacy policy</a>' in html


def test_required_fields_are_marked(client, report):
    html = client.get(report.url).content.decode()
    assert "* Required fields" in html
    assert (
        html.count('<span class="kf-required" aria-hidden="true">*</span>') == 4
    )  # name, e-mail, text, consent


def test_any_page_type_with_the_mixin_takes_comments(client):
    from tests.support.helpers import publish
    from tests.testapp.models import ContentPage

    page = publish(make_site(), ContentPage(title="Über uns", slug="ueber-uns"))
    assert 'class="kf-comment-form"' in client.get(page.url).content.decode()
    response = post(client, page)
    assert response.status_code == 302
    assert ReaderComment.objects.get().page_id == page.pk
