"""Importing, step three: writing what the plans say, and the whole import.

A status change of an existing suggestion goes through ``change_status``, which records its
history; a dry run stops after planning. An import as drafts publishes nothing: new
suggestions are drafts, and a live one gets its changes (its status too) in a draft revision,
whose publication records the status change like any other.
"""

import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends
from wagtail.signals import published

from ...caching import retire_at_end, tracker_changed
from ...models import Forum, Suggestion
from ..status_changes import change_status
from .files import SuggestionImportError
from .plan import CREATE, ERROR, UNCHANGED, UPDATE, plan_import

logger = logging.getLogger(__name__)


# Writing.


def apply_plan(plans, user=None, drafts=False):
    """Create and update what the plans say; with ``drafts``, publish nothing."""
    new = [plan.result for plan in plans if plan.action == CREATE]
    create_suggestions(new, user, drafts=drafts)
    for plan in plans:
        if plan.action == UPDATE:
            update_suggestion(plan, user, drafts=drafts)


def create_suggestions(suggestions, user, drafts=False):
    """Publish new suggestions (or keep them as drafts), each with one revision: what
    ``save``, ``save_revision`` and ``publish`` leave behind, written in a few queries for all
    of them (an import brings hundreds at once, and each publish would cost dozens of
    queries)."""
    if not suggestions:
        return
    now = timezone.now()
    for suggestion in suggestions:
        suggestion.live, suggestion.has_unpublished_changes = not drafts, drafts
        if not drafts:
            suggestion.first_published_at = suggestion.last_published_at = now
    Suggestion.objects.bulk_create(suggestions)
    revisions = Revision.objects.bulk_create([first_revision(s, user, now) for s in suggestions])
    for suggestion, revision in zip(suggestions, revisions, strict=True):
        suggestion.latest_revision = revision
        suggestion.live_revision = None if drafts else revision
    Suggestion.objects.bulk_update(suggestions, ["latest_revision", "live_revision"])
    after_bulk_create(suggestions, revisions, user)


def first_revision(suggestion, user, now):
    return Revision(
        content_object=suggestion,
        base_content_type=suggestion.get_base_content_type(),
        user=user,
        content=suggestion.serializable_data(),
        object_str=str(suggestion),
        created_at=now,
    )


def after_bulk_create(suggestions, revisions, user):
    """What the signals of ``save`` and ``publish`` would do: bulk writes send none."""
    # Indexed as drafts too, as Wagtail indexes a saved snippet: the admin's search finds
    # them, and public searches ask for live suggestions only.
    add_to_search_index(suggestions)
    tracker_changed(suggestion.pk for suggestion in suggestions if suggestion.live)
    for suggestion, revision in zip(suggestions, revisions, strict=True):
        ReferenceIndex.create_or_update_for_object(suggestion)
        # One entry in the suggestion's history: created (and published with it, if live).
        log(instance=suggestion, action="wagtail.create", user=user, revision=revision)
        if suggestion.live:
            published.send(sender=Suggestion, instance=suggestion, revision=revision)


def add_to_search_index(suggestions):
    for backend in get_search_backends(with_auto_update=True):
        try:
            backend.add_bulk(Suggestion, suggestions)
        # As Wagtail's own index updates: a search outage must not lose the import.
        except Exception:
            logger.exception("Could not add imported suggestions to the search index.")


def update_suggestion(plan, user, drafts=False):
    """The status first, through the one place that records its history; then the other fields
    as a new revision, published when the suggestion is live (a draft stays a draft). As
    drafts, a live suggestion gets everything in a draft revision instead."""
    if drafts and plan.suggestion.live:
        save_draft(Suggestion.objects.get(pk=plan.suggestion.pk), plan, user)
        return
    if plan.status:
        reason = plan.changes.get("declined_reason", "")
        change_status(plan.suggestion, plan.status, reason=reason, user=user)
    if plan.changes:
        save_fields(Suggestion.objects.get(pk=plan.suggestion.pk), plan.changes, user)


def save_fields(suggestion, changes, user):
    for name, value in changes.items():
        setattr(suggestion, name, value)
    if not suggestion.live:
        suggestion.save()
    revision = suggestion.save_revision(user=user, log_action=True)
    if suggestion.live:
        revision.publish(user=user)


def save_draft(suggestion, plan, user):
    """The row's changes, its status too, in a draft revision; the live suggestion stays as it
    is (``save_revision`` writes only the revision fields of the row). The revision remembers
    the live status, so publishing it records the change in the history."""
    changes = {**plan.changes, **({"status": plan.status} if plan.status else {})}
    for name, value in changes.items():
        setattr(suggestion, name, value)
    suggestion.save_revision(user=user, log_action=True)


# The whole import.


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), row by row."""

    forum: object
    plans: list
    dry_run: bool = False
    drafts: bool = False
    ignored_columns: list = field(default_factory=list)

    def rows(self, action):
        return [plan for plan in self.plans if plan.action == action]

    @property
    def created(self):
        return self.rows(CREATE)

    @property
    def updated(self):
        return self.rows(UPDATE)

    @property
    def unchanged(self):
        return self.rows(UNCHANGED)

    @property
    def failed(self):
        return self.rows(ERROR)


def import_suggestions(sheet, forum, *, dry_run=False, drafts=False, user=None):
    """Import ``sheet`` into ``forum``: rows with errors are skipped, the rest is written
    (nothing in a dry run; unpublished with ``drafts``). Returns an ImportReport."""
    try:
        with transaction.atomic():
            # One import into a forum at a time: each matches its rows against what exists.
            Forum.objects.select_for_update().filter(pk=forum.pk).first()
            plans = plan_import(sheet, forum)
            if not dry_run:
                with retire_at_end():  # the tracker's version last (see caching)
                    apply_plan(plans, user=user, drafts=drafts)
    except IntegrityError:
        # Someone gave a suggestion of this forum one of the file's IDs meanwhile.
        raise SuggestionImportError(
            _(
                "The forum's suggestions changed during the import; nothing was saved. "
                "Please try again."
            )
        ) from None
    return ImportReport(
        forum, plans, dry_run=dry_run, drafts=drafts, ignored_columns=sheet.ignored_columns
    )
