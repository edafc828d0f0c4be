"""Following a suggestion by e-mail: double opt-in, one confirmation e-mail per address and
period, the background's fan-out and composing, the signed links, digests and retention."""

import re
import threading
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.support.helpers import make_forum, make_site, make_suggestion, status
from wagtail_kundenforum.following import delivery, subscribing, tokens
from wagtail_kundenforum.models import (
    FollowDelivery,
    FollowEvent,
    FollowFrequency,
    FollowTarget,
    OutboxMessage,
    Subscription,
    SubscriptionState,
)
from wagtail_kundenforum.outbox.compat import task_backends
from wagtail_kundenforum.status_changes import change_status

pytestmark = pytest.mark.django_db

QUEUE = "kundenforum_mail"
BERLIN = ZoneInfo("Europe/Berlin")
CONSENT = "Ich möchte per E-Mail erfahren, was aus dem Vorschlag wird."


@pytest.fixture
def queue(settings):
    """A task backend that queues and runs nothing: the tests run the worker's part."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        QUEUE: {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
    }
    settings.KUNDENFORUM_MAIL_TASK_BACKEND = QUEUE
    return task_backends[QUEUE]


@pytest.fixture
def suggestion(queue):
    make_site()
    return make_suggestion(make_forum(1), title="Hotline wieder mit Festnetznummer")


def ask(email, suggestion, frequency=FollowFrequency.IMMEDIATE, **kwargs):
    with translation.override("de"):
        return subscribing.ask(
            email,
            FollowTarget.SUGGESTION,
            suggestion,
            frequency=frequency,
            consent_text=CONSENT,
            language="de",
            **kwargs,
        )


def follower(email, target=FollowTarget.SUGGESTION, frequency=FollowFrequency.IMMEDIATE, **kw):
    """A confirmed subscription, as after the reader clicked the link."""
    return Subscription.objects.create(
        email=email,
        target=target,
        frequency=frequency,
        state=SubscriptionState.CONFIRMED,
        confirmed_at=timezone.now(),
        language="de",
        **kw,
    )


def mails_to(email):
    return OutboxMessage.objects.filter(recipients=[email]).order_by("pk")


def link_in(text, name):
    match = re.search(rf"https?://\S+/kundenforum/follow/{name}/[^/\s]+/", text)
    assert match, f"no {name} link in:\n{text}"
    return match.group(0)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def manage_url(email):
    return reverse("wagtail_kundenforum:follow_manage", args=[tokens.manage_token(email)])


def publish_status(suggestion, slug, note="", captured=None):
    with captured(execute=True):
        return change_status(suggestion, status(slug), note=note)


# Asking and confirming (double opt-in)


def test_asking_sends_one_confirmation_email_in_german_and_counts_for_nothing_yet(suggestion):
    subscription = ask("Anna@Example.org ", suggestion)

    assert subscription.state == SubscriptionState.PENDING
    assert subscription.email == "anna@example.org"
    assert subscription.consent_text == CONSENT
    [message] = mails_to("anna@example.org")
    assert message.subject.startswith("Bitte bestätigen")
    assert "Hotline wieder mit Festnetznummer" in message.body
    assert "http://localhost/kundenforum/follow/confirm/" in message.body
    assert "Bitte bestätigen" in message.html_body


def test_one_address_gets_one_confirmation_email_per_period_whoever_asks(suggestion, settings):
    other = make_suggestion(title="Ladesäulen am Bahnhof")
    for _ in range(20):  # a flood of requests for someone else's address
        ask("opfer@example.org", suggestion)
        ask("opfer@example.org", other)

    assert mails_to("opfer@example.org").count() == 1
    assert Subscription.objects.of_address("opfer@example.org").count() == 2

    settings.KUNDENFORUM_FOLLOW_CONFIRMATION_SECONDS = 0  # the period is over
    ask("opfer@example.org", other)
    assert mails_to("opfer@example.org").count() == 2


def test_the_confirmation_link_shows_every_waiting_request_and_only_a_post_confirms(suggestion):
    other = make_suggestion(title="Ladesäulen am Bahnhof")
    ask("anna@example.org", suggestion)
    ask("anna@example.org", other)  # no second e-mail: the first one's link confirms both
    url = path_of(link_in(mails_to("anna@example.org").get().body, "confirm"))
    client = Client(enforce_csrf_checks=True)

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="de")  # a mail scanner opens it: nothing changes
    assert page.status_code == 200
    assert "Hotline wieder mit Festnetznummer" in page.text
    assert "Ladesäulen am Bahnhof" in page.text
    assert Subscription.objects.confirmed().count() == 0

    confirmed = Client().post(url, HTTP_ACCEPT_LANGUAGE="de")
    assert confirmed.status_code == 200
    assert 'class="kf-follow-notice"' in confirmed.text
    assert Subscription.objects.confirmed().count() == 2


@pytest.mark.parametrize("link", ["empty", "nonsense", "a manage link"])
def test_a_forged_or_foreign_confirmation_link_is_refused_with_a_clear_page(suggestion, link):
    ask("anna@example.org", suggestion)
    token = {"empty": "x", "nonsense": "nonsense"}.get(link) or tokens.manage_token(
        "anna@example.org"
    )

    response = Client().post(f"/kundenforum/follow/confirm/{token}/", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 404
    assert "Dieser Link ist nicht gültig" in response.text
    assert Subscription.objects.confirmed().count() == 0


def test_an_expired_confirmation_link_confirms_nothing(suggestion, settings):
    ask("anna@example.org", suggestion)
    url = path_of(link_in(mails_to("anna@example.org").get().body, "confirm"))
    settings.KUNDENFORUM_FOLLOW_CONFIRM_DAYS = 0

    assert Client().post(url).status_code == 404
    assert Subscription.objects.confirmed().count() == 0


def test_asking_again_for_a_confirmed_subscription_changes_nothing_and_tells_nothing(suggestion):
    subscription = follower("anna@example.org", suggestion=suggestion)

    again = ask("anna@example.org", suggestion, frequency=FollowFrequency.WEEKLY)

    assert again.pk == subscription.pk
    assert again.state == SubscriptionState.CONFIRMED
    assert again.frequency == FollowFrequency.IMMEDIATE  # a stranger cannot change it
    assert mails_to("anna@example.org").count() == 0


# Telling followers


def test_a_status_change_reaches_confirmed_followers_only_with_status_note_and_answer(
    suggestion, queue, django_capture_on_commit_callbacks
):
    follower("anna@example.org", suggestion=suggestion)
    ask("unbestaetigt@example.org", suggestion)  # never confirmed
    suggestion.answer = "<p>Ab März erreichen Sie uns unter 0800 123 456.</p>"
    suggestion.save()

    publish_status(
        suggestion,
        "umgesetzt",
        note="Seit 1. März wieder da.",
        captured=django_capture_on_commit_callbacks,
    )
    assert queue.results, "the fan-out is queued after the commit, not run in the request"
    assert not mails_to("anna@example.org").exists()
    delivery.run()

    [message] = mails_to("anna@example.org")
    assert message.subject == "„Hotline wieder mit Festnetznummer“: Das haben wir umgesetzt"
    for text in (message.body, message.html_body):
        assert "Das haben wir umgesetzt" in text
        assert "Seit 1. März wieder da." in text
        assert "0800 123 456" in text
        assert "http://localhost/kundenforum/suggestions/" in text
    unsubscribe = link_in(message.body, "unsubscribe")
    assert message.headers == {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert mails_to("unbestaetigt@example.org").count() == 1  # its confirmation, nothing more


def test_a_change_to_a_status_readers_do_not_see_tells_nobody(
    suggestion, django_capture_on_commit_callbacks
):
    from tests.support.helpers import private_status

    follower("anna@example.org", suggestion=suggestion)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(suggestion, private_status())
    delivery.run()

    assert not FollowEvent.objects.exists()
    assert not mails_to("anna@example.org").exists()


def test_a_bulk_change_of_100_suggestions_sends_each_follower_one_email(
    suggestion, queue, django_capture_on_commit_callbacks
):
    suggestions = [suggestion] + [make_suggestion(title=f"Vorschlag {n}") for n in range(99)]
    follower("tracker@example.org", target=FollowTarget.TRACKER)
    follower("forum@example.org", target=FollowTarget.FORUM, forum=suggestion.forum)
    follower("einer@example.org", suggestion=suggestion)

    with django_capture_on_commit_callbacks(execute=True):
        for each in suggestions:
            change_status(each, status("in-der-mache"))
    # 100 tasks were queued; the worker runs them all, the first tells everyone.
    for _ in queue.results:
        delivery.run()

    for email in ("tracker@example.org", "forum@example.org"):
        [message] = mails_to(email)
        assert message.subject == "100 Neuigkeiten von localhost"
        assert message.body.count("Status: Das ist in der Mache") == 100
    [message] = mails_to("einer@example.org")
    assert message.subject.startswith("„Hotline wieder mit Festnetznummer“")


def test_following_a_suggestion_and_its_forum_tells_of_a_change_once(
    suggestion, django_capture_on_commit_callbacks
):
    follower("anna@example.org", suggestion=suggestion)
    follower("anna@example.org", target=FollowTarget.FORUM, forum=suggestion.forum)

    publish_status(suggestion, "umgesetzt", captured=django_capture_on_commit_callbacks)
    delivery.run()

    [message] = mails_to("anna@example.org")
    assert message.body.count("Status: Das haben wir umgesetzt") == 1


def test_running_the_worker_again_sends_nothing_twice(
    suggestion, django_capture_on_commit_callbacks
):
    follower("anna@example.org", suggestion=suggestion)
    publish_status(suggestion, "umgesetzt", captured=django_capture_on_commit_callbacks)

    assert delivery.run() == 1
    assert delivery.run() == 0
    assert delivery.fan_out(FollowEvent.objects.get().pk) is False
    assert mails_to("anna@example.org").count() == 1


# Digests


@pytest.mark.parametrize(
    ("frequency", "now", "due"),
    [
        (FollowFrequency.IMMEDIATE, datetime(2026, 12, 3, 18, 5), datetime(2026, 12, 3, 18, 5)),
        (FollowFrequency.DAILY, datetime(2026, 12, 3, 18, 5), datetime(2026, 12, 4, 7, 0)),
        (FollowFrequency.DAILY, datetime(2026, 12, 4, 6, 59), datetime(2026, 12, 4, 7, 0)),
        (FollowFrequency.WEEKLY, datetime(2026, 12, 3, 18, 5), datetime(2026, 12, 7, 7, 0)),
        (FollowFrequency.WEEKLY, datetime(2026, 12, 7, 7, 0), datetime(2026, 12, 14, 7, 0)),
        # The night the clocks go back: still seven o'clock, local time.
        (FollowFrequency.DAILY, datetime(2026, 10, 24, 20, 0), datetime(2026, 10, 25, 7, 0)),
    ],
)
def test_a_copy_is_due_now_or_at_the_next_digest_hour(frequency, now, due):
    aware = now.replace(tzinfo=BERLIN)
    assert delivery.due_at(frequency, aware) == due.replace(tzinfo=BERLIN)


def test_a_daily_digest_groups_the_days_changes_into_one_email(
    suggestion, django_capture_on_commit_callbacks
):
    other = make_suggestion(title="Ladesäulen am Bahnhof")
    follower("anna@example.org", target=FollowTarget.TRACKER, frequency=FollowFrequency.DAILY)
    publish_status(suggestion, "umgesetzt", captured=django_capture_on_commit_callbacks)
    publish_status(other, "gibt-es-schon", captured=django_capture_on_commit_callbacks)

    delivery.run()
    assert not mails_to("anna@example.org").exists()  # not due before seven

    tomorrow = timezone.now() + timedelta(days=1, hours=1)
    assert delivery.run(now=tomorrow) == 1
    [message] = mails_to("anna@example.org")
    assert message.subject == "2 Neuigkeiten von localhost"
    assert "Hotline wieder mit Festnetznummer" in message.body
    assert "Ladesäulen am Bahnhof" in message.body


# Leaving


def test_one_click_unsubscribe_needs_no_csrf_token_and_stops_further_emails(
    suggestion, django_capture_on_commit_callbacks
):
    follower("anna@example.org", suggestion=suggestion)
    publish_status(suggestion, "in-der-mache", captured=django_capture_on_commit_callbacks)
    delivery.run()
    url = path_of(link_in(mails_to("anna@example.org").get().body, "unsubscribe"))
    client = Client(enforce_csrf_checks=True)  # as a mail client posts it (RFC 8058)

    shown = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert shown.status_code == 200
    assert Subscription.objects.confirmed().count() == 1  # a GET only shows the button

    ended = client.post(url, {"List-Unsubscribe": "One-Click"}, HTTP_ACCEPT_LANGUAGE="de")
    assert ended.status_code == 200
    assert "keine weiteren" in ended.text
    assert Subscription.objects.get().state == SubscriptionState.ENDED

    publish_status(suggestion, "umgesetzt", captured=django_capture_on_commit_callbacks)
    delivery.run()
    assert mails_to("anna@example.org").count() == 1


def test_the_manage_page_lists_an_addresss_subscriptions_and_ends_one_or_all(suggestion):
    other = make_suggestion(title="Ladesäulen am Bahnhof")
    mine = follower("anna@example.org", suggestion=suggestion)
    follower("anna@example.org", suggestion=other)
    follower("bernd@example.org", suggestion=suggestion)
    url = reverse(
        "wagtail_kundenforum:follow_manage", args=[tokens.manage_token("anna@example.org")]
    )
    client = Client()

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert page.text.count('class="kf-followed"') == 2
    assert "bernd@example.org" not in page.text

    client.post(url, {"end": str(mine.pk)})
    assert Subscription.objects.of_address("anna@example.org").active().count() == 1
    ended = client.post(url, {"end": "all"}, follow=True, HTTP_ACCEPT_LANGUAGE="de")
    assert "1 Abonnement beendet" in ended.text
    assert not Subscription.objects.of_address("anna@example.org").active().exists()
    assert Subscription.objects.of_address("bernd@example.org").active().count() == 1


def test_a_manage_link_cannot_end_another_addresss_subscription(suggestion):
    other = follower("bernd@example.org", suggestion=suggestion)
    url = reverse(
        "wagtail_kundenforum:follow_manage", args=[tokens.manage_token("anna@example.org")]
    )

    Client().post(url, {"end": str(other.pk)})

    assert Subscription.objects.get(pk=other.pk).state == SubscriptionState.CONFIRMED


# Retention


def test_purge_forgets_old_unconfirmed_requests_and_ended_subscriptions(suggestion):
    old = timezone.now() - timedelta(days=40)
    ask("alt@example.org", suggestion)
    Subscription.objects.filter(email="alt@example.org").update(requested_at=old)
    ended = follower("ende@example.org", suggestion=suggestion)
    subscribing.end(Subscription.objects.filter(pk=ended.pk))
    Subscription.objects.filter(pk=ended.pk).update(ended_at=old)
    kept = follower("bleibt@example.org", suggestion=suggestion)
    fresh = ask("neu@example.org", suggestion)

    assert subscribing.purge() == 2

    assert set(Subscription.objects.values_list("pk", flat=True)) == {kept.pk, fresh.pk}
    assert not FollowDelivery.objects.exists()


# Two workers at once


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_tell_each_follower_of_each_change_exactly_once(queue):
    from tests.support.helpers import restore_default_statuses

    make_site()
    restore_default_statuses()
    forum = make_forum(1)
    suggestions = [make_suggestion(forum, title=f"Vorschlag {n}") for n in range(10)]
    addresses = [f"leser{n}@example.org" for n in range(200)]
    Subscription.objects.bulk_create(
        Subscription(
            email=email,
            target=FollowTarget.TRACKER,
            target_key=FollowTarget.TRACKER,
            state=SubscriptionState.CONFIRMED,
        )
        for email in addresses
    )
    for each in suggestions:  # ten commits, as ten editors' requests
        change_status(each, status("in-der-mache"))
    start = threading.Barrier(2)
    failures = []

    def worker():
        try:
            start.wait(timeout=30)
            delivery.run()
        except Exception as error:  # reported below: a thread's exception is lost otherwise
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    assert not any(thread.is_alive() for thread in threads)

    assert FollowDelivery.objects.count() == 200 * 10
    assert not FollowDelivery.objects.filter(batch="").exists()
    for email in addresses:
        bodies = "".join(mails_to(email).values_list("body", flat=True))
        for each in suggestions:
            assert bodies.count(f"{each.title}\n") == 1, email


# The commands that cron runs


def test_the_mail_sweep_tells_followers_of_what_no_task_did(
    suggestion, settings, django_capture_on_commit_callbacks
):
    settings.KUNDENFORUM_MAIL_TASK_BACKEND = None  # no worker: only the sweep
    follower("anna@example.org", suggestion=suggestion)
    publish_status(suggestion, "umgesetzt", captured=django_capture_on_commit_callbacks)
    out = StringIO()

    call_command("kundenforum_send_mail", stdout=out)

    assert "Wrote 1 e-mail(s) to followers; sent 1 e-mail(s)" in out.getvalue()
    assert mails_to("anna@example.org").get().state == "sent"


def test_the_privacy_purge_counts_then_deletes_old_subscriptions(suggestion):
    ask("alt@example.org", suggestion)
    Subscription.objects.update(requested_at=timezone.now() - timedelta(days=40))
    out = StringIO()

    call_command("kundenforum_purge", "--dry-run", stdout=out)
    assert "Would delete 1 unconfirmed or ended subscription(s)." in out.getvalue()
    assert Subscription.objects.exists()

    call_command("kundenforum_purge", stdout=out)
    assert "Deleted 1 unconfirmed or ended subscription(s)." in out.getvalue()
    assert not Subscription.objects.exists()
