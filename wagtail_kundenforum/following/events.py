"""What followers hear of, written in the transaction of the change itself (so that a
change that rolls back tells nobody, and one that commits is never forgotten); the
background is queued after the commit. ``apps.py`` connects the receivers."""

from functools import partial

from django.db import transaction

from ..models import FollowEvent, FollowEventKind
from ..signals import suggestion_status_recorded
from . import tasks


def connect():
    suggestion_status_recorded.connect(
        status_recorded, dispatch_uid="wagtail_kundenforum.following.status_recorded"
    )


def record(kind, **about):
    event = FollowEvent.objects.create(kind=kind, **about)
    transaction.on_commit(partial(tasks.schedule_safely, event.pk))
    return event


def status_recorded(sender, suggestion, change, **kwargs):
    """A published suggestion's status changed (``suggestion_status_recorded``): its
    followers, its forum's and the tracker's hear of it, unless readers may not see the
    new status."""
    if change.to_status is not None and change.to_status.is_public:
        record(FollowEventKind.STATUS_CHANGED, suggestion=suggestion, status_change=change)
