"""The German text of the demo site, written for this project."""

import datetime
import json


def stream(*blocks):
    """A StreamField's raw JSON from (type, value) pairs."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def text(*paragraphs):
    return ("paragraph", "".join(f"<p>{p}</p>" for p in paragraphs))


def heading(words, level="h2"):
    return ("heading", {"text": words, "level": level})


def quote(words, who, role):
    return ("quote", {"text": words, "attribution": who, "role": role})


HOME_PAGE = {
    "title": "Stadtwerke Musterstadt",
    "slug": "start",
    "intro": (
        "Strom, Gas, Wasser und Bus aus einer Hand. Im Kundenforum reden wir mit Ihnen "
        "darüber, was wir besser machen können."
    ),
}

NEWS_INDEX = {
    "title": "Aktuelles",
    "slug": "aktuelles",
    "show_in_menus": True,
    "intro": "Berichte aus unseren Kundenforen und Neuigkeiten der Stadtwerke.",
}

ABOUT_PAGE = {
    "title": "Das Kundenforum",
    "slug": "kundenforum",
    "show_in_menus": True,
    "body": stream(
        text(
            "Zweimal im Jahr laden wir Kundinnen und Kunden zu einem Abend mit der "
            "Geschäftsführung ein. Jede Anregung wird notiert, geprüft und beantwortet.",
            "Was aus den Vorschlägen geworden ist, zeigen wir hier öffentlich.",
        ),
    ),
}

PRIVACY_PAGE = {
    "title": "Datenschutz",
    "slug": "datenschutz",
    "body": stream(
        text(
            "Wenn Sie einen Kommentar schreiben, speichern wir Ihren Namen, Ihre E-Mail-Adresse "
            "und Ihren Text. Die E-Mail-Adresse wird nie veröffentlicht.",
        ),
    ),
}

FORUM_1 = {
    "number": 1,
    "title": "Erstes Kundenforum",
    "date": datetime.date(2011, 10, 12),
    "place": "Kundenzentrum am Markt",
    "method": "world_cafe",
    "participants": 22,
    "returning_participants": 0,
    "suggestions_discussed": 100,
}

REPORT_1 = {
    "title": "Rund 100 Anregungen beim ersten Kundenforum",
    "slug": "erstes-kundenforum",
    "date": datetime.date(2011, 10, 14),
    "teaser": (
        "Gut zwanzig Kundinnen und Kunden haben mit der Geschäftsführung einen Abend lang "
        "über Service, Preise und den Busverkehr gesprochen."
    ),
    "body": stream(
        text(
            "An Stehtischen wechselten die Gruppen alle zwanzig Minuten das Thema: Rechnung, "
            "Erreichbarkeit, Busfahrplan, erneuerbare Energie. Am Ende hingen rund 100 Karten "
            "mit Anregungen an den Stellwänden.",
        ),
        heading("Die Hotline soll wieder eine Festnetznummer haben"),
        text(
            "Mehrfach kam der Wunsch, die Kundenhotline wieder unter einer normalen "
            "Ortsnetznummer zu erreichen. Wir haben zugesagt, das zu prüfen.",
        ),
        quote(
            "Ich rufe nicht gern eine teure Servicenummer an, nur um einen Zählerstand zu melden.",
            "Eine Teilnehmerin aus der Südstadt",
            "customer",
        ),
        quote(
            "Jede Karte wird gelesen und beantwortet. Was daraus wird, veröffentlichen wir.",
            "Die Geschäftsführerin der Stadtwerke",
            "management",
        ),
        ("facts", {}),
        heading("Wie es weitergeht"),
        text(
            "Alle Vorschläge werden Punkt für Punkt geprüft. Den Stand finden Sie in unserer "
            "Übersicht: umgesetzt, gibt es schon, in Arbeit oder nicht möglich.",
        ),
    ),
}

FORUM_2 = {
    "number": 2,
    "title": "Zweites Kundenforum",
    "date": datetime.date(2012, 11, 7),
    "place": "Kundenzentrum am Markt",
    "method": "dynamic_facilitation",
    "participants": 20,
    "returning_participants": 11,
    "suggestions_discussed": 30,
}

REPORT_2 = {
    "title": "Zweites Kundenforum: 30 Vorschläge ausführlich besprochen",
    "slug": "zweites-kundenforum",
    "date": datetime.date(2012, 11, 9),
    "teaser": (
        "20 Teilnehmende, mehr als die Hälfte schon beim ersten Mal dabei – und eine neue "
        "Methode, bei der die ganze Gruppe zusammenbleibt."
    ),
    "body": stream(
        text(
            "Weil die Runde klein war, haben wir diesmal nicht an Tischen gearbeitet. Mit "
            "Dynamic Facilitation blieb die Gruppe zusammen und folgte den Themen, so wie sie "
            "aufkamen. So konnten wir 30 Vorschläge gründlich besprechen.",
        ),
        heading("Aus dem ersten Forum umgesetzt"),
        text(
            "Die Kundenhotline ist wieder unter einer Festnetznummer erreichbar – einer der "
            "ersten Vorschläge aus dem ersten Forum.",
        ),
        quote(
            "Schön zu sehen, dass unsere Anregungen nicht in der Schublade landen.",
            "Ein Teilnehmer, zum zweiten Mal dabei",
            "customer",
        ),
        quote(
            "Wir machen weiter: Das nächste Kundenforum findet im kommenden Jahr statt.",
            "Der Leiter des Kundenservice",
            "management",
        ),
        ("facts", {}),
    ),
}

FORUMS = [(FORUM_1, REPORT_1), (FORUM_2, REPORT_2)]

# Reader comments on the second report: (name, e-mail, text, official reply or None).
COMMENTS = {
    "zweites-kundenforum": [
        (
            "Monika aus der Weststadt",
            "monika@example.org",
            "Die Festnetznummer ist wirklich eine Erleichterung. Danke, dass Sie zugehört haben!",
            None,
        ),
        (
            "Jürgen",
            "juergen@example.org",
            "Wann gibt es den nächsten Termin? Ich wäre gern dabei.",
            "Das dritte Kundenforum ist für das kommende Jahr geplant. Wir laden rechtzeitig ein.",
        ),
    ],
}
