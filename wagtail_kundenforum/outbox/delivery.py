"""Delivering the outbox: claim a message, send it, record what happened.

A sender claims a message with one conditional UPDATE before it talks to the mail server;
whoever changes the row sends, everyone else leaves it alone (PostgreSQL re-checks the
condition on the locked row, SQLite writes one at a time). So two senders never send one
message twice, with one exception that no outbox can rule out: a sender that sends and then
dies before it records "sent" leaves its claim to expire, and the message goes out again.
Delivery is exactly once, and at least once after such a crash.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from ..models import OutboxMessage, OutboxState

logger = logging.getLogger(__name__)

# A sender never waits longer than this for a mail server when EMAIL_TIMEOUT is unset
# (Django's default, which waits for ever).
FALLBACK_TIMEOUT_SECONDS = 30
LONGEST_RETRY_DELAY = timedelta(hours=1)
SENDER_STOPPED = _("The sender stopped while sending.")
ERROR_LENGTH = OutboxMessage._meta.get_field("last_error").max_length


@dataclass(frozen=True)
class Outcome:
    """What one delivery did: ``sent``, or when to try again (None: do not)."""

    sent: bool = False
    retry_at: object = None


NOT_DUE = Outcome()


def deliver(message_id):
    """Send the message if it is due and no other sender holds it."""
    lease = claim(message_id)
    if lease is None:
        return NOT_DUE
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        send(message)
    except Exception as error:
        return record_failure(message, lease, error)
    record_sent(message, lease)
    return Outcome(sent=True)


def claim(message_id):
    """Take the message for sending; returns the claim (its expiry) or None if not ours."""
    now = timezone.now()
    expires = now + timedelta(seconds=get_setting("KUNDENFORUM_MAIL_CLAIM_SECONDS"))
    taken = (
        due(now)
        .filter(pk=message_id, attempts__lt=get_setting("KUNDENFORUM_MAIL_MAX_ATTEMPTS"))
        .update(state=OutboxState.SENDING, next_attempt_at=expires, attempts=F("attempts") + 1)
    )
    return expires if taken else None


def due(now=None):
    """Messages waiting for their next try, and those whose sender's claim has expired."""
    return OutboxMessage.objects.filter(
        state__in=[OutboxState.PENDING, OutboxState.SENDING],
        next_attempt_at__lte=now or timezone.now(),
    )


def send(message):
    """Send the message: its plain-text body, the HTML alternative if it has one, and its
    extra headers."""
    timeout = settings.EMAIL_TIMEOUT or FALLBACK_TIMEOUT_SECONDS
    with get_connection(timeout=timeout) as connection:
        email = EmailMultiAlternatives(
            message.subject,
            message.body,
            to=message.recipients,
            headers=message.headers,
            connection=connection,
        )
        if message.html_body:
            email.attach_alternative(message.html_body, "text/html")
        email.send()


def held(message, claim):
    """The message while ``claim`` still holds it (a later claimant owns the outcome)."""
    return OutboxMessage.objects.filter(
        pk=message.pk, state=OutboxState.SENDING, next_attempt_at=claim
    )


def record_sent(message, claim):
    held(message, claim).update(state=OutboxState.SENT, sent_at=timezone.now(), last_error="")


def record_failure(message, claim, error):
    """Wait and try again, or keep the message as failed after the last attempt."""
    given_up = message.attempts >= get_setting("KUNDENFORUM_MAIL_MAX_ATTEMPTS")
    retry_at = None if given_up else timezone.now() + retry_delay(message.attempts)
    held(message, claim).update(
        state=OutboxState.FAILED if given_up else OutboxState.PENDING,
        next_attempt_at=retry_at or timezone.now(),
        last_error=f"{type(error).__name__}: {error}"[:ERROR_LENGTH],
    )
    logger.warning(
        "Could not send e-mail %s (attempt %s): %s%s",
        message.pk,
        message.attempts,
        error,
        "; kept as failed." if given_up else "; trying again later.",
    )
    return Outcome(retry_at=retry_at)


def retry_delay(attempts):
    """Exponential backoff: the retry delay after the first failure, doubled after each."""
    first = timedelta(seconds=get_setting("KUNDENFORUM_MAIL_RETRY_SECONDS"))
    return min(first * 2 ** (attempts - 1), LONGEST_RETRY_DELAY)


def give_up_abandoned():
    """Keep as failed the messages whose last allowed attempt died while sending."""
    return (
        due()
        .filter(
            state=OutboxState.SENDING,
            attempts__gte=get_setting("KUNDENFORUM_MAIL_MAX_ATTEMPTS"),
        )
        .update(state=OutboxState.FAILED, last_error=site_language_text(SENDER_STOPPED))
    )


def retry(messages):
    """Give failed (or waiting) messages a fresh set of attempts, due now."""
    return messages.filter(state__in=[OutboxState.FAILED, OutboxState.PENDING]).update(
        state=OutboxState.PENDING, attempts=0, next_attempt_at=timezone.now()
    )


def purge_finished(days=None):
    """Delete sent and failed messages older than KUNDENFORUM_MAIL_RETENTION_DAYS."""
    days = get_setting("KUNDENFORUM_MAIL_RETENTION_DAYS") if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    finished = OutboxMessage.objects.filter(
        state__in=[OutboxState.SENT, OutboxState.FAILED], created_at__lt=cutoff
    )
    return finished.delete()[0]


def site_language_text(text):
    """``text`` in the site's language: stored, it is read in the admin later, by anyone."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)
