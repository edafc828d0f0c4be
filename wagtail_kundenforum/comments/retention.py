"""Privacy (DSGVO): how long readers' data is kept.

The management command ``kundenforum_purge`` only parses its arguments and prints; the rules
live here. A reader's own data on request is ``personal_data.py``.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from ..conf import get_setting
from ..models import CommentState, ReaderComment

# Rejected and spam comments are kept this long, so that a moderator can still undo a mistake.
DISCARDED_RETENTION_DAYS = 30
DISCARDED_STATES = [CommentState.REJECTED, CommentState.SPAM]


def comments_with_ip_before(cutoff):
    return ReaderComment.objects.filter(created_at__lt=cutoff, ip_address__isnull=False)


def discarded_comments_before(cutoff):
    return ReaderComment.objects.filter(created_at__lt=cutoff, state__in=DISCARDED_STATES)


def replies_to(comments):
    """Replies to ``comments`` that are not among them: they go too (CASCADE)."""
    return ReaderComment.objects.filter(parent__in=comments).exclude(pk__in=comments)


def purge(now=None, ip_days=None, days=None, dry_run=False):
    """Remove stored IP addresses after ``ip_days`` and discarded comments after ``days``.

    ``ip_days`` defaults to KUNDENFORUM_IP_RETENTION_DAYS, ``days`` to 30. Returns the counts
    ``{"ip_addresses", "comments", "replies"}``; with ``dry_run`` nothing changes.
    """
    now = now or timezone.now()
    if ip_days is None:
        ip_days = get_setting("KUNDENFORUM_IP_RETENTION_DAYS")
    if days is None:
        days = DISCARDED_RETENTION_DAYS
    with_ip = comments_with_ip_before(now - datetime.timedelta(days=ip_days))
    discarded = discarded_comments_before(now - datetime.timedelta(days=days))
    with transaction.atomic():
        counts = {
            "ip_addresses": with_ip.count(),
            "comments": discarded.count(),
            "replies": replies_to(discarded).count(),
        }
        if not dry_run:
            # update() bypasses signals; the IP address is no search field, so no reindex.
            with_ip.update(ip_address=None)
            discarded.delete()
    return counts
