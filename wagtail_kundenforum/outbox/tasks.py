"""The delivery task, run by whatever backend the site's TASKS setting names: a database
worker, RQ, Celery, or (Django's default) immediately in the process that enqueues it."""

import logging

from ..conf import get_setting
from . import delivery
from .compat import Task

logger = logging.getLogger(__name__)


def deliver_message(message_id):
    """Send one outbox message; after a failure, queue the next try for when it is due."""
    outcome = delivery.deliver(message_id)
    if outcome.retry_at is not None:
        schedule(message_id, run_after=outcome.retry_at)
    return outcome.sent


# The framework's own Task class, not the @task decorator: the decorator takes the class of
# the default backend, which on Django 6 is Wagtail's (the backport's), and a worker of
# django.tasks refuses a task of the backport's class. Each backend validates it on use.
deliver_message = Task(func=deliver_message)


def schedule(message_id, run_after=None):
    """Queue the delivery on the KUNDENFORUM_MAIL_TASK_BACKEND.

    Nothing is queued when that setting is None, nor a later try on a backend that cannot
    defer tasks: ``kundenforum_send_mail`` sends those when they are due.
    """
    alias = get_setting("KUNDENFORUM_MAIL_TASK_BACKEND")
    if alias is None:
        return
    delivery_task = deliver_message.using(backend=alias)
    if run_after is not None:
        if not delivery_task.get_backend().supports_defer:
            return
        delivery_task = delivery_task.using(run_after=run_after)
    delivery_task.enqueue(message_id)


def schedule_safely(message_id):
    """``schedule`` after a commit: a queue that is down must not fail the reader's request,
    and the message is in the outbox already."""
    try:
        schedule(message_id)
    except Exception:
        logger.exception(
            "Could not queue e-mail %s; kundenforum_send_mail will send it.", message_id
        )
