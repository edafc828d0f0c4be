"""The outbox: every e-mail the app sends is written here in the transaction of the event
that causes it, and delivered outside the request by a task of Django's tasks framework,
with retries and backoff. ``kundenforum_send_mail`` (cron) sends whatever a lost task left.

    from wagtail_kundenforum import outbox

    outbox.enqueue(subject, body, ["moderation@stadtwerke.example"])
"""

from functools import partial

from django.db import transaction

from ..models import OutboxMessage
from . import delivery, tasks

__all__ = ["deliver_due", "enqueue"]


def enqueue(subject, body, recipients, *, regarding=""):
    """Store an e-mail in the current transaction and queue its delivery after the commit.

    ``regarding``: the e-mail address of the reader whose personal data the message holds,
    so that erasing their data erases it too. The subject is kept on one line: a header
    with a line break can never be sent.
    """
    message = OutboxMessage.objects.create(
        subject=" ".join(str(subject).split()),
        body=str(body),
        recipients=list(recipients),
        regarding=regarding,
    )
    transaction.on_commit(partial(tasks.schedule_safely, message.pk))
    return message


def deliver_due(limit=None):
    """The sweep: send every message that is due, including those whose sender died, one
    after the other; returns how many were sent."""
    delivery.give_up_abandoned()
    due = delivery.due().order_by("next_attempt_at").values_list("pk", flat=True)
    return sum(delivery.deliver(pk).sent for pk in list(due[:limit]))
