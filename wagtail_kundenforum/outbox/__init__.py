"""The outbox: every e-mail the app sends is written here in the transaction of the event
that causes it, and delivered outside the request by a task of Django's tasks framework,
with retries and backoff. ``kundenforum_send_mail`` (cron) sends whatever a lost task left.

    from wagtail_kundenforum import outbox

    outbox.enqueue(subject, body, ["moderation@stadtwerke.example"])
"""

import re
from functools import partial

from django.db import transaction

from ..models import OutboxMessage
from ..text import LINE_BREAKS_AND_CONTROLS
from . import delivery, tasks

__all__ = ["deliver_due", "enqueue"]

# RFC 5322's field name: printable ASCII except the colon, so no space and no control.
HEADER_NAME = re.compile("[!-9;-~]+")


def enqueue(subject, body, recipients, *, regarding="", html_body="", headers=None):
    """Store an e-mail in the current transaction and queue its delivery after the commit.

    ``regarding``: the e-mail address of the reader whose personal data the message holds,
    so that erasing their data erases it too. The subject is kept on one line: a header
    with a line break can never be sent. ``html_body``: an HTML alternative to the
    plain-text ``body``, sent beside it when given. ``headers``: extra headers, such as
    ``List-Unsubscribe``; a value with a line break or another control character, or a name
    that is not a header name (a colon, a space, a control), raises ValueError: it could
    never be sent and would smuggle in headers of its own.
    """
    message = OutboxMessage.objects.create(
        subject=" ".join(str(subject).split()),
        body=str(body),
        html_body=str(html_body),
        headers=single_line_headers(headers or {}),
        recipients=list(recipients),
        regarding=regarding,
    )
    transaction.on_commit(partial(tasks.schedule_safely, message.pk))
    return message


def single_line_headers(headers):
    """``headers`` as a dict of strings; ValueError for a name or value that cannot be sent."""
    checked = {str(name): str(value) for name, value in dict(headers).items()}
    for name, value in checked.items():
        if not HEADER_NAME.fullmatch(name):
            raise ValueError(f"Not a valid e-mail header name: {name!r}")
        if LINE_BREAKS_AND_CONTROLS.search(value):
            raise ValueError(f"The e-mail header {name} holds a line break or control character.")
    return checked


def deliver_due(limit=None):
    """The sweep: send every message that is due, including those whose sender died, one
    after the other; returns how many were sent."""
    delivery.give_up_abandoned()
    due = delivery.due().order_by("next_attempt_at").values_list("pk", flat=True)
    return sum(delivery.deliver(pk).sent for pk in list(due[:limit]))
