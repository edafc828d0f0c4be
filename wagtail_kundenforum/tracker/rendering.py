"""What the tracker and statistics blocks show, read through the tracker query.

The blocks call here when they render (``blocks.py`` sits below the models, which declare
their StreamFields with it). The tracker's results are its costly part: they are cached,
its filter form never is (see ``caching``).
"""

from dataclasses import dataclass

from django.http import QueryDict
from django.template.loader import render_to_string

from .. import caching
from ..blocks import CHANGES_SHOWN
from .excerpts import rest_of_changes
from .filters import Choices, Include, parse_query
from .query import build_tracker, forum_stats

# The block's options that change its results (the heading only changes the heading levels).
RESULT_OPTIONS = ("group_by", "items_per_group", "show_counts", "show_chart", "heading")
RESULTS_TEMPLATE = "wagtail_kundenforum/includes/tracker_results.html"


@dataclass
class TrackerResults:
    """The tracker's results as cached: their figures and their markup."""

    count: int
    notes: list
    html: str


def tracker_context(value, context):
    """What a ``SuggestionTrackerBlock`` adds to its template's ``context``: its anchor and
    heading level, the reader's query, the filter form's choices and the cached results."""
    request = context.get("request")
    include = Include(
        forums=_pks(value.get("forums")),
        statuses=_pks(value.get("statuses")),
        topics=_pks(value.get("topics")),
    )
    choices = Choices.cached(include)
    query = parse_query(request.GET if request else QueryDict(), choices)
    shown = {
        "anchor": f"kf-tracker-{context.get('id') or 'tracker'}",
        "level": "h3" if value.get("heading") else "h2",
    }
    context = {**context, **shown}
    shown["tracker"] = caching.cached(
        caching.TRACKER,
        lambda: render_results(value, query, choices, include, context),
        request=request,
        parts=results_parts(value, query, include, context),
        cacheable=query.is_cacheable,
        # A page past the last shows the first with a note: not worth a key of its own.
        store_if=lambda results: not results.notes,
    )
    shown["query"], shown["choices"] = query, choices
    shown["handout_params"] = handout_params(query, include, choices)
    return shown


def handout_params(query, include, choices):
    """The query string of the handout that prints what this tracker shows: the reader's
    filters, else the block's own restrictions as far as the filters can say them (all its
    statuses; its forum or topic when it shows just one)."""
    restricted = {}
    if include.statuses and not query.statuses:
        restricted["status"] = [status.slug for status in choices.statuses]
    if include.forums and not query.forum and len(choices.forums) == 1:
        restricted["forum"] = choices.forums[0].number
    if include.topics and not query.topic and len(choices.topics) == 1:
        restricted["topic"] = choices.topics[0].slug
    params = query.params(**restricted)
    return "" if params == "?" else params


def results_parts(value, query, include, context):
    """All that the results depend on besides the suggestions and the request (see
    ``caching.variant``)."""
    request = context.get("request")
    return {
        "results": include,
        "options": [value.get(name) for name in RESULT_OPTIONS],
        **query.cache_parts(),
        "anchor": context["anchor"],
        "path": request.path if request else "",
    }


def render_results(value, query, choices, include, context):
    """The counts, chart and groups: the costly part of the tracker, without its form."""
    tracker = build_tracker(
        query,
        choices,
        group_by=value.get("group_by") or "status",
        per_group=value.get("items_per_group") or 5,
        include=include,
    )
    html = render_to_string(RESULTS_TEMPLATE, {**context, "tracker": tracker})
    return TrackerResults(count=tracker.count, notes=tracker.notes, html=html)


def stats_context(value, request=None):
    """What a ``SuggestionStatsBlock`` adds to its template's context: its forum's counts,
    its latest changes and, when it leaves some out, where readers find them."""
    forum = value.get("forum")
    if not forum:
        return {"stats": None}
    shown = value.get("changes_shown") or CHANGES_SHOWN
    # One change more than shown tells whether there is a rest to link to.
    stats = forum_stats(forum, value.get("since"), limit=shown + 1)
    more = len(stats["changes"]) > shown
    stats["changes"] = stats["changes"][:shown]
    return {"stats": stats, "more_changes": rest_of_changes(forum, request) if more else None}


def _pks(values):
    return tuple(int(value) for value in values or () if str(value).isdigit())
