"""Public views of the suggestion tracker: each suggestion's page, the printable handout and
the JSON API.

All read through ``query``, so that they show exactly the suggestions and counts that
the tracker block shows.
"""

import functools
import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from .. import caching
from ..models import KundenforumSettings
from ..templating import get_base_template
from . import query as tracker
from .answers import answers_html
from .filters import Choices, parse_query
from .handout import handout_context

SUGGESTION_TEMPLATE = "wagtail_kundenforum/pages/suggestion_page.html"
HANDOUT_TEMPLATE = "wagtail_kundenforum/pages/suggestion_handout.html"
_PAGE_NUMBER = re.compile(r"[0-9]{1,9}")
# Search engines show about this many characters of a page's description.
META_DESCRIPTION_LENGTH = 160
SAFE_METHODS = ("GET", "HEAD")


# The public page of one suggestion.


@require_safe
def suggestion_page(request, pk):
    """A published suggestion with a public status: its answer, history and related pages."""
    suggestion = tracker.get_public_suggestion(pk)
    context = suggestion.public_page_context(suggestion.public_changes)
    context["meta_description"] = meta_description(suggestion.description)
    context["tracker_page"] = tracker_page(request)
    return render(request, SUGGESTION_TEMPLATE, context)


def meta_description(text):
    """Plain text for ``<meta name="description">``: one line, at most 160 characters."""
    return Truncator(" ".join(text.split())).chars(META_DESCRIPTION_LENGTH)


def tracker_page(request):
    """The site's tracker page (``KundenforumSettings.tracker_page``) when readers may open
    it, else None."""
    page = KundenforumSettings.for_request(request).tracker_page
    if page is None or not page.live or page.get_view_restrictions().exists():
        return None
    return page


# The handout: every suggestion the filters select, with its answer, for paper.


@require_safe
def suggestion_handout(request):
    """All public suggestions of the tracker's filters (usually one forum), grouped by status,
    each with its answer: what the tracker shows in full, to print."""
    choices = Choices.cached()
    query = parse_query(request.GET, choices)
    context = {
        "kf_base_template": get_base_template(),
        "tracker_page": tracker_page(request),
        **handout_context(request, query, choices),
    }
    return render(request, HANDOUT_TEMPLATE, context)


# The JSON API.


def json_safe_methods(view):
    """Answer methods other than GET and HEAD with a JSON 405 and ``Allow``, before the
    CSRF check: a read-only API has nothing to protect, and a client wants JSON, not
    Django's HTML page about a missing CSRF cookie."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            message = _("This address only answers GET and HEAD; %(method)s was refused.")
            data = {"error": message % {"method": _shown_method(request.method)}}
            response = _json(data, status=405)
            response["Allow"] = ", ".join(SAFE_METHODS)
            return response
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapper)


def _shown_method(method):
    # An HTTP method is a token: anything else was not sent by a client worth quoting.
    return method if re.fullmatch(r"[A-Za-z]{1,20}", method) else "?"


@json_safe_methods
def suggestion_api(request):
    """The tracker's suggestions as JSON, with the tracker's filters; 400 for bad values.

    A valid query's answer is cached until a suggestion changes (see ``caching``)."""
    query = parse_query(request.GET, Choices.cached())
    status, data = caching.cached(
        caching.TRACKER,
        lambda: _api_answer(request, query),
        request=request,
        parts={"api": request.path, **query.cache_parts()},
        # Not cached: the messages of invalid values quote what the reader sent.
        cacheable=query.is_cacheable and not query.invalid,
        store_if=lambda answer: answer[0] == 200,
    )
    return _json(data, status)


def _api_answer(request, query):
    """(status, data) of the API: the page of suggestions, or 400 naming what was invalid."""
    suggestions = tracker.with_public_history(tracker.filtered_suggestions(query))
    paginator = Paginator(suggestions, tracker.PAGE_SIZE)
    number = _page_number(query.page, paginator)
    invalid = query.refusals
    if number is None:
        invalid["page"] = _("The page must be a whole number from 1 to %(last)s.") % {
            "last": paginator.num_pages
        }
    if invalid:
        return 400, _bad_request_data(invalid)
    page = paginator.page(number)
    return 200, {
        "count": paginator.count,
        **_page_links(request, query, page),
        "results": _serialize_suggestions(request, list(page.object_list)),
    }


def _json(data, status=200):
    # UTF-8 as it is (JSON's own encoding): umlauts stay readable.
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _page_number(raw, paginator):
    """The page asked for (1 when none), or None when it is not a page of the list."""
    if raw in (None, ""):
        return 1
    if not _PAGE_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= paginator.num_pages:
        return None
    return int(raw)


def _bad_request_data(invalid):
    """The 400 answer: each parameter that was not understood and why."""
    return {
        "error": _("The request was refused: some query parameters are invalid."),
        "invalid": {name: str(message) for name, message in sorted(invalid.items())},
    }


def _page_links(request, query, page):
    return {
        "next": _page_url(request, query, page.next_page_number()) if page.has_next() else None,
        "previous": (
            _page_url(request, query, page.previous_page_number()) if page.has_previous() else None
        ),
    }


def _page_url(request, query, number):
    """The absolute address of page ``number`` with the same filters."""
    pairs = query.params().lstrip("?")
    page = urlencode({"page": number}) if number > 1 else ""
    query_string = "&".join(part for part in (pairs, page) if part)
    return request.build_absolute_uri(request.path + (f"?{query_string}" if query_string else ""))


def _serialize_suggestions(request, suggestions):
    answers = answers_html([suggestion.answer for suggestion in suggestions])
    return [
        _serialize_suggestion(request, suggestion, answer)
        for suggestion, answer in zip(suggestions, answers, strict=True)
    ]


def _serialize_suggestion(request, suggestion, answer):
    """One suggestion in the shape of the public contract; nothing private."""
    forum, topic, status = suggestion.forum, suggestion.topic, suggestion.status
    return {
        "id": suggestion.pk,
        "url": request.build_absolute_uri(suggestion.get_url()),
        "title": suggestion.title,
        "description": suggestion.description,
        "forum": {"number": forum.number, "title": forum.title, "date": forum.date.isoformat()},
        "topic": {"slug": topic.slug, "name": topic.name} if topic else None,
        "status": {"slug": status.slug, "label": status.label, "kind": status.kind},
        "answer_html": str(answer),
        "created": _iso(suggestion.created_at),
        "updated": _iso(suggestion.updated_at),
        "history": [_serialize_change(change) for change in suggestion.public_changes],
    }


def _serialize_change(change):
    source = change.public_from_status
    return {
        "date": change.date.isoformat(),
        "from": source.slug if source else None,
        "to": change.to_status.slug,
        "note": change.note,
    }


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None
