"""Every e-mail goes through the outbox: stored with its event, sent outside the request by a
task, retried with backoff, kept as failed after the last attempt, never sent twice; against
real SMTP servers on loopback (one that receives, one that hangs, none at all)."""

import statistics
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from tests.conftest import SMTP_TIMEOUT
from tests.support.helpers import comment_data, make_index, make_report
from tests.support.smtp_servers import HungServer, ReceivingServer
from wagtail_kundenforum import outbox
from wagtail_kundenforum.models import KundenforumSettings, OutboxMessage, OutboxState
from wagtail_kundenforum.outbox import delivery
from wagtail_kundenforum.outbox.compat import task_backends
from wagtail_kundenforum.outbox.tasks import deliver_message

pytestmark = pytest.mark.django_db

EMAIL_TIMEOUT = SMTP_TIMEOUT  # the smtp_port fixture's
QUEUE = "kundenforum_mail"
POSTS = 5


@pytest.fixture
def smtp_port(smtp_port, settings):
    """The shared fixture's mail server settings, with the rate limit off for the posts."""
    settings.KUNDENFORUM_RATE_LIMITS = []
    return smtp_port


@pytest.fixture
def queue(settings):
    """A task backend that queues and runs nothing, as a database or RQ worker's does in the
    request; ``queue.results`` are the tasks enqueued."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        QUEUE: {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
    }
    settings.KUNDENFORUM_MAIL_TASK_BACKEND = QUEUE
    return task_backends[QUEUE]


def make_message(n=1):
    return OutboxMessage.objects.create(
        subject=f"Notice {n}", body="A comment waits.", recipients=["moderation@example.org"]
    )


def run_queued(queue):
    """What the worker does: run every queued delivery task once."""
    results, queue.results = list(queue.results), []
    return [deliver_message.call(*result.args) for result in results]


# Stored with the event, queued after the commit


def test_an_email_is_stored_in_the_transaction_and_queued_after_the_commit(
    queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = outbox.enqueue("Subject", "Body", ["moderation@example.org"])
        assert queue.results == []  # nothing is queued before the commit
    assert [result.args for result in queue.results] == [[message.pk]]
    assert message.state == OutboxState.PENDING


def test_an_event_rolled_back_leaves_neither_email_nor_task(
    queue, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture, pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue("Subject", "Body", ["moderation@example.org"])
        raise RuntimeError("the event failed")
    assert not OutboxMessage.objects.exists()
    assert queue.results == []


def test_a_subject_is_kept_on_one_line():
    message = outbox.enqueue("A comment on\r\n“Strom”\n waits", "Body", ["m@example.org"])
    assert message.subject == "A comment on “Strom” waits"


def test_without_a_task_backend_only_the_sweep_sends(
    settings, smtp_port, django_capture_on_commit_callbacks
):
    settings.KUNDENFORUM_MAIL_TASK_BACKEND = None
    with ReceivingServer(smtp_port) as server:
        with django_capture_on_commit_callbacks(execute=True):
            outbox.enqueue("Notice", "Body", ["moderation@example.org"])
        assert server.subjects == {}
        call_command("kundenforum_send_mail")
    assert server.subjects == {"Notice": 1}


def test_a_queue_that_is_down_leaves_the_email_to_the_sweep(
    settings, smtp_port, caplog, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.KUNDENFORUM_MAIL_TASK_BACKEND = "no-such-queue"
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue("Notice", "Body", ["moderation@example.org"])
    assert "Could not queue e-mail" in caplog.text
    with ReceivingServer(smtp_port) as server:
        call_command("kundenforum_send_mail")
    assert server.subjects == {"Notice": 1}


# A hung mail server and the reader's POST


def post_comments(client, report, capture_on_commit, label, posts=POSTS):
    """Seconds each comment post took, the work after its commit included."""
    times = []
    for n in range(posts):
        data = comment_data(report, text=f"{label} Kommentar {n}")
        started = time.perf_counter()
        with capture_on_commit(execute=True):
            response = client.post(report.url, data)
        times.append(time.perf_counter() - started)
        assert response.status_code == 302
    return times


@pytest.fixture
def report_with_moderators():
    report = make_report(make_index())
    site_settings = KundenforumSettings.for_site(report.get_site())
    site_settings.moderator_emails = "moderation@example.org"
    site_settings.save()
    return report


def test_a_hung_mail_server_adds_nothing_measurable_to_a_readers_post(
    client, report_with_moderators, smtp_port, queue, django_capture_on_commit_callbacks
):
    report, capture = report_with_moderators, django_capture_on_commit_callbacks
    with ReceivingServer(smtp_port):
        answering = post_comments(client, report, capture, "antwortet")
    queue.clear()
    with HungServer(smtp_port):
        hung = post_comments(client, report, capture, "haengt")
        started = time.perf_counter()
        assert deliver_message.call(*queue.results[0].args) is False
        worker_waited = time.perf_counter() - started
    print(
        f"\nPOST median with an answering mail server {statistics.median(answering) * 1000:.1f}"
        f" ms, with a hung one {statistics.median(hung) * 1000:.1f} ms (max"
        f" {max(hung) * 1000:.1f} ms); the worker waited {worker_waited:.1f} s instead"
    )
    assert statistics.median(hung) < statistics.median(answering) + 0.1
    assert max(hung) < EMAIL_TIMEOUT / 2
    assert worker_waited >= EMAIL_TIMEOUT
    assert len(queue.results) == POSTS + 1  # each notice queued, and the failed one's retry


def test_with_an_immediate_task_backend_the_notice_is_sent_in_the_request(
    client, report_with_moderators, smtp_port, django_capture_on_commit_callbacks
):
    # The documented price of Django's default backend: the request waits for the server.
    with HungServer(smtp_port):
        [seconds] = post_comments(
            client, report_with_moderators, django_capture_on_commit_callbacks, "x", posts=1
        )
    assert seconds >= EMAIL_TIMEOUT
    assert OutboxMessage.objects.get().attempts == 1


# Down, then back


def test_mail_queued_while_the_server_is_down_is_delivered_once_it_is_back(
    settings, smtp_port, queue, django_capture_on_commit_callbacks
):
    settings.KUNDENFORUM_MAIL_RETRY_SECONDS = 1
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue("Notice", "Body", ["moderation@example.org"])
    assert run_queued(queue) == [False]  # nothing listens on the port
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.PENDING, 1)
    assert "Connection refused" in message.last_error or "Errno" in message.last_error
    [retry] = queue.results  # the next try, queued for when it is due
    assert retry.task.run_after == message.next_attempt_at
    with ReceivingServer(smtp_port) as server:
        call_command("kundenforum_send_mail")  # not due yet: the backoff holds
        assert server.subjects == {}
        time.sleep(1.1)
        assert run_queued(queue) == [True]
        call_command("kundenforum_send_mail")  # a sweep after it: nothing left to send
    assert server.subjects == {"Notice": 1}
    message.refresh_from_db()
    assert (message.state, message.last_error) == (OutboxState.SENT, "")
    assert message.sent_at is not None


def test_the_retry_delay_doubles_up_to_an_hour(settings):
    settings.KUNDENFORUM_MAIL_RETRY_SECONDS = 60
    delays = [delivery.retry_delay(attempts).total_seconds() for attempts in range(1, 9)]
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600]


# Never twice


def test_a_message_is_claimed_by_one_sender_only():
    message = make_message()
    assert delivery.claim(message.pk) is not None
    assert delivery.claim(message.pk) is None
    assert delivery.deliver(message.pk) == delivery.NOT_DUE


def test_a_sender_that_died_leaves_the_message_to_another_after_its_claim(smtp_port):
    message = make_message()
    delivery.claim(message.pk)  # … and the sender dies before it sends
    with ReceivingServer(smtp_port) as server:
        assert outbox.deliver_due() == 0  # the claim still holds
        OutboxMessage.objects.filter(pk=message.pk).update(
            next_attempt_at=timezone.now() - timedelta(seconds=1)
        )
        assert outbox.deliver_due() == 1
    assert server.subjects == {"Notice 1": 1}
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.SENT, 2)


def test_a_late_sender_cannot_overwrite_the_outcome_of_the_next(smtp_port):
    message = make_message()
    stale = delivery.claim(message.pk)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    with ReceivingServer(smtp_port):
        assert delivery.deliver(message.pk).sent
    delivery.record_failure(message, stale, OSError("too late"))
    message.refresh_from_db()
    assert message.state == OutboxState.SENT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_message_exactly_once(smtp_port):
    messages = [make_message(n) for n in range(40)]
    start = threading.Barrier(2)
    sent = []

    def sender():
        start.wait()
        try:
            sent.append(outbox.deliver_due())
        finally:
            connection.close()

    with ReceivingServer(smtp_port) as server:
        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sum(sent) == len(messages)
    assert all(sent), "both senders took part"
    assert server.subjects == {message.subject: 1 for message in messages}


# Failed after the last attempt, shown in the admin


def fail_every_attempt(settings, message):
    for _attempt in range(settings.KUNDENFORUM_MAIL_MAX_ATTEMPTS):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        delivery.deliver(message.pk)
    message.refresh_from_db()


def test_after_the_last_attempt_a_message_is_kept_as_failed(settings, smtp_port):
    settings.KUNDENFORUM_MAIL_MAX_ATTEMPTS = 3
    message = make_message()
    fail_every_attempt(settings, message)
    assert (message.state, message.attempts) == (OutboxState.FAILED, 3)
    assert outbox.deliver_due() == 0
    assert delivery.claim(message.pk) is None


def test_a_sender_that_died_on_the_last_attempt_leaves_the_message_failed(settings):
    settings.KUNDENFORUM_MAIL_MAX_ATTEMPTS = 1
    message = make_message()
    delivery.claim(message.pk)  # … and the sender dies
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert outbox.deliver_due() == 0
    message.refresh_from_db()
    assert (message.state, message.last_error) == (
        OutboxState.FAILED,
        "The sender stopped while sending.",
    )


def test_after_an_outage_the_sweep_can_give_failed_messages_fresh_attempts(settings, smtp_port):
    settings.KUNDENFORUM_MAIL_MAX_ATTEMPTS = 1
    message = make_message()
    fail_every_attempt(settings, message)
    with ReceivingServer(smtp_port) as server:
        call_command("kundenforum_send_mail")
        assert server.subjects == {}
        call_command("kundenforum_send_mail", "--retry-failed")
    assert server.subjects == {"Notice 1": 1}


def test_failed_messages_are_listed_in_the_admin_and_can_be_sent_again(
    settings, smtp_port, admin_client, queue, django_capture_on_commit_callbacks
):
    settings.KUNDENFORUM_MAIL_MAX_ATTEMPTS = 2
    message = make_message()
    fail_every_attempt(settings, message)
    listing = admin_client.get(reverse("kundenforum_outbox:index"), {"state": "failed"})
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "Notice 1" in html and "ConnectionRefusedError" in html
    retry_url = reverse("kundenforum_outbox:retry", args=[message.pk])
    assert retry_url in html
    assert admin_client.get(retry_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(retry_url)
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.PENDING, 0)
    with ReceivingServer(smtp_port) as server:
        run_queued(queue)
    assert server.subjects == {"Notice 1": 1}


def test_a_message_sent_meanwhile_is_not_sent_again_from_the_admin(admin_client):
    message = make_message()
    OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxState.SENT)
    response = admin_client.post(
        reverse("kundenforum_outbox:retry", args=[message.pk]), follow=True
    )
    assert "has been sent already" in response.content.decode()
    message.refresh_from_db()
    assert message.state == OutboxState.SENT


def test_the_outbox_is_in_the_settings_menu(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Outgoing e-mails" in html


def test_the_outbox_is_only_for_users_with_its_view_permission(client, django_user_model):
    from django.contrib.auth.models import Permission

    make_message()
    user = django_user_model.objects.create_user("editor", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    index = reverse("kundenforum_outbox:index")
    retry = reverse("kundenforum_outbox:retry", args=[OutboxMessage.objects.get().pk])
    assert client.get(index).status_code in (302, 403)
    user.user_permissions.add(Permission.objects.get(codename="view_outboxmessage"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(index).status_code == 200
    assert retry not in client.get(index).content.decode()
    assert client.post(retry).status_code in (302, 403)
    assert OutboxMessage.objects.get().attempts == 0


def test_old_sent_and_failed_messages_are_deleted_by_the_sweep(settings):
    settings.KUNDENFORUM_MAIL_RETENTION_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    for state in (OutboxState.SENT, OutboxState.FAILED, OutboxState.PENDING):
        OutboxMessage.objects.create(subject=state, body="", state=state, created_at=old)
    OutboxMessage.objects.filter(pk=make_message().pk).update(state=OutboxState.SENT)
    OutboxMessage.objects.filter(state=OutboxState.PENDING).update(
        next_attempt_at=timezone.now() + timedelta(hours=1)  # not due: the sweep leaves it
    )
    call_command("kundenforum_send_mail")
    assert sorted(OutboxMessage.objects.values_list("subject", flat=True)) == [
        "Notice 1",
        "pending",
    ]


# A real worker, configured as the example and the README configure it


# Committed for real: the worker closes the database connection as it finishes.
@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_the_mail_beside_wagtails_immediate_backend(settings, mailoutbox):
    """Wagtail's tasks on the backport's immediate backend, the app's mail on the database
    queue (django-tasks-db): the worker takes the app's task on Django 5.2 and 6 alike."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        QUEUE: {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    settings.KUNDENFORUM_MAIL_TASK_BACKEND = QUEUE
    with transaction.atomic():
        outbox.enqueue("Ein Kommentar wartet", "Text", ["moderation@stadtwerke.example"])
    assert mailoutbox == []  # queued: nothing is sent in the request

    call_command("db_worker", "--backend", QUEUE, "--batch", "--no-startup-delay")

    assert [message.subject for message in mailoutbox] == ["Ein Kommentar wartet"]
    assert OutboxMessage.objects.get().state == OutboxState.SENT
