"""Each spam and flood defence answers as DESIGN.md section 4 says, and stores what it should."""

import pytest
from django.db import IntegrityError, transaction

from tests.support.helpers import comment_data, make_report
from wagtail_kundenforum.models import CommentState, ReaderComment
from wagtail_kundenforum.privacy import client_ip, truncate_ip

pytestmark = pytest.mark.django_db


def post(client, page, seconds_ago=10, **fields):
    return client.post(page.url, comment_data(page, seconds_ago=seconds_ago, **fields))


def test_honeypot_filled_looks_like_success_and_stores_nothing(client, report):
    response = post(client, report, kf_topic="cheap pills")
    assert response.status_code == 302
    assert response["Location"].endswith("?kf_comment=pending#kf-comments")
    assert not ReaderComment.objects.exists()


def test_honeypot_is_hidden_from_people(client, report):
    html = client.get(report.url).content.decode()
    assert '<div class="kf-hp" hidden aria-hidden="true">' in html
    assert 'name="kf_topic"' in html and 'tabindex="-1"' in html


@pytest.mark.parametrize(
    ("seconds_ago", "message"),
    [(0, "very fast"), (7300, "expired")],
)
def test_too_fast_or_too_old_is_refused_with_the_text_kept(client, report, seconds_ago, message):
    response = post(client, report, seconds_ago=seconds_ago, text="Mein Vorschlag")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Mein Vorschlag</textarea>" in html
    assert not ReaderComment.objects.exists()


@pytest.mark.parametrize("stamp", ["", "forged", "eyJwYWdlIjoxLCJ0aW1lIjowfQ:1abc:xyz"])
def test_a_tampered_time_stamp_is_refused(client, report, stamp):
    response = client.post(report.url, comment_data(report, kf_started=stamp))
    assert response.status_code == 400
    assert "could not be verified" in response.content.decode()
    assert not ReaderComment.objects.exists()


def test_a_form_signed_for_another_page_is_refused(client, report):
    other = make_report(report.get_parent(), 2)
    response = client.post(
        report.url, comment_data(report, kf_started=comment_data(other)["kf_started"])
    )
    assert response.status_code == 400


def test_a_refused_form_comes_back_with_a_fresh_time_stamp(client, report):
    sent = comment_data(report, seconds_ago=7300)
    html = client.post(report.url, sent).content.decode()
    assert sent["kf_started"] not in html


def test_rate_limit_answers_please_wait_and_keeps_the_text(client, report, settings):
    settings.KUNDENFORUM_RATE_LIMITS = [(2, 3600)]
    assert post(client, report, text="eins").status_code == 302
    assert post(client, report, text="zwei").status_code == 302
    response = post(client, report, text="drei")
    assert response.status_code == 429
    assert (
        "Please wait" in response.content.decode()
        and "drei</textarea>" in response.content.decode()
    )
    assert ReaderComment.objects.count() == 2


def test_rate_limit_is_per_address(client, report, settings):
    settings.KUNDENFORUM_RATE_LIMITS = [(1, 3600)]
    assert post(client, report, text="eins").status_code == 302
    assert (
        client.post(
            report.url, comment_data(report, text="zwei"), REMOTE_ADDR="10.1.2.3"
        ).status_code
        == 302
    )


def test_an_empty_rate_limit_setting_turns_it_off(client, report, settings):
    settings.KUNDENFORUM_RATE_LIMITS = []
    for n in range(5):
        assert post(client, report, text=f"Text {n}").status_code == 302


def test_a_forged_forwarded_for_header_gains_nothing(client, report, settings):
    settings.KUNDENFORUM_RATE_LIMITS = [(1, 3600)]
    post(client, report, text="eins")
    response = client.post(
        report.url, comment_data(report, text="zwei"), HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert response.status_code == 429


def test_a_trusted_proxy_passes_the_client_address_on(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.1")
    assert client_ip(request) == "10.0.0.1"
    settings.KUNDENFORUM_TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(request) == "203.0.113.7"


def test_an_exact_duplicate_looks_like_success_and_stores_no_second_row(client, report):
    assert post(client, report).status_code == 302
    response = post(client, report)
    assert response.status_code == 302
    assert ReaderComment.objects.count() == 1


def test_the_database_refuses_a_concurrent_twin(report):
    fields = {"page": report, "name": "A", "email": "a@example.org", "text": "Gleich"}
    ReaderComment.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReaderComment.objects.create(**{**fields, "email": "A@Example.org "})


@pytest.mark.parametrize("condition", ["state = 'bogus'", "text = ''", "name = ''"])
def test_the_database_refuses_invalid_rows(report, condition):
    comment = ReaderComment.objects.create(page=report, name="A", email="a@example.org", text="T")
    column, value = condition.split(" = ")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReaderComment.objects.filter(pk=comment.pk).update(**{column: value.strip("'")})


@pytest.fixture
def unmoderated(site_settings):
    site_settings.moderation_required = False
    site_settings.save()
    return site_settings


def test_two_links_send_a_comment_to_moderation_even_without_moderation(
    client, report, unmoderated
):
    post(client, report, text="Siehe https://a.example und www.b.example")
    assert ReaderComment.objects.get().state == CommentState.PENDING


def test_one_link_is_published_without_moderation(client, report, unmoderated):
    post(client, report, text="Siehe https://a.example")
    assert ReaderComment.objects.get().state == CommentState.APPROVED


def test_a_moderation_word_sends_the_comment_to_moderation(client, report, unmoderated):
    unmoderated.moderation_words = "Kündigung\n"
    unmoderated.save()
    post(client, report, text="Ich denke über eine KÜNDIGUNG nach")
    assert ReaderComment.objects.get().state == CommentState.PENDING


def test_a_blocked_word_files_the_comment_as_spam_quietly(client, report, unmoderated):
    unmoderated.blocked_words = "casino"
    unmoderated.save()
    response = post(client, report, text="Bestes Casino online")
    assert response["Location"].endswith("?kf_comment=pending#kf-comments")
    assert ReaderComment.objects.get().state == CommentState.SPAM


def test_a_spam_checker_verdict_counts(client, report, unmoderated, settings):
    settings.KUNDENFORUM_SPAM_CHECKERS = ["tests.testapp.checkers.everything_is_spam"]
    post(client, report)
    assert ReaderComment.objects.get().state == CommentState.SPAM


def test_a_failing_spam_checker_never_loses_the_comment(
    client, report, unmoderated, settings, caplog
):
    settings.KUNDENFORUM_SPAM_CHECKERS = ["tests.testapp.checkers.unreachable_service"]
    assert post(client, report).status_code == 302
    assert ReaderComment.objects.get().state == CommentState.PENDING
    assert "Spam checker tests.testapp.checkers.unreachable_service failed" in caplog.text


@pytest.mark.parametrize(
    ("address", "stored"),
    [("192.0.2.123", "192.0.2.0"), ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"), ("junk", None)],
)
def test_addresses_are_truncated(address, stored):
    assert truncate_ip(address) == stored


def test_the_stored_address_is_truncated(client, report):
    client.post(report.url, comment_data(report), REMOTE_ADDR="192.0.2.123")
    assert ReaderComment.objects.get().ip_address == "192.0.2.0"


def test_no_address_is_stored_when_the_setting_says_none(client, report, settings):
    settings.KUNDENFORUM_STORE_IP = "none"
    post(client, report)
    assert ReaderComment.objects.get().ip_address is None
