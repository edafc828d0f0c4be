"""The tracker's search understands how German readers write: parts of compound words,
umlauts written out, any case, topic and forum names, several words; best matches first.

The same module runs on SQLite and on PostgreSQL (DATABASE_URL): the table's hits are the
same on both. Tests marked ``postgres`` check what PostgreSQL adds to the ranking.
"""

import importlib
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.apps import apps

from tests.support.helpers import make_forum, make_topic, make_tracker_page, status, tracker_block
from wagtail_kundenforum.models import Suggestion
from wagtail_kundenforum.tracker import search

pytestmark = pytest.mark.django_db

API = "/kundenforum/api/suggestions/"

HOTLINE = "Hotline wieder mit Festnetznummer"
HALLENBAD = "Längere Öffnungszeiten im Hallenbad"
SCHWIMMBAD = "Schwimmbad-Tarif für Familien"
LICHT = "Straßenbeleuchtung nachts nicht abschalten"
FERNWAERME = "Fernwärme für Neubaugebiete"
LADEN = "Mehr E-Ladesäulen in der Innenstadt"
ABSCHLAG = "Abschlagszahlung online ändern"
ZAEHLER = "Zählerstand per App melden"
RECHNUNG = "Rechnung verständlicher gestalten"
BERATUNG = "Telefonische Beratung zu Ökostrom"

# (title, description, topic slug, forum number)
SUGGESTIONS = [
    (
        HOTLINE,
        "Die Service-Hotline soll wieder unter einer Festnetznummer erreichbar sein, "
        "nicht nur über eine teure 0180-Nummer.",
        "service",
        1,
    ),
    (HALLENBAD, "Im Winter bis 22 Uhr schwimmen.", "baeder", 1),
    (SCHWIMMBAD, "Ein günstiger Familientarif für das Freibad.", "baeder", 2),
    (LICHT, "In der Goethestraße ist es nachts zu dunkel.", None, 2),
    (FERNWAERME, "Neue Wohngebiete ans Fernwärmenetz anschließen.", "waerme", 1),
    (LADEN, "Öffentliche Ladesäulen an Parkplätzen, auch mit Ökostrom.", "emobil", 2),
    (
        ABSCHLAG,
        "Die Höhe der monatlichen Abschläge im Kundenportal selbst anpassen.",
        "rechnung",
        2,
    ),
    (ZAEHLER, "Eine Möglichkeit, den Zählerstand mit dem Smartphone zu übermitteln.", "service", 1),
    (RECHNUNG, "Weniger Fachbegriffe auf der Jahresabrechnung.", "rechnung", 1),
    (BERATUNG, "Eine kostenlose Festnetz-Hotline für Fragen zum Tarifwechsel.", "strom", 2),
]
TOPIC_NAMES = {
    "service": "Kundenservice",
    "baeder": "Bäder",
    "waerme": "Wärme",
    "emobil": "Elektromobilität",
    "rechnung": "Rechnung und Abschlag",
    "strom": "Strom",
}
FORUM_TITLES = {1: "Erstes Kundenforum", 2: "Zweites Kundenforum"}

# (what the reader types, the titles it finds)
GERMAN_QUERIES = [
    ("Festnetz", {HOTLINE, BERATUNG}),  # the first part of a compound
    ("Festnetznummer", {HOTLINE}),
    ("nummer", {HOTLINE}),  # the last part of a compound
    ("Hotline Festnetz", {HOTLINE, BERATUNG}),  # every word, in any field
    ("Festnetz -Hotline", {HOTLINE, BERATUNG}),  # a minus is no operator
    ("Bäder", {HALLENBAD, SCHWIMMBAD}),  # a topic's name
    ("Baeder", {HALLENBAD, SCHWIMMBAD}),
    ("BÄDER", {HALLENBAD, SCHWIMMBAD}),  # a capital umlaut, which SQLite does not fold
    ("Schwimmbad", {SCHWIMMBAD}),
    ("Bäder Familien", {SCHWIMMBAD}),
    ("Hallenbad Winter", {HALLENBAD}),
    ("Straße", {LICHT}),
    ("Strasse", {LICHT}),
    ("STRASSENBELEUCHTUNG", {LICHT}),
    ("beleuchtung", {LICHT}),
    ("Fernwärme", {FERNWAERME}),
    ("fernwaerme", {FERNWAERME}),
    ("Wärme", {FERNWAERME}),
    ("E-Ladesäulen", {LADEN}),
    ("Ladesäule", {LADEN}),  # the singular finds the plural
    ("Ladesaeulen", {LADEN}),
    ("Abschlag", {ABSCHLAG, RECHNUNG}),  # RECHNUNG's topic is "Rechnung und Abschlag"
    ("Abschlagszahlung", {ABSCHLAG}),
    ("zahlung", {ABSCHLAG}),
    ("Kundenportal Abschläge", {ABSCHLAG}),
    ("Möglichkeit", {ZAEHLER}),
    ("Moeglichkeit", {ZAEHLER}),
    ("Zaehlerstand", {ZAEHLER}),
    ("Ökostrom", {LADEN, BERATUNG}),
    ("Oekostrom", {LADEN, BERATUNG}),
    ("zweites kundenforum", {SCHWIMMBAD, LICHT, LADEN, ABSCHLAG, BERATUNG}),  # forum titles
    ("Kundenservice App", {ZAEHLER}),
    ("Rechnungen", {ABSCHLAG, RECHNUNG}),
    # Wildcards and operators are the reader's characters, not the database's.
    ("Festnetz_Hotline", set()),  # "_" would match the "-" of "Festnetz-Hotline"
    ("100%", set()),
    ("%", set()),
    ('"Festnetz" OR Wasser', set()),  # "OR" is a word, and "Wasser" matches nothing
    ("Hotline Wasser", set()),
]


def add_german_suggestions():
    forums = {number: make_forum(number, title=title) for number, title in FORUM_TITLES.items()}
    topics = {slug: make_topic(slug, name=name) for slug, name in TOPIC_NAMES.items()}
    for title, description, topic, forum in SUGGESTIONS:
        Suggestion.objects.create(
            title=title,
            description=description,
            topic=topics.get(topic),
            forum=forums[forum],
            status=status("in-pruefung"),
            live=True,
        )
    # Matching, but not for readers: a draft and a suggestion with a private status.
    hidden = {"description": "Festnetz Bäder Straße", "forum": forums[1]}
    Suggestion.objects.create(title="Entwurf", status=status("umgesetzt"), live=False, **hidden)
    private = status("in-pruefung")
    private.pk, private.slug, private.is_public = None, "intern", False
    private.save()
    Suggestion.objects.create(title="Intern", status=private, live=True, **hidden)


@pytest.fixture
def german():
    add_german_suggestions()


def api_titles(client, text):
    response = client.get(f"{API}?{urlencode({'q': text})}")
    assert response.status_code == 200, response.content
    return [result["title"] for result in response.json()["results"]]


def tracker_titles(client, url, text):
    response = client.get(f"{url}?{urlencode({'q': text})}")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [li.a.get_text(strip=True) for li in soup.select(".kf-suggestion")]


@pytest.mark.parametrize(("text", "expected"), GERMAN_QUERIES)
def test_german_queries_find_what_readers_mean(client, german, text, expected):
    assert set(api_titles(client, text)) == expected


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("Hotline Festnetz", HOTLINE),  # both words in the title, over a description's
        ("Rechnung", RECHNUNG),  # a whole word in the title, over a topic's name
        ("Ökostrom", BERATUNG),  # the title, over a description
        ("Bad", HALLENBAD),  # both titles hold a part: forum 1 first
    ],
)
def test_the_best_match_comes_first(client, german, text, best):
    assert api_titles(client, text)[0] == best


def test_a_whole_word_ranks_above_a_part_and_the_title_above_the_topic(client, german):
    make_topic("bus", name="Festnetz und Bus")
    forum = make_forum(3, title="Drittes Kundenforum")
    for title in ("Festnetzanschluss kündigen", "Mit Festnetz telefonieren", "Buslinie 7"):
        Suggestion.objects.create(
            title=title,
            topic=make_topic("bus"),
            forum=forum,
            status=status("in-pruefung"),
            live=True,
        )
    found = api_titles(client, "Festnetz")
    # Whole word, then the start of a word (forum 1 before 3), a topic, a description.
    assert found == [
        "Mit Festnetz telefonieren",
        HOTLINE,
        "Festnetzanschluss kündigen",
        "Buslinie 7",
        BERATUNG,
    ]


def test_the_tracker_page_and_the_api_find_compound_parts_topics_and_several_words(client, german):
    page = make_tracker_page()
    for text, expected in [
        ("Festnetz", {HOTLINE, BERATUNG}),
        ("Bäder", {HALLENBAD, SCHWIMMBAD}),
        ("Hotline Festnetz", {HOTLINE, BERATUNG}),
    ]:
        assert set(tracker_titles(client, page.url, text)) == expected, text
        assert set(api_titles(client, text)) == expected, text


def test_a_list_of_one_group_and_the_api_show_the_best_match_first(client, german):
    # Both open, BERATUNG from forum 2: the forum order would put HOTLINE first.
    Suggestion.objects.filter(title=BERATUNG).update(title="Festnetz-Hotline zum Ökostrom")
    page = make_tracker_page()
    expected = ["Festnetz-Hotline zum Ökostrom", HOTLINE]  # two whole words over one
    assert tracker_titles(client, page.url, "Festnetz Hotline") == expected
    assert api_titles(client, "Festnetz Hotline") == expected


def test_each_group_shows_its_best_matches_first(client, german):
    forum = make_forum(3, title="Drittes Kundenforum")
    titles = ["Mit Festnetz telefonieren", *(f"Vorschlag {n}" for n in range(8))]
    Suggestion.objects.bulk_create(
        Suggestion(
            title=title,
            description="Auch per Festnetz erreichbar.",
            forum=forum,
            status=status("in-pruefung"),
            live=True,
        )
        for title in reversed(titles)  # the best match stored last
    )
    Suggestion.objects.filter(title=HOTLINE).update(status=status("umgesetzt"))
    page = make_tracker_page(tracker_block(items_per_group=2))
    found = tracker_titles(client, page.url, "Festnetz")
    # "umgesetzt" comes first with HOTLINE alone; the open group shows two of ten: the
    # title's whole word first, though its forum and its row come last.
    assert found == [HOTLINE, "Mit Festnetz telefonieren", BERATUNG]


@pytest.mark.parametrize("text", ["%", "_", "%%%", "'\"", "*", "Festnetz\\", "a" * 200])
def test_any_text_answers_without_error(client, german, text):
    response = client.get(f"{API}?{urlencode({'q': text})}")
    assert response.status_code == 200
    page = make_tracker_page()
    assert client.get(f"{page.url}?{urlencode({'q': text})}").status_code == 200


def test_eight_words_of_a_grouped_tracker_answer(client, german):
    # Two groups, so that each group's first items are numbered by the rank of many words.
    Suggestion.objects.filter(title=HOTLINE).update(status=status("umgesetzt"))
    page = make_tracker_page()
    found = tracker_titles(client, page.url, "Festnetz Hotline Kundenforum eine te net tz st")
    assert found == [HOTLINE, BERATUNG]


# What PostgreSQL adds: German full-text rank and trigram similarity.


@pytest.mark.postgres
def test_postgres_ranks_a_word_found_again_in_the_description_higher(client, german):
    forum = make_forum(3, title="Drittes Kundenforum")
    for title, description in [
        ("Fernwärme im Altbau", "Anschlüsse prüfen."),
        ("Fernwärme billiger", "Die Fernwärme soll günstiger werden."),
    ]:
        Suggestion.objects.create(
            title=title,
            description=description,
            forum=forum,
            status=status("in-pruefung"),
            live=True,
        )
    # Equal points (a whole word in each of three titles): by the forums' order, the third
    # forum's two would come last; the full-text rank puts the one that repeats it first.
    assert api_titles(client, "Fernwärme")[0] == "Fernwärme billiger"


@pytest.mark.postgres
def test_postgres_adds_trigram_similarity_to_the_rank(german, monkeypatch):
    assert search.has_trigrams()  # migration 0012 installed pg_trgm in the test database

    def rank_of(title):
        found = search.matching(Suggestion.objects.filter(title=title), "Festnetznummer")
        return found.get().search_rank

    with_similarity = rank_of(HOTLINE)
    monkeypatch.setattr(search, "has_trigrams", lambda: False)
    # HOTLINE's title holds "festnetznummer" whole: similarity 1, weighted.
    assert with_similarity - rank_of(HOTLINE) == pytest.approx(search.SIMILARITY_WEIGHT)


def refuse_create_on_the_database(cursor):
    """Takes the right to create extensions from this connection, inside the test's
    transaction: a superuser acts as a new role without it; any other role (CI's) gives up
    its own CREATE on the test database, which it owns."""
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cursor.fetchone()[0]:
        cursor.execute("CREATE ROLE kf_search_without_create NOLOGIN")
        cursor.execute("SET ROLE kf_search_without_create")
    else:
        cursor.execute("SELECT current_database()")
        database = cursor.fetchone()[0].replace('"', '""')
        cursor.execute(f'REVOKE CREATE ON DATABASE "{database}" FROM CURRENT_USER')


@pytest.mark.postgres
def test_without_the_right_to_create_pg_trgm_the_migration_applies_and_search_works(
    client, german, monkeypatch
):
    from django.db import connection

    migration = importlib.import_module("wagtail_kundenforum.migrations.0012_search")
    monkeypatch.setattr(search, "_TRIGRAMS", {})
    with connection.cursor() as cursor:
        # All inside the test's transaction, which is rolled back at its end.
        cursor.execute("DROP EXTENSION IF EXISTS pg_trgm")
        refuse_create_on_the_database(cursor)
        with connection.schema_editor(atomic=False) as editor:
            migration.create_trigram_extension(apps, editor)
        cursor.execute("RESET ROLE")
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() is None

    assert not search.has_trigrams()
    assert set(api_titles(client, "Hotline Festnetz")) == {HOTLINE, BERATUNG}
    assert api_titles(client, "Hotline Festnetz")[0] == HOTLINE
