"""The background's part: each event fanned out to its followers exactly once, and what is
due composed into one e-mail per address.

Both steps claim their rows with one conditional UPDATE, as the outbox does: of two workers,
whoever changes a row owns it, so an event is fanned out once, and a follower's copy of it
(unique per subscription and event) goes into exactly one e-mail. The e-mail itself is an
outbox message, delivered by the outbox's task.
"""

import uuid
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..conf import get_setting
from ..models import (
    FollowDelivery,
    FollowEvent,
    FollowEventKind,
    FollowFrequency,
    FollowTarget,
    Subscription,
)
from . import mail

FAN_OUT_BATCH = 2000
ADDRESSES_PER_BATCH = 500


def run(now=None):
    """Fan out every waiting event, then compose every due e-mail; returns how many e-mails
    were written to the outbox."""
    now = now or timezone.now()
    waiting = FollowEvent.objects.filter(fanned_out_at=None).order_by("created_at", "pk")
    for event_id in list(waiting.values_list("pk", flat=True)):
        fan_out(event_id, now)
    return compose_due(now)


def fan_out(event_id, now=None):
    """Give every confirmed follower of the event its copy; False if another worker did."""
    now = now or timezone.now()
    with transaction.atomic():
        if not FollowEvent.objects.filter(pk=event_id, fanned_out_at=None).update(
            fanned_out_at=now
        ):
            return False
        event = FollowEvent.objects.select_related("suggestion").get(pk=event_id)
        followers = followers_of(event).values_list("pk", "email", "frequency")
        copies = (
            FollowDelivery(
                subscription_id=pk, event=event, email=email, due_at=due_at(frequency, now)
            )
            for pk, email, frequency in followers.iterator(chunk_size=FAN_OUT_BATCH)
        )
        # Unique per subscription and event: a copy made before a crash is not made twice.
        FollowDelivery.objects.bulk_create(copies, batch_size=FAN_OUT_BATCH, ignore_conflicts=True)
    return True


def followers_of(event):
    """The confirmed subscriptions that hear of ``event``."""
    if event.kind in (FollowEventKind.STATUS_CHANGED, FollowEventKind.ANSWERED):
        suggestion = event.suggestion
        following = (
            Q(target=FollowTarget.SUGGESTION, suggestion=suggestion)
            | Q(target=FollowTarget.FORUM, forum_id=suggestion.forum_id)
            | Q(target=FollowTarget.TRACKER)
        )
    else:
        return Subscription.objects.none()
    return Subscription.objects.confirmed().filter(following)


def due_at(frequency, now):
    """When a copy is due: now, or the next digest hour (daily), or the next Monday's."""
    if frequency == FollowFrequency.IMMEDIATE:
        return now
    local = timezone.localtime(now)
    hour = time(get_setting("KUNDENFORUM_DIGEST_HOUR"))
    due = timezone.make_aware(datetime.combine(local.date(), hour))
    if due <= now:
        due += timedelta(days=1)
    if frequency == FollowFrequency.WEEKLY:
        due += timedelta(days=(7 - due.weekday()) % 7)
    return due


def compose_due(now=None):
    """Write one e-mail per address for its due copies; returns how many e-mails."""
    now = now or timezone.now()
    written = 0
    while True:
        due = FollowDelivery.objects.filter(batch="", due_at__lte=now)
        addresses = list(due.values_list("email", flat=True).distinct()[:ADDRESSES_PER_BATCH])
        if not addresses:
            return written
        written += compose(addresses, now)


def compose(addresses, now):
    """Claim the due copies of ``addresses`` and write their e-mails, in one transaction: an
    e-mail is in the outbox if and only if its copies are claimed."""
    batch = uuid.uuid4().hex
    with transaction.atomic():
        FollowDelivery.objects.filter(email__in=addresses, batch="", due_at__lte=now).update(
            batch=batch
        )
        claimed = (
            FollowDelivery.objects.filter(batch=batch)
            .select_related(
                "subscription__site",
                # What each e-mail names as followed (mail.describe_target): no query per copy.
                "subscription__suggestion",
                "subscription__forum",
                "subscription__page",
                "event__suggestion__status",
                "event__status_change__to_status",
            )
            .order_by("email", "event__created_at", "pk")
        )
        by_address = {}
        for copy in claimed:
            by_address.setdefault(copy.email, []).append(copy)
        for email, copies in by_address.items():
            mail.send_notification(email, copies)
    return len(by_address)
