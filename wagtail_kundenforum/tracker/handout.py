"""The handout: every suggestion that the tracker's filters select, grouped by status, each
with its answer, to print (the tracker shows each group's first few only).

The list is read in one query and its answers in one more, however many suggestions there
are; the rendered list is cached like the tracker's results (see ``caching``).
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from .. import caching
from .answers import answers_html
from .query import filtered_suggestions

LIST_TEMPLATE = "wagtail_kundenforum/includes/handout_list.html"


@dataclass
class HandoutGroup:
    """The suggestions of one status, each as (suggestion, its answer as HTML)."""

    status: object
    entries: list = field(default_factory=list)


@dataclass
class HandoutList:
    """The handout's list as cached: its number of suggestions and its markup."""

    count: int
    html: str


def handout_context(request, query, choices):
    """What the handout page shows for the reader's ``query``: the query (for its notes and
    filters) and the rendered list."""
    listing = caching.cached(
        caching.TRACKER,
        lambda: render_list(request, query, choices),
        request=request,
        parts={"handout": request.path, **query.cache_parts()},
        cacheable=query.is_cacheable,
    )
    return {"query": query, "handout": listing}


def render_list(request, query, choices):
    groups = handout_groups(query, choices)
    html = render_to_string(LIST_TEMPLATE, {"query": query, "groups": groups}, request=request)
    return HandoutList(count=sum(len(group.entries) for group in groups), html=html)


def handout_groups(query, choices):
    """The statuses that have suggestions, in the statuses' order, with their suggestions."""
    suggestions = list(filtered_suggestions(query))
    answers = answers_html([suggestion.answer for suggestion in suggestions])
    groups = {status.pk: HandoutGroup(status) for status in choices.statuses}
    for suggestion, answer in zip(suggestions, answers, strict=True):
        # A status made public a moment ago may be missing from cached choices: still shown.
        group = groups.setdefault(suggestion.status_id, HandoutGroup(suggestion.status))
        group.entries.append((suggestion, answer))
    return [group for group in groups.values() if group.entries]
