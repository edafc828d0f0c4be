"""Asking to follow, confirming, ending and forgetting: every rule about a subscription's
state.

Whatever happened, the reader who asks is told the same ("check your e-mail"): the answer
never says whether an address follows something already.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..conf import get_setting
from ..models import FollowerAddress, Subscription, SubscriptionState
from ..models.following import normalize_address
from . import mail


def ask(email, target, followed=None, *, frequency, consent_text, site=None, language="", ip=None):
    """Record a request of ``email`` to follow ``target`` (``followed``: the suggestion,
    comment, page or forum); the confirmation e-mail goes out unless the address had one in
    the last ``KUNDENFORUM_FOLLOW_CONFIRMATION_SECONDS``: that e-mail's link confirms this
    request too. Returns the address's subscription of the target, new or not."""
    wanted = Subscription(
        email=normalize_address(email),
        target=target,
        frequency=frequency,
        consent_text=consent_text,
        site=site,
        language=language,
        ip_address=ip,
        **followed_object(target, followed),
    )
    wanted.target_key = wanted.compute_target_key()
    with transaction.atomic():
        subscription = _active(wanted) or _create(wanted)
        if subscription.state == SubscriptionState.PENDING and claim_confirmation(wanted.email):
            mail.send_confirmation(subscription)
    return subscription


def followed_object(target, followed):
    """The keyword that names the followed object for ``target`` ({} for the tracker)."""
    field = {
        "suggestion": "suggestion",
        "replies": "comment",
        "comments": "page",
        "reports": "page",
        "forum": "forum",
    }.get(target)
    return {field: followed} if field else {}


def _active(wanted):
    return (
        Subscription.objects.active()
        .filter(email=wanted.email, target_key=wanted.target_key)
        .first()
    )


def _create(wanted):
    try:
        with transaction.atomic():
            wanted.save()
        return wanted
    except IntegrityError:  # the same request, at the same moment, from elsewhere
        return _active(wanted)


def claim_confirmation(email, now=None):
    """Whether a confirmation e-mail may go to ``email`` now; if so, the period starts.

    One row per address, claimed with one conditional update (or created, unique): of many
    requests at once, exactly one wins."""
    now = now or timezone.now()
    period = timedelta(seconds=get_setting("KUNDENFORUM_FOLLOW_CONFIRMATION_SECONDS"))
    claimed = FollowerAddress.objects.filter(
        email=email, confirmation_sent_at__lte=now - period
    ).update(confirmation_sent_at=now)
    if claimed:
        return True
    try:
        with transaction.atomic():
            FollowerAddress.objects.create(email=email, confirmation_sent_at=now)
    except IntegrityError:  # the address had its e-mail within the period
        return False
    return True


def waiting(email):
    """The requests of ``email`` that a confirmation link would confirm now."""
    cutoff = timezone.now() - timedelta(days=get_setting("KUNDENFORUM_FOLLOW_CONFIRM_DAYS"))
    return Subscription.objects.of_address(email).pending().filter(requested_at__gte=cutoff)


def confirm(email):
    """Confirm every waiting request of ``email``; returns how many."""
    return waiting(email).update(state=SubscriptionState.CONFIRMED, confirmed_at=timezone.now())


def end(subscriptions):
    """End ``subscriptions`` (a queryset); returns how many were still active."""
    return subscriptions.active().update(state=SubscriptionState.ENDED, ended_at=timezone.now())


def purge(now=None, dry_run=False):
    """Forget unconfirmed requests after ``KUNDENFORUM_FOLLOW_CONFIRM_DAYS`` and ended
    subscriptions after ``KUNDENFORUM_FOLLOW_ENDED_RETENTION_DAYS``, and the addresses that
    hold neither any more; returns how many subscriptions were (or would be) deleted."""
    now = now or timezone.now()
    unconfirmed = Subscription.objects.pending().filter(
        requested_at__lt=now - timedelta(days=get_setting("KUNDENFORUM_FOLLOW_CONFIRM_DAYS"))
    )
    ended = Subscription.objects.filter(
        state=SubscriptionState.ENDED,
        ended_at__lt=now - timedelta(days=get_setting("KUNDENFORUM_FOLLOW_ENDED_RETENTION_DAYS")),
    )
    if dry_run:
        return unconfirmed.count() + ended.count()
    label = Subscription._meta.label
    deleted = unconfirmed.delete()[1].get(label, 0) + ended.delete()[1].get(label, 0)
    period = timedelta(seconds=get_setting("KUNDENFORUM_FOLLOW_CONFIRMATION_SECONDS"))
    FollowerAddress.objects.filter(confirmation_sent_at__lt=now - period).exclude(
        email__in=Subscription.objects.values("email")
    ).delete()
    return deleted
