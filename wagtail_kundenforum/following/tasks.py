"""The followers' background task, run by the backend that delivers the outbox
(``KUNDENFORUM_MAIL_TASK_BACKEND``); ``kundenforum_send_mail`` runs the same work from cron,
for whatever a lost task left and for the digests when they are due."""

import logging

from ..conf import get_setting
from ..outbox.compat import Task
from . import delivery

logger = logging.getLogger(__name__)


def tell_followers(event_id):
    """Fan out every event not yet fanned out (``event_id`` is only what woke us: a bulk
    change of 100 suggestions queues 100 tasks, and the first tells each follower once),
    then compose what is due."""
    return delivery.run()


# The framework's own Task class, as for the outbox (see outbox/tasks.py).
tell_followers = Task(func=tell_followers)


def schedule(event_id):
    alias = get_setting("KUNDENFORUM_MAIL_TASK_BACKEND")
    if alias is not None:
        tell_followers.using(backend=alias).enqueue(event_id)


def schedule_safely(event_id):
    """``schedule`` after a commit: a queue that is down must not fail the editor's request;
    the event is stored, and the sweep tells its followers."""
    try:
        schedule(event_id)
    except Exception:
        logger.exception(
            "Could not queue follow event %s; kundenforum_send_mail will send it.", event_id
        )
