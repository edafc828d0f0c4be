"""Every change of a suggestion's status goes through here: the edit view (on publishing),
the bulk action, the import and code.

``change_status`` locks the suggestion's row, so two changes at once are applied one after
the other and the history always ends in the status that is live. The history row itself
is written by ``record_status_change``, beside the history model.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.search import index

from ..caching import tracker_changed
from ..models import Suggestion
from ..models.status_history import record_status_change


def change_status(suggestion, status, *, note="", reason="", date=None, user=None):
    """Give ``suggestion`` the new ``status``; return the recorded change or None.

    ``reason`` replaces the public reason (needed for a declined status). A suggestion that
    has never been published changes without history: readers have not seen it.
    """
    if status.lacks_reason(reason or suggestion.declined_reason):
        raise ValueError("A declined suggestion needs a reason.")
    with transaction.atomic():
        # The suggestion's row alone: locked with a join, PostgreSQL rechecks the join after
        # waiting for a concurrent change of status_id and finds no row. The status is read
        # after the lock, so it is the current one.
        current = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        previous = current.status
        if previous.pk == status.pk:
            return None
        fields = {"status": status, "updated_at": timezone.now()}
        if reason:
            fields["declined_reason"] = reason
        Suggestion.objects.filter(pk=current.pk).update(**fields)
        for name, value in fields.items():
            setattr(current, name, value)
        change = None
        if current.live:
            change = record_status_change(
                current, previous, status, note=note, date=date, user=user
            )
        tracker_changed([current.pk])  # the update() above sends no signal
    index.insert_or_update_object(current)
    return change
