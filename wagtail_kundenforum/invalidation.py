"""Which change retires which cached version: every save and delete of what the tracker and
the comment lists show. Changes made with ``update()`` or ``bulk_create()`` send no signals;
their functions (moderation, status changes, the import) call ``caching`` themselves."""

from django.db.models.signals import post_delete, post_save

from . import caching
from .models import (
    CommentState,
    Forum,
    ReaderComment,
    Suggestion,
    SuggestionStatus,
    SuggestionStatusChange,
    SuggestionTopic,
)

# What saving a draft revision writes to a suggestion's row: nothing readers see.
DRAFT_BOOKKEEPING = {"latest_revision", "has_unpublished_changes"}


def suggestion_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= DRAFT_BOOKKEEPING:
        return
    caching.tracker_changed([instance.pk])


def history_changed(sender, instance, **kwargs):
    caching.tracker_changed([instance.suggestion_id])


def choices_changed(sender, instance, **kwargs):
    caching.tracker_changed()


def comment_changed(sender, instance, created=False, **kwargs):
    # A new comment that waits for moderation shows nowhere yet: posting it writes no cache.
    if created and instance.state != CommentState.APPROVED:
        return
    caching.comments_changed([instance.page_id])


RECEIVERS = [
    (suggestion_changed, Suggestion),
    (history_changed, SuggestionStatusChange),
    (choices_changed, SuggestionStatus),
    (choices_changed, SuggestionTopic),
    (choices_changed, Forum),
    (comment_changed, ReaderComment),
]


def connect():
    for receiver, model in RECEIVERS:
        post_save.connect(receiver, sender=model, dispatch_uid=f"kundenforum-{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"kundenforum-{model.__name__}")
