"""The tracker's search: the reader's words, found the way German readers write them.

German readers type parts of compound words ("Festnetz" for "Festnetznummer"), umlauts as
"ae" and "ß" as "ss", and the names of topics and forums. A suggestion matches when every
word of the query is found somewhere in what the tracker shows of it: its title,
description, topic name or forum title. The public answer is not searched: the tracker's
list does not show it, so a hit there would look unexplained, and its stored HTML would
match words such as "Link".

The built-in search runs in the database, with ``LIKE`` over a few columns: no index to
keep in step, the same matches on SQLite and PostgreSQL, and no Python per row. Each word is
folded (lower case, "ä" -> "ae", "ß" -> "ss") and looked for in each of its spellings
("baeder", "bäder", "bÄder"): SQLite's ``lower()`` and ``LIKE`` fold ASCII letters only.
Only the reader's words reach the database, as values whose ``%`` and ``_`` Django escapes.
The best matches come first (see ``rank``); on PostgreSQL the rank adds its German full-text
rank and, where ``pg_trgm`` is installed, trigram similarity.

A site with Elasticsearch or OpenSearch names its Wagtail search backend in
``KUNDENFORUM_SEARCH_BACKEND`` (``index_search``).
"""

import functools
import logging
import operator
import re

from django.db import connection, transaction
from django.db.models import Case, F, FloatField, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, Lower, Replace

from ..conf import get_setting
from ..models import Suggestion

logger = logging.getLogger(__name__)

# A word, its hyphenated parts kept together ("E-Ladesäulen"); anything else is no word.
WORD = re.compile(r"\w+(?:-\w+)*")
# More words than this narrow nothing down that the first ones did not: the rest are
# ignored, so that a long query cannot build a huge statement.
MAX_WORDS = 8
# How German letters are written without them, and back (``spellings``).
FOLDS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"))
UMLAUTS = {"ae": ["ä", "Ä"], "oe": ["ö", "Ö"], "ue": ["ü", "Ü"], "ss": ["ß"]}
MAX_WRITTEN_OUT = 3
# What ends a word in a title besides a space, for telling a whole word from a part.
WORD_BOUNDARIES = ("-", ",", ".", ":")
# Inflection endings dropped from a word before it is looked for, longest first, so that
# "Ladesäulen" finds "Ladesäule" and "Bäder" "Bäderbetrieb"; at least STEM_LENGTH letters stay.
ENDINGS = ("en", "er", "es", "e", "n", "s")
STEM_LENGTH = 4
# A search with a search backend keeps at most this many best matches.
BACKEND_LIMIT = 1000
# Points of one word by where it is found; the rank adds the points of every word.
WHOLE_WORD_IN_TITLE = 8.0
WORD_START_IN_TITLE = 5.0
PART_OF_TITLE = 3.0
TOPIC_OR_FORUM = 2.0
DESCRIPTION = 1.0
# PostgreSQL's additions to the rank: its full-text rank (0 to about 1) and trigram
# similarity (0 to 1), enough to order the suggestions that the points above leave equal.
FULL_TEXT_CONFIG = "german"
FULL_TEXT_WEIGHT = 4.0
SIMILARITY_WEIGHT = 2.0


def fold(text):
    """``text`` as the search compares it: lower case, umlauts and "ß" written out."""
    text = text.lower()
    for letter, written in FOLDS:
        text = text.replace(letter, written)
    return text


def reader_words(text):
    """The distinct words of ``text``, folded, at most ``MAX_WORDS``; no operators, quotes or
    wildcards, which mean something to databases and search backends."""
    words = []
    for word in WORD.findall(fold(text)):
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def stem(word):
    """``word`` without its inflection ending, when enough of it stays to mean something."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= STEM_LENGTH:
            return word[: -len(ending)]
    return word


def matching(suggestions, text):
    """``suggestions`` that match every word of ``text``, annotated with ``search_rank``
    (higher is better). Text without a word finds nothing."""
    words = reader_words(text)
    if not words:
        return suggestions.none().annotate(search_rank=Value(0.0))
    typed = WORD.findall(text)[:MAX_WORDS]
    alias = get_setting("KUNDENFORUM_SEARCH_BACKEND")
    if alias:
        # As typed: a backend's own analyzer folds the text ("Bäder"), not our spelling.
        return index_search(suggestions, typed, alias)
    return database_search(suggestions, words, typed=typed)


# The built-in search, in the database.


def spellings(part):
    """The ways ``part`` (folded) may be written in the text: each "ae", "oe", "ue" also as
    "ä", "Ä" and so on, each "ss" also as "ß" (the first few of them: each doubles or
    triples the patterns). SQLite's ``LIKE`` ignores the case of ASCII letters only, so the
    capital umlauts are spellings of their own; PostgreSQL's ``ILIKE`` needs no more."""
    found = [""]
    pieces = re.split(r"(ae|oe|ue|ss)", part)
    written_out = 0
    for piece in pieces:
        options = [piece]
        if piece in UMLAUTS and written_out < MAX_WRITTEN_OUT:
            options += UMLAUTS[piece]
            written_out += 1
        found = [start + option for start in found for option in options]
    return found


def text_contains(field, parts):
    """Whether ``field`` contains any spelling of any of ``parts``, whatever the case."""
    spelled = [spelling for part in parts for spelling in spellings(part)]
    lookups = (Q(**{f"{field}__icontains": spelling}) for spelling in dict.fromkeys(spelled))
    return functools.reduce(operator.or_, lookups)


def database_search(suggestions, words, typed=()):
    """Every word, or its stem, as a part of the text; ranked (see ``rank``)."""
    # One text per suggestion, its fields apart by a character no word contains: a word
    # cannot run from one field into the next. No function per letter: with 10,000
    # suggestions a chain of replace() for each umlaut took ten times as long.
    text = Concat(
        "title",
        Value(" | "),
        "description",
        Value(" | "),
        Coalesce("topic__name", Value("")),
        Value(" | "),
        "forum__title",
        output_field=TextField(),
    )
    suggestions = suggestions.alias(kf_search_text=text)
    for word in words:
        suggestions = suggestions.filter(text_contains("kf_search_text", [stem(word)]))
    names = Concat(
        Coalesce("topic__name", Value("")), Value(" | "), "forum__title", output_field=TextField()
    )
    return suggestions.alias(kf_title=words_apart("title"), kf_names=names).annotate(
        search_rank=rank(words, typed)
    )


def words_apart(field):
    """The text of ``field`` with a space before and after each word (a few nested calls
    only: SQLite parses at most about 30)."""
    expression = F(field)
    for boundary in WORD_BOUNDARIES:
        expression = Replace(expression, Value(boundary), Value(" "), output_field=TextField())
    return Concat(Value(" "), expression, Value(" "), output_field=TextField())


def rank(words, typed=()):
    """How well a suggestion matches ``words``: each word counts by where it is found (see
    the points above); on PostgreSQL its German full-text rank and trigram similarity add
    to it."""
    points = [word_points(word) for word in words]
    if connection.vendor == "postgresql":
        points.append(postgres_rank(words, typed))
    return added(points)


def added(expressions):
    """The sum of ``expressions``, added in pairs: a chain of one "+" after another nests
    as deep as it is long, and SQLite's parser gives up at some depth."""
    while len(expressions) > 1:
        pairs = zip(expressions[::2], expressions[1::2], strict=False)
        rest = [expressions[-1]] if len(expressions) % 2 else []
        expressions = [left + right for left, right in pairs] + rest
    return expressions[0]


def word_points(word):
    """The points of one word (see the points above)."""
    part, apart = stem(word), word.replace("-", " ")
    return Case(
        When(text_contains("kf_title", [f" {apart} "]), then=Value(WHOLE_WORD_IN_TITLE)),
        When(text_contains("kf_title", [f" {stem(apart)}"]), then=Value(WORD_START_IN_TITLE)),
        When(text_contains("kf_title", [part]), then=Value(PART_OF_TITLE)),
        When(text_contains("kf_names", [part]), then=Value(TOPIC_OR_FORUM)),
        default=Value(DESCRIPTION),
        output_field=FloatField(),
    )


def postgres_rank(words, typed=()):
    """PostgreSQL's German full-text rank of the words (their stems: "Bäder" counts for
    "Bad"), title above description, and how similar the query is to a part of the title
    (where ``pg_trgm`` is installed, see migration 0012)."""
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVector,
        TrigramWordSimilarity,
    )

    vector = SearchVector("title", weight="A", config=FULL_TEXT_CONFIG) + SearchVector(
        "description", weight="B", config=FULL_TEXT_CONFIG
    )
    # Any word counts, as typed and folded (the German stemmer knows "Bäder", not "Baeder");
    # a plain search: the words, no operators.
    query = functools.reduce(
        operator.or_,
        (
            SearchQuery(word, config=FULL_TEXT_CONFIG, search_type="plain")
            for word in dict.fromkeys([*typed, *words])
        ),
    )
    total = SearchRank(vector, query) * Value(FULL_TEXT_WEIGHT)
    if has_trigrams():
        similarity = TrigramWordSimilarity(Value(" ".join(typed or words)), Lower("title"))
        total = total + similarity * Value(SIMILARITY_WEIGHT)
    return total


_TRIGRAMS = {}


def has_trigrams():
    """Whether ``pg_trgm`` is installed in this database; asked once per process (a site
    that installs it later restarts its processes, as after any migration)."""
    key = (connection.alias, connection.settings_dict["NAME"])
    if key not in _TRIGRAMS:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            _TRIGRAMS[key] = cursor.fetchone() is not None
    return _TRIGRAMS[key]


# A search backend of Wagtail's, e.g. Elasticsearch.


def index_search(suggestions, words, alias):
    """The matches of Wagtail's search backend ``alias``: whole words first (``search``),
    then word beginnings (``autocomplete``), each in the backend's order of relevance.

    Everything else (public, the filters) is the database's part, as with the built-in
    search. A backend that fails finds nothing rather than failing the page.
    """
    from wagtail.search.backends import get_search_backend

    # The backends parse their query: plain words only (hyphens split, quotes left out).
    phrase = " ".join(re.findall(r"\w+", " ".join(words)))
    live = Suggestion.objects.filter(live=True)
    try:
        backend = get_search_backend(alias)  # an unknown alias too: logged, not a 500
        with transaction.atomic():
            found = _pks(backend.search(phrase, live, operator="and"))
            found += _pks(backend.autocomplete(phrase, live, operator="and"))
    except Exception:  # Elasticsearch's errors are its own, not DatabaseError
        logger.exception("Searching suggestions for %r failed.", phrase)
        found = []
    ranked = list(dict.fromkeys(found))[:BACKEND_LIMIT]
    if not ranked:
        return suggestions.none().annotate(search_rank=Value(0.0))
    positions = [When(pk=pk, then=Value(float(-n))) for n, pk in enumerate(ranked)]
    return suggestions.filter(pk__in=ranked).annotate(
        search_rank=Case(*positions, output_field=FloatField())
    )


def _pks(results):
    return [suggestion.pk for suggestion in results[:BACKEND_LIMIT]]
