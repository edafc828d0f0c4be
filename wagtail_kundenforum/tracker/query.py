"""The tracker query, in one place: which suggestions readers may see, filtered as the
reader's filters (``filters``) say, grouping, counts, search and the history shown in feeds
and statistics.

The tracker block, the suggestion pages, the JSON API and the feed all read through here,
so that each shows the same suggestions and the same counts. The number of queries does
not grow with the number of suggestions: choices are loaded once, groups are cut to their
first items by a window function, and a single list is paginated.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import (
    Suggestion,
    SuggestionStatus,
    SuggestionStatusChange,
)
from ..pagination import INVALID_PAGE_NOTE, paginate
from . import search
from .filters import Choices, Include, TrackerQuery

GROUPINGS = ("status", "topic", "forum")
GROUP_FIELDS = {"status": "status_id", "topic": "topic_id", "forum": "forum_id"}
PAGE_SIZE = 25
# The stats block lists at most this many recent changes.
STATS_CHANGES = 50


def public_suggestions():
    """Published suggestions with a public status, with what a list shows of each."""
    return Suggestion.objects.public().select_related("status", "topic", "forum")


def filtered_suggestions(query, include=None):
    """The public suggestions that ``include`` and the reader's ``query`` select: with a
    search text the best matches first (``search``), else in the order of the forums."""
    suggestions = public_suggestions().filter(**(include or Include()).lookups())
    if query.statuses:
        suggestions = suggestions.filter(status__in=query.statuses)
    if query.forum:
        suggestions = suggestions.filter(forum=query.forum)
    if query.topic:
        suggestions = suggestions.filter(topic=query.topic)
    if query.q:
        return search.matching(suggestions, query.q).order_by(*_ordering(searched=True))
    return suggestions.order_by(*_ordering(searched=False))


def _ordering(searched):
    """The order of a list, and of each group's first items: best matches first."""
    first = [F("search_rank").desc()] if searched else []
    return [*first, F("forum__number").asc(), F("pk").asc()]


@dataclass
class TrackerGroup:
    key: str
    label: str
    count: int
    items: list
    status: SuggestionStatus | None = None
    show_all_url: str = ""
    page: object = None  # the Paginator page when this is the only group


@dataclass
class Tracker:
    query: TrackerQuery
    choices: Choices
    count: int
    groups: list
    status_counts: list  # [(status, count)] in status order, every offered status
    notes: list


def build_tracker(query, choices, *, group_by="status", per_group=5, include=None):
    """Everything the tracker block shows for the reader's ``query`` (see ``parse_query``)."""
    suggestions = filtered_suggestions(query, include)
    notes = []
    group_field = GROUP_FIELDS[group_by]
    counts = count_by(suggestions, group_field)
    by_status = counts if group_by == "status" else count_by(suggestions, "status_id")
    status_counts = [(status, by_status.get(status.pk, 0)) for status in choices.statuses]
    groups = [group for group in _groups(group_by, choices, query, counts) if group.count]
    if len(groups) == 1:
        listing = paginate(suggestions, query.page, PAGE_SIZE)
        groups[0].page = listing.page
        groups[0].items = list(listing.page)
        if listing.note:
            notes.append(listing.note)
    elif groups:
        _fill_first_items(groups, suggestions, group_field, per_group, searched=bool(query.q))
        if query.page not in (None, "", "1"):
            # Several groups show their first items only: there is no other page to show.
            notes.append(str(INVALID_PAGE_NOTE))
    return Tracker(query, choices, sum(counts.values()), groups, status_counts, notes)


def _groups(group_by, choices, query, counts):
    """The groups in their order, with their counts and their "show all" links."""
    if group_by == "status":
        for status in choices.statuses:
            yield TrackerGroup(
                status.slug,
                status.label,
                counts.get(status.pk, 0),
                [],
                status=status,
                show_all_url=query.params(status=[status.slug]),
            )
    elif group_by == "forum":
        for forum in choices.forums:
            yield TrackerGroup(
                str(forum.number),
                str(forum),
                counts.get(forum.pk, 0),
                [],
                show_all_url=query.params(forum=forum.number),
            )
    else:
        for topic in choices.topics:
            yield TrackerGroup(
                topic.slug,
                topic.name,
                counts.get(topic.pk, 0),
                [],
                show_all_url=query.params(topic=topic.slug),
            )
        yield TrackerGroup("", _("Without topic"), counts.get(None, 0), [])


def _fill_first_items(groups, suggestions, group_field, per_group, searched=False):
    """Give each group its first ``per_group`` suggestions, in one query for all groups.

    The window numbers the suggestions of each group in a subquery that reads their pks
    only; the rows, with their status, forum and topic, are loaded for the first few alone.
    Numbering the full rows carried every column of every suggestion through the sort:
    with 10,000 suggestions 4 times slower on SQLite and 2 times on PostgreSQL. (A LIMIT
    query per group is faster still on SQLite, but costs PostgreSQL a plan per group: with
    ten topics it was slower than this.) The subquery's LIMIT cuts nothing, since each group
    has at most ``per_group`` first items, but tells PostgreSQL that the list is short, so
    that it loads those rows by pk instead of joining every suggestion first.
    """
    ranked = suggestions.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F(group_field)],
            order_by=_ordering(searched),
        )
    ).filter(rank__lte=per_group)
    first_pks = ranked.values("pk")[: len(groups) * per_group]
    by_key = {group.key: group for group in groups}
    for suggestion in suggestions.filter(pk__in=first_pks):
        by_key[_group_key(suggestion, group_field)].items.append(suggestion)


def _group_key(suggestion, group_field):
    if group_field == "status_id":
        return suggestion.status.slug
    if group_field == "forum_id":
        return str(suggestion.forum.number)
    return suggestion.topic.slug if suggestion.topic else ""


# Single suggestions, the API list and the history.


def public_history_changes():
    """Status changes readers may see: of public suggestions, to a public status."""
    return SuggestionStatusChange.objects.filter(
        suggestion__live=True,
        suggestion__status__is_public=True,
        to_status__is_public=True,
    ).select_related("from_status", "to_status", "suggestion__forum")


def with_public_history(suggestions):
    """``suggestions`` with their public history prefetched as ``public_changes``."""
    return suggestions.prefetch_related(
        Prefetch(
            "status_changes",
            queryset=SuggestionStatusChange.objects.filter(to_status__is_public=True)
            .select_related("from_status", "to_status")
            .order_by("date", "created_at", "pk"),
            to_attr="public_changes",
        )
    )


def get_public_suggestion(pk):
    """The suggestion for its public page, or 404 when readers may not see it."""
    suggestion = (
        with_public_history(public_suggestions())
        .select_related("existing_service_page")
        .prefetch_related("related_pages__page")
        .filter(pk=pk)
        .first()
    )
    if suggestion is None:
        raise Http404
    return suggestion


def count_by(suggestions, field):
    """{value of ``field``: number of ``suggestions``}, in one query."""
    rows = suggestions.order_by().values(field).annotate(n=Count("pk"))
    return dict(rows.values_list(field, "n"))


def status_counts_for(suggestions, statuses):
    """[(status, count)] of ``suggestions`` for each of ``statuses``, in one query."""
    counts = count_by(suggestions, "status_id")
    return [(status, counts.get(status.pk, 0)) for status in statuses]


def forum_stats(forum, since=None, limit=STATS_CHANGES):
    """What became of a forum's suggestions: counts per status, and the latest ``limit``
    changes since ``since``."""
    statuses = list(SuggestionStatus.objects.filter(is_public=True))
    suggestions = public_suggestions().filter(forum=forum)
    changes = public_history_changes().filter(suggestion__forum=forum).order_by("-date", "-pk")
    if since:
        changes = changes.filter(date__gte=since)
    counts = status_counts_for(suggestions, statuses)
    return {
        "status_counts": counts,
        "total": sum(count for _status, count in counts),
        "changes": list(changes[:limit]),
    }
