"""The reader's filters of the tracker: what an embedding restricts it to, the choices a
reader may filter by, and the query string read into a checked ``TrackerQuery``.

``FILTERS`` declares every filter once; the query string and the cache key are both written
from it. ``query`` runs the query these filters describe.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .. import caching
from ..models import Forum, SuggestionStatus, SuggestionTopic
from ..pagination import canonical_page_number
from ..text import DIRECTION_CONTROLS

MAX_QUERY_LENGTH = 200
# What a reader's value may not hold: controls (NUL …), surrogates, non-characters and
# unassigned code points, and the marks that turn the writing direction. A note never quotes
# such a value: it could garble the note, the page or a log.
NOT_ALLOWED_CATEGORIES = frozenset({"Cc", "Cs", "Cn"})


@dataclass
class Include:
    """What an embedding restricts the tracker to (the block's options); empty means all."""

    forums: tuple = ()
    statuses: tuple = ()
    topics: tuple = ()

    def lookups(self):
        """The restrictions as lookups on suggestions; none for what is not restricted."""
        restricted = {"forum": self.forums, "status": self.statuses, "topic": self.topics}
        return {f"{name}__in": pks for name, pks in restricted.items() if pks}


def _cut_to(objects, pks):
    """``objects`` cut to ``pks``, when an embedding names any."""
    return objects.filter(pk__in=pks) if pks else objects


@dataclass
class Choices:
    """The statuses, forums and topics a reader may filter by, each loaded once."""

    statuses: list
    forums: list
    topics: list

    @classmethod
    def load(cls, include=None):
        include = include or Include()
        statuses = _cut_to(SuggestionStatus.objects.filter(is_public=True), include.statuses)
        forums = _cut_to(Forum.objects.order_by("number"), include.forums)
        topics = _cut_to(SuggestionTopic.objects.all(), include.topics)
        return cls(list(statuses), list(forums), list(topics))

    @classmethod
    def cached(cls, include=None):
        """The choices, from the cache while no suggestion, status, topic or forum changed."""
        include = include or Include()
        return caching.cached(
            caching.TRACKER, lambda: cls.load(include), parts={"choices": include}
        )


@dataclass(frozen=True)
class Filter:
    """One of the tracker's filters: its GET parameter, the field of ``TrackerQuery`` that
    holds its value, and how that value is written in a query string (a list of values)."""

    param: str
    field: str
    written: Callable


# Every filter, in the order of the query string. The query string and the cache key are both
# written from this list, so a filter cannot be in one and missing from the other.
FILTERS = (
    Filter("status", "statuses", lambda statuses: [status.slug for status in statuses]),
    Filter("forum", "forum", lambda forum: [forum.number] if forum else []),
    Filter("topic", "topic", lambda topic: [topic.slug] if topic else []),
    Filter("q", "q", lambda q: [q] if q else []),
)
# The fields of TrackerQuery that are not filters: the cache key adds the page itself.
NOT_FILTERS = ("page", "invalid")


@dataclass
class TrackerQuery:
    """The reader's filters, checked against the choices; ``invalid`` names what was not."""

    statuses: list = field(default_factory=list)
    forum: Forum | None = None
    topic: SuggestionTopic | None = None
    q: str = ""
    page: str | None = None
    invalid: dict = field(default_factory=dict)  # {parameter: Problem}

    @property
    def notes(self):
        """What a page says about the values it ignored."""
        return [problem.ignored for problem in self.invalid.values()]

    @property
    def refusals(self):
        """{parameter: why the API refused its value}."""
        return {param: problem.refused for param, problem in self.invalid.items()}

    @property
    def is_cacheable(self):
        """Whether the answer to this query may be cached: not for a free-text search, whose
        values are without bound, nor for a page number written otherwise than our links."""
        return not self.q and canonical_page_number(self.page) is not None

    def cache_parts(self):
        """What of this query a cached answer depends on: the valid filters and the page."""
        statuses = sorted(status.slug for status in self.statuses)  # one key for any order
        return {"filters": self.params(status=statuses), "page": canonical_page_number(self.page)}

    @property
    def is_filtered(self):
        return any(getattr(self, each.field) for each in FILTERS)

    def params(self, **overrides):
        """The query string of these filters (``page`` left out), with ``overrides`` (a value
        or a list of values, by GET parameter)."""
        pairs = []
        for each in FILTERS:
            value = overrides.get(each.param, each.written(getattr(self, each.field)))
            for item in value if isinstance(value, list) else [value]:
                if item not in (None, ""):
                    pairs.append((each.param, item))
        return "?" + urlencode(pairs)


@dataclass(frozen=True)
class Problem:
    """Why a reader's value was not used, in the two ways it is told: a page ``ignored`` it
    and shows what it would show without it, the API ``refused`` the request (400)."""

    ignored: str
    refused: str


# (filter, reason) -> what a page says, what the API says. "value" is the value as quoted
# (see ``_shown``); values with characters that are not allowed are never quoted.
MESSAGES = {
    ("status", "unknown"): (
        _("Unknown status “%(value)s” ignored."),
        _("Unknown status “%(value)s” refused."),
    ),
    ("status", "characters"): (
        _("The status contains characters that are not allowed and was ignored."),
        _("The status contains characters that are not allowed and was refused."),
    ),
    ("forum", "unknown"): (
        _("Unknown forum “%(value)s” ignored."),
        _("Unknown forum “%(value)s” refused."),
    ),
    ("forum", "characters"): (
        _("The forum contains characters that are not allowed and was ignored."),
        _("The forum contains characters that are not allowed and was refused."),
    ),
    ("forum", "several"): (
        _("Only one forum can be chosen at a time; the forum filter was ignored."),
        _("Only one forum can be chosen at a time; the values were refused."),
    ),
    ("topic", "unknown"): (
        _("Unknown topic “%(value)s” ignored."),
        _("Unknown topic “%(value)s” refused."),
    ),
    ("topic", "characters"): (
        _("The topic contains characters that are not allowed and was ignored."),
        _("The topic contains characters that are not allowed and was refused."),
    ),
    ("topic", "several"): (
        _("Only one topic can be chosen at a time; the topic filter was ignored."),
        _("Only one topic can be chosen at a time; the values were refused."),
    ),
    ("q", "characters"): (
        _("The search text contains characters that are not allowed and was ignored."),
        _("The search text contains characters that are not allowed and was refused."),
    ),
    ("q", "too_long"): (
        _("The search text was too long and was ignored."),
        _("The search text is longer than %(limit)s characters and was refused."),
    ),
}


def problem(param, reason, value=""):
    """The ``Problem`` of ``value`` of the filter ``param``, in the current language."""
    ignored, refused = MESSAGES[param, reason]
    values = {"value": _shown(value), "limit": MAX_QUERY_LENGTH}
    return Problem(str(ignored) % values, str(refused) % values)


def parse_query(params, choices):
    """Read ``status``, ``forum``, ``topic``, ``q`` and ``page`` from a QueryDict."""
    query = TrackerQuery()
    by_slug = {status.slug: status for status in choices.statuses}
    for slug in params.getlist("status"):
        if slug in by_slug:
            if by_slug[slug] not in query.statuses:
                query.statuses.append(by_slug[slug])
        elif slug:
            query.invalid["status"] = _unknown("status", slug)
    by_number = {str(forum.number): forum for forum in choices.forums}
    query.forum = _single(query, params, "forum", by_number, str.strip)
    by_topic_slug = {topic.slug: topic for topic in choices.topics}
    query.topic = _single(query, params, "topic", by_topic_slug)
    q = " ".join(params.get("q", "").split())
    if not_allowed(q):
        query.invalid["q"] = problem("q", "characters")
    elif len(q) > MAX_QUERY_LENGTH:
        query.invalid["q"] = problem("q", "too_long")
    else:
        query.q = q
    query.page = params.get("page")
    return query


def _single(query, params, param, choices, normal=str):
    """The choice that the filter ``param`` names, or None; several different values are
    not guessed between (the reader would not know which one counts)."""
    values = list(dict.fromkeys(normal(value) for value in params.getlist(param)))
    values = [value for value in values if value]
    if len(values) > 1:
        query.invalid[param] = problem(param, "several")
    elif values and values[0] not in choices:
        query.invalid[param] = _unknown(param, values[0])
    return choices.get(values[0]) if len(values) == 1 else None


def _unknown(param, value):
    return problem(param, "characters" if not_allowed(value) else "unknown", value)


def not_allowed(value):
    """True when ``value`` holds a character that no filter value may hold."""
    return bool(DIRECTION_CONTROLS.search(value)) or any(
        unicodedata.category(char) in NOT_ALLOWED_CATEGORIES for char in value
    )


def _shown(value):
    """A reader's value as a note quotes it: short, whatever was sent."""
    return Truncator(value).chars(40)
