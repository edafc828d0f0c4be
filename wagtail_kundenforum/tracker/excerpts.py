"""The tracker inside an article, beyond the tracker block: one featured suggestion, and
where readers of the statistics block find the changes it leaves out.

Both read through ``query``: a suggestion an editor features appears only while readers may
see it anywhere else.
"""

from django.urls import NoReverseMatch, reverse

from . import query
from .views import tracker_page

# A featured suggestion shows its latest steps; its own page has the whole history.
STEPS_SHOWN = 3


def featured_context(value):
    """What a ``FeaturedSuggestionBlock`` adds to its template's context: the suggestion, or
    None when readers may not see it (a draft, unpublished, a status that is not public),
    and its latest public steps. Two queries."""
    chosen = value.get("suggestion")
    suggestion = public_suggestion(chosen.pk) if chosen is not None else None
    if suggestion is None:
        return {"suggestion": None}
    steps = suggestion.public_changes
    return {
        "suggestion": suggestion,
        "steps": steps[-STEPS_SHOWN:],
        "from_the_start": len(steps) <= STEPS_SHOWN,
    }


def public_suggestion(pk):
    """The suggestion with its public history, or None when readers may not see it."""
    return query.with_public_history(query.public_suggestions()).filter(pk=pk).first()


def rest_of_changes(forum, request):
    """Where the changes beyond those a statistics block lists are: the site's tracker page
    filtered to ``forum`` (when the site names one that readers may open), and the feed of
    every status change (when the site mounts the app's URLs); None when there is neither."""
    page = tracker_page(request) if request is not None else None
    tracker_url = page.get_url(request) if page is not None else None
    links = {
        "tracker_url": f"{tracker_url}?forum={forum.number}" if tracker_url else "",
        "feed_url": _feed_url(),
    }
    return links if any(links.values()) else None


def _feed_url():
    try:
        return reverse("wagtail_kundenforum:status_change_feed")
    except NoReverseMatch:
        return ""
