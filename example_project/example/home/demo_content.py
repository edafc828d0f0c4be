"""The German text of the demo site, written for this project."""

import datetime
import itertools
import json


def stream(*blocks):
    """A StreamField's raw JSON from (type, value) pairs."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def text(*paragraphs):
    return ("paragraph", "".join(f"<p>{p}</p>" for p in paragraphs))


def facts(**figures):
    """A facts box: the forum's exact figures, except those the article puts in words."""
    return ("facts", figures)


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
            "Einmal im Jahr laden wir Kundinnen und Kunden zu einem Abend mit der "
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

# The seed article reports the second forum; the first met the year before, as the series
# met once a year.
FORUM_1 = {
    "number": 1,
    "title": "Erstes Kundenforum",
    "date": datetime.date(2010, 10, 12),
    "place": "Kundenzentrum am Markt",
    "method": "world_cafe",
    "participants": 22,
    "returning_participants": 0,
    "suggestions_discussed": 100,
}

REPORT_1 = {
    "title": "Rund 100 Anregungen beim ersten Kundenforum",
    "slug": "erstes-kundenforum",
    "date": datetime.date(2010, 10, 14),
    "teaser": (
        "Gut zwanzig Kundinnen und Kunden haben mit der Geschäftsführung einen Abend lang "
        "über Service, Preise und den Busverkehr gesprochen."
    ),
    "body": stream(
        text(
            "An Stehtischen wechselten die Gruppen alle zwanzig Minuten das Thema: Rechnung, "
            "Erreichbarkeit, Busfahrplan, erneuerbare Energie. Am Ende hingen gut 100 Karten "
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
        facts(suggestions_discussed="gut 100"),
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
    # The evening Germany beat the Netherlands 3:0 in Hamburg, as the seed article tells.
    "date": datetime.date(2011, 11, 15),
    "place": "Kundenzentrum am Markt",
    "method": "dynamic_facilitation",
    "participants": 20,
    "returning_participants": 11,
    "suggestions_discussed": 30,
}

REPORT_2 = {
    "title": "Zweites Kundenforum: 30 Vorschläge ausführlich besprochen",
    "slug": "zweites-kundenforum",
    "date": datetime.date(2011, 12, 7),
    "teaser": (
        "20 Teilnehmende, mehr als die Hälfte schon beim ersten Mal dabei – und eine neue "
        "Methode, bei der die ganze Gruppe zusammenbleibt."
    ),
    "body": stream(
        text(
            "Während in Hamburg die Nationalmannschaft die Niederlande mit 3:0 schlug, saßen "
            "20 Kundinnen und Kunden mit uns im Kundenzentrum am Markt. Mehr als die Hälfte "
            "war schon beim ersten Kundenforum dabei.",
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
        facts(returning_participants="mehr als die Hälfte"),
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

# How the utility signs its official replies (the site setting).
REPLY_SIGNATURE = "Ihre Stadtwerke Musterstadt"

# The suggestion tracker.

TOPICS = [
    ("strom", "Strom"),
    ("gas", "Gas"),
    ("wasser", "Wasser"),
    ("waerme", "Wärme"),
    ("bus", "Bus"),
    ("baeder", "Bäder"),
    ("kundenservice", "Kundenservice"),
    ("rechnung", "Rechnung"),
    ("online", "Online"),
]

# Where "Das gibt es schon" points readers: the utility's (fictitious) service pages.
SERVICE_SITE = "https://www.stadtwerke-musterstadt.example/"

# Every suggestion starts here; its backfilled history leads on from it.
RAISED_STATUS = "in-pruefung"

# The answer of a suggestion that is still being looked at, unless it has its own.
OPEN_ANSWER = "Wir prüfen diesen Vorschlag noch. Sobald es ein Ergebnis gibt, lesen Sie es hier."


def step(day, status, note=""):
    """One backfilled status change: ISO date, the status it led to, a public note."""
    return (datetime.date.fromisoformat(day), status, note)


def idea(
    topic,
    status,
    title,
    answer="",
    *,
    wording="",
    description="",
    reason="",
    link="",
    history=(),
    related=(),
):
    """One suggestion of the demo.

    ``history`` lists the steps from ``RAISED_STATUS`` on; the last one leads to ``status``.
    ``reason`` is what a declined suggestion needs, ``link`` a path on ``SERVICE_SITE`` for
    one that exists already, ``related`` the slugs of reports about it.
    """
    if history and history[-1][1] != status:
        raise ValueError(f"The history of “{title}” does not end in its status.")
    return {
        "topic": topic,
        "status": status,
        "title": title,
        "answer": answer or (OPEN_ANSWER if status == RAISED_STATUS else ""),
        "original_wording": wording,
        "description": description,
        "declined_reason": reason,
        "existing_service_url": SERVICE_SITE + link if link else "",
        "history": history,
        "related": related,
    }


# One of the very first suggestions of the first forum, implemented by the second.
HOTLINE = idea(
    "kundenservice",
    "umgesetzt",
    "Kundenhotline wieder unter einer Festnetznummer erreichbar machen",
    "Seit Oktober 2011 erreichen Sie unsere Kundenhotline wieder unter einer Festnetznummer "
    "mit Musterstädter Vorwahl. Ein Anruf kostet Sie so viel wie jedes andere Ortsgespräch, "
    "mit einer Flatrate also nichts extra. Die alte Servicenummer leitet bis zum Jahresende "
    "weiter.",
    wording="Die Servicenummer kostet vom Handy ein Vermögen. Bitte wieder eine normale "
    "Nummer, wie früher!",
    description="Die Hotline war nur über eine kostenpflichtige Servicenummer erreichbar. An "
    "mehreren Tischen kam der Wunsch nach einer normalen Nummer im Ortsnetz.",
    history=(
        step(
            "2011-03-05",
            "in-der-mache",
            "Die Umstellung ist beauftragt; dafür wird die Telefonanlage erneuert.",
        ),
        step("2011-10-01", "umgesetzt", "Die Festnetznummer ist freigeschaltet."),
    ),
    related=(REPORT_2["slug"],),
)

FORUM_1_SUGGESTIONS = [
    HOTLINE,
    # Kundenservice
    idea(
        "kundenservice",
        "umgesetzt",
        "Kundenzentrum wenigstens an einem Abend länger öffnen",
        "Seit Februar hat das Kundenzentrum am Markt donnerstags bis 19 Uhr geöffnet.",
        wording="Wer arbeitet, schafft es nie bis 16 Uhr ins Kundenzentrum.",
        history=(step("2011-02-02", "umgesetzt", "Donnerstags bis 19 Uhr geöffnet."),),
    ),
    idea(
        "kundenservice",
        "gibt-es-schon",
        "Rückruf anbieten, wenn die Hotline besetzt ist",
        "Wenn alle Leitungen belegt sind, können Sie in der Ansage um einen Rückruf bitten. "
        "Wir melden uns spätestens am nächsten Werktag.",
        link="service/rueckruf",
    ),
    idea(
        "kundenservice",
        "in-der-mache",
        "Termine im Kundenzentrum vorher im Internet buchen",
        "Die Terminbuchung wird gerade eingerichtet und soll im Frühjahr starten.",
        history=(step("2011-02-15", "in-der-mache", "Ein Buchungssystem ist ausgewählt."),),
    ),
    idea(
        "kundenservice",
        "geht-nicht",
        "Kundenzentrum auch am Samstag öffnen",
        reason="In einem Probebetrieb kamen samstags im Schnitt nur sechs Kundinnen und Kunden. "
        "Stattdessen haben wir donnerstags bis 19 Uhr geöffnet.",
    ),
    idea(
        "kundenservice",
        "umgesetzt",
        "Eine feste Ansprechperson für Hausverwaltungen",
        "Hausverwaltungen und Vermieter erreichen seit dem Sommer ein eigenes Team unter einer "
        "direkten Durchwahl.",
    ),
    idea("kundenservice", "in-pruefung", "Ein Kundenforum auch für Gewerbekunden"),
    idea(
        "kundenservice",
        "gibt-es-schon",
        "Beratung zum Stromsparen bei mir zu Hause",
        "Unsere Energieberatung kommt kostenlos zu Ihnen und bringt ein Strommessgerät zum "
        "Ausleihen mit.",
        link="beratung/energieberatung",
    ),
    idea(
        "kundenservice",
        "umgesetzt",
        "In der Warteschleife sagen, wie lange es noch dauert",
        "Die Ansage nennt jetzt, wie viele Anrufe vor Ihnen warten.",
    ),
    idea(
        "kundenservice",
        "geht-nicht",
        "Die Hotline rund um die Uhr besetzen",
        reason="Eine Besetzung rund um die Uhr könnten wir nur mit höheren Preisen bezahlen. "
        "Störungen nimmt unser Bereitschaftsdienst aber Tag und Nacht entgegen.",
    ),
    idea(
        "kundenservice",
        "in-der-mache",
        "Briefe ohne Amtsdeutsch schreiben",
        "Wir überarbeiten alle Standardbriefe zusammen mit einer Gruppe von Kundinnen und "
        "Kunden, die sie vorab lesen.",
        wording="Ich habe den Brief zur Preisanpassung dreimal gelesen und nicht verstanden.",
        history=(step("2011-04-10", "in-der-mache", "Die ersten zehn Briefe sind in Arbeit."),),
    ),
    idea("kundenservice", "in-pruefung", "Einen Kundenbeirat gründen, der sich regelmäßig trifft"),
    idea(
        "kundenservice",
        "gibt-es-schon",
        "Beim Umzug eine schriftliche Bestätigung bekommen",
        "Nach jeder Ab- oder Ummeldung schicken wir eine Bestätigung mit den gemeldeten "
        "Zählerständen. Fehlt sie, rufen Sie uns bitte an.",
        link="service/umzug",
    ),
    idea(
        "kundenservice",
        "umgesetzt",
        "Den Eingang des Kundenzentrums barrierefrei machen",
        "Seit dem Umbau im Sommer hat der Eingang am Markt eine Rampe und eine automatische Tür.",
    ),
    # Rechnung
    idea(
        "rechnung",
        "umgesetzt",
        "Die Jahresrechnung verständlicher gestalten",
        "Die neue Rechnung zeigt auf der ersten Seite auf einen Blick, was Sie zahlen und "
        "warum. Alle Einzelheiten folgen auf den Seiten danach.",
        wording="Vier Seiten Rechnung, und am Ende weiß ich nicht, ob ich nachzahlen muss.",
        history=(
            step("2011-01-20", "in-der-mache", "Ein Entwurf wird mit Kunden getestet."),
            step("2011-09-03", "umgesetzt", "Die neue Rechnung wird verschickt."),
        ),
    ),
    idea(
        "rechnung",
        "gibt-es-schon",
        "Den Abschlag selbst ändern können",
        "Im Kundenportal oder am Telefon können Sie Ihren Abschlag jederzeit anpassen.",
        link="kundenportal/abschlag",
    ),
    idea(
        "rechnung",
        "in-der-mache",
        "Die Rechnung per E-Mail statt auf Papier",
        "Ab dem nächsten Abrechnungsjahr können Sie die Rechnung als PDF per E-Mail bekommen.",
    ),
    idea(
        "rechnung",
        "geht-nicht",
        "Jeden Monat nach dem tatsächlichen Verbrauch abrechnen",
        reason="Dafür bräuchte jeder Haushalt einen Zähler, der aus der Ferne ausgelesen wird. "
        "Solche Zähler werden erst nach und nach eingebaut; bis dahin bleibt es bei der "
        "Jahresrechnung.",
    ),
    idea(
        "rechnung",
        "umgesetzt",
        "Den Verbrauch der Vorjahre zum Vergleich auf die Rechnung",
        "Die Rechnung zeigt jetzt Ihren Verbrauch der letzten drei Jahre in einer kleinen Grafik.",
    ),
    idea("rechnung", "in-pruefung", "Ratenzahlung bei hohen Nachzahlungen ohne Gebühr"),
    idea(
        "rechnung",
        "gibt-es-schon",
        "Den Zählerstand per Postkarte melden",
        "Jedem Ableseschreiben liegt eine portofreie Antwortkarte bei.",
        link="service/zaehlerstand",
    ),
    idea(
        "rechnung",
        "geht-nicht",
        "Abschläge nur alle drei Monate zahlen",
        reason="Vierteljährliche Abschläge wären dreimal so hoch und brächten viele Haushalte "
        "eher in Schwierigkeiten. Wer möchte, kann aber für das ganze Jahr im Voraus zahlen.",
    ),
    idea(
        "rechnung",
        "in-der-mache",
        "Guthaben schneller auszahlen",
        "Künftig überweisen wir Guthaben innerhalb von zwei Wochen nach der Rechnung; die "
        "Abläufe dafür stellen wir gerade um.",
    ),
    idea(
        "rechnung",
        "umgesetzt",
        "Preiserhöhungen früher und deutlicher ankündigen",
        "Preisänderungen kündigen wir jetzt sechs Wochen vorher mit einem eigenen Brief an, "
        "nicht mehr nur in der Zeitung.",
    ),
    # Strom
    idea(
        "strom",
        "umgesetzt",
        "Einen Ökostromtarif mit Strom aus der Region anbieten",
        "Seit Januar gibt es „Musterstadt Natur“: Strom aus dem Wasserkraftwerk am Wehr und "
        "aus den Solaranlagen auf städtischen Dächern.",
        history=(
            step("2010-11-21", "in-der-mache", "Der Tarif wird kalkuliert."),
            step("2011-01-02", "umgesetzt", "„Musterstadt Natur“ ist buchbar."),
        ),
    ),
    idea(
        "strom",
        "gibt-es-schon",
        "Zuschuss für einen sparsamen Kühlschrank",
        "Unser Förderprogramm zahlt beim Kauf eines Kühlgeräts der besten Effizienzklasse "
        "50 Euro dazu.",
        link="foerderprogramm",
    ),
    idea(
        "strom",
        "in-der-mache",
        "Mehr Solaranlagen auf die Dächer der Stadt",
        "Auf zwei Schulen und dem Hallenbad werden bis zum Sommer Solaranlagen gebaut.",
        history=(step("2011-03-20", "in-der-mache", "Die Aufträge sind vergeben."),),
    ),
    idea(
        "strom",
        "geht-nicht",
        "Günstigeren Strom für kinderreiche Familien",
        reason="Preise nach der Zahl der Personen im Haushalt lässt unser Preissystem nicht zu, "
        "und wir könnten die Angaben nicht prüfen. Wer wenig Geld hat, den beraten wir gern "
        "zu Hilfen in Härtefällen.",
    ),
    idea("strom", "in-pruefung", "Eine Bürgersolaranlage, an der sich Kunden beteiligen"),
    idea(
        "strom",
        "umgesetzt",
        "Stromausfälle schneller im Internet melden",
        "Bei größeren Störungen steht jetzt spätestens nach einer halben Stunde eine Meldung "
        "auf unserer Startseite.",
    ),
    idea(
        "strom",
        "gibt-es-schon",
        "Strommessgeräte zum Ausleihen",
        "Im Kundenzentrum leihen wir Strommessgeräte für zwei Wochen kostenlos aus.",
        link="service/strommessgeraet",
    ),
    idea(
        "strom",
        "in-der-mache",
        "Ladesäulen für Elektroautos in der Innenstadt",
        "Die ersten vier Ladepunkte am Parkhaus Mitte gehen im Herbst in Betrieb.",
        history=(step("2011-06-01", "in-der-mache", "Der Standort steht fest."),),
    ),
    idea(
        "strom",
        "geht-nicht",
        "Den Nachtstromtarif für neue Kunden wieder einführen",
        reason="Neue Nachtspeicherheizungen fördern wir nicht mehr, weil sie sehr viel Strom "
        "verbrauchen. Bestehende Verträge laufen weiter.",
    ),
    idea(
        "strom",
        "umgesetzt",
        "Vor geplanten Stromabschaltungen rechtzeitig Bescheid geben",
        "Bei geplanten Arbeiten liegt jetzt eine Woche vorher eine Nachricht in jedem "
        "betroffenen Briefkasten.",
    ),
    idea("strom", "in-pruefung", "Eine Preisgarantie für zwei Jahre beim Strom"),
    idea(
        "strom",
        "gibt-es-schon",
        "Offenlegen, woher unser Strom kommt",
        "Unseren Strommix veröffentlichen wir jedes Jahr; er steht auch auf Ihrer Rechnung.",
        link="strom/strommix",
    ),
    idea(
        "strom",
        "geht-nicht",
        "Die Hochspannungsleitung am Ortsrand Nord unter die Erde legen",
        reason="Die Leitung gehört nicht uns, sondern dem Übertragungsnetzbetreiber. Wir haben "
        "den Wunsch dorthin weitergegeben.",
    ),
    idea(
        "strom",
        "in-der-mache",
        "Die Straßenbeleuchtung auf LED umstellen",
        "Die Umstellung läuft Straße für Straße; rund ein Drittel der Leuchten ist geschafft.",
    ),
    # Gas
    idea(
        "gas",
        "gibt-es-schon",
        "Ein kostenloser Check für ältere Gasheizungen",
        "Mit unserem Heizungscheck sieht sich ein Fachbetrieb Ihre Heizung an und sagt, was "
        "sich lohnt. Für unsere Gaskunden ist er kostenlos.",
        link="beratung/heizungscheck",
    ),
    idea(
        "gas",
        "umgesetzt",
        "Einen Gastarif mit Biogas anbieten",
        "Den Tarif „Gas plus“ mit zehn Prozent Biogas gibt es seit April.",
    ),
    idea(
        "gas",
        "geht-nicht",
        "Den Gaspreis für ein Jahr einfrieren",
        reason="Wir kaufen einen großen Teil des Gases kurzfristig ein. Einen festen Preis für "
        "ein ganzes Jahr könnten wir nur mit einem hohen Aufschlag garantieren.",
    ),
    idea("gas", "in-pruefung", "Einen Zuschuss zahlen, wenn jemand von Öl auf Gas umsteigt"),
    idea(
        "gas",
        "in-der-mache",
        "Die Häuser in der Lindenstraße ans Gasnetz anschließen",
        "Die Leitung ist geplant; gebaut wird zusammen mit der neuen Fahrbahn.",
    ),
    idea(
        "gas",
        "umgesetzt",
        "Die Notrufnummer bei Gasgeruch auf jeden Brief drucken",
        "Die Notrufnummer steht jetzt oben rechts auf allen Briefen und Rechnungen.",
    ),
    idea(
        "gas",
        "gibt-es-schon",
        "An die jährliche Wartung der Gastherme erinnert werden",
        "Wer sich für unseren Wartungsservice anmeldet, wird jedes Jahr rechtzeitig erinnert.",
        link="service/wartung",
    ),
    idea(
        "gas",
        "geht-nicht",
        "Den Gaszähler aus dem Keller in die Wohnung verlegen",
        reason="Wo der Zähler sitzt, schreiben technische Regeln vor. Verlegen können wir ihn "
        "nur, wenn der ganze Hausanschluss erneuert wird.",
    ),
    # Wasser
    idea(
        "wasser",
        "gibt-es-schon",
        "Die Wasserhärte im Internet nachlesen",
        "Die Wasserhärte und alle Messwerte stehen für jeden Ortsteil auf unserer Seite zum "
        "Trinkwasser.",
        link="wasser/trinkwasser",
    ),
    idea(
        "wasser",
        "umgesetzt",
        "Einen Trinkwasserbrunnen in der Fußgängerzone aufstellen",
        "Seit Mai steht am Markt ein Trinkwasserspender, den wir betreiben und täglich prüfen.",
        history=(
            step("2011-01-16", "in-der-mache", "Der Standort am Markt ist mit der Stadt geklärt."),
            step("2011-05-10", "umgesetzt", "Der Trinkwasserspender ist in Betrieb."),
        ),
    ),
    idea(
        "wasser",
        "in-der-mache",
        "Die Wasserleitungen in der Südstadt erneuern, bevor sie brechen",
        "In den nächsten drei Jahren erneuern wir die Leitungen der Südstadt Abschnitt für "
        "Abschnitt.",
    ),
    idea(
        "wasser",
        "gibt-es-schon",
        "Keine Abwassergebühr für das Gießwasser im Garten",
        "Mit einem Gartenwasserzähler zahlen Sie für das Gießwasser keine Abwassergebühr. "
        "Wie Sie ihn beantragen, steht auf unserer Seite.",
        link="wasser/gartenwasserzaehler",
    ),
    idea(
        "wasser",
        "geht-nicht",
        "Einen günstigeren Wasserpreis für Rentnerinnen und Rentner",
        reason="Der Wasserpreis muss für alle gleich sein und die Kosten decken; Ermäßigungen "
        "für einzelne Gruppen sind uns nicht erlaubt.",
    ),
    idea("wasser", "in-pruefung", "Regenwasser-Zisternen im Garten fördern"),
    idea(
        "wasser",
        "umgesetzt",
        "Bei einem Rohrbruch sagen, wie lange das Wasser wegbleibt",
        "Bei Rohrbrüchen hängt unser Bautrupp jetzt einen Zettel mit der voraussichtlichen Dauer "
        "aus, und die Störungsseite nennt sie auch.",
    ),
    idea(
        "wasser",
        "gibt-es-schon",
        "Den Wasserzähler selbst ablesen statt auf den Ableser zu warten",
        "Sie können den Zählerstand per Antwortkarte oder telefonisch melden; ein Termin mit "
        "dem Ableser ist dann nicht nötig.",
        link="service/zaehlerstand",
    ),
    idea(
        "wasser",
        "in-der-mache",
        "Die Trinkwasseranalyse verständlich erklären",
        "Ein Faltblatt, das die Werte der Analyse in Alltagssprache erklärt, ist in Arbeit.",
    ),
    # Wärme
    idea(
        "waerme",
        "in-der-mache",
        "Fernwärme für das Neubaugebiet Am Mühlbach",
        "Das Wärmenetz für das Neubaugebiet wird geplant. Wer bauen will, kann sich für einen "
        "Anschluss vormerken lassen.",
    ),
    idea(
        "waerme",
        "geht-nicht",
        "Fernwärme auch in der Altstadt",
        reason="In den engen Gassen der Altstadt ist neben Wasser, Gas und Strom kein Platz für "
        "die dicken Fernwärmeleitungen. Zu anderen Lösungen beraten wir Sie gern.",
        history=(step("2011-01-25", "geht-nicht", "Das Ergebnis der Trassenprüfung liegt vor."),),
    ),
    idea(
        "waerme",
        "umgesetzt",
        "Erklären, wie der Fernwärmepreis zustande kommt",
        "Auf unserer Internetseite erklären wir die Preisformel der Fernwärme jetzt Schritt für "
        "Schritt, mit einem Rechenbeispiel.",
    ),
    idea(
        "waerme",
        "gibt-es-schon",
        "Ein Wärmebild vom eigenen Haus machen lassen",
        "Jeden Winter bieten wir Thermografie-Aufnahmen zum Selbstkostenpreis an; anmelden "
        "können Sie sich ab Oktober.",
        link="beratung/thermografie",
    ),
    idea("waerme", "in-pruefung", "Kleine Blockheizkraftwerke für Mehrfamilienhäuser vermieten"),
    idea(
        "waerme",
        "umgesetzt",
        "Bei Störungen im Wärmenetz per SMS Bescheid geben",
        "Wer möchte, bekommt bei Störungen im Wärmenetz jetzt eine SMS.",
    ),
    idea("waerme", "in-pruefung", "Die Abwärme der Kläranlage zum Heizen nutzen"),
    # Bus
    idea(
        "bus",
        "umgesetzt",
        "Am Wochenende spätere Busse",
        "Seit dem Sommerfahrplan fahren die Linien 1 und 3 freitags und samstags bis 1 Uhr nachts.",
        wording="Nach dem Kino komme ich nur noch mit dem Taxi nach Hause.",
        history=(
            step("2011-03-12", "in-der-mache", "Die Spätfahrten werden im Sommerfahrplan geplant."),
            step("2011-06-18", "umgesetzt", "Der Sommerfahrplan mit den Spätfahrten gilt."),
        ),
    ),
    idea(
        "bus",
        "gibt-es-schon",
        "Die Abfahrtszeiten aufs Handy",
        "Unsere Fahrplanauskunft gibt es als Seite fürs Handy; die nächsten Abfahrten "
        "bekommen Sie auch per SMS mit der Nummer der Haltestelle.",
        link="bus/fahrplanauskunft",
    ),
    idea(
        "bus",
        "in-der-mache",
        "Anzeigen mit den echten Abfahrtszeiten an den großen Haltestellen",
        "Am Bahnhof und am Markt werden die Anzeigen gerade montiert; weitere folgen.",
        history=(step("2011-08-20", "in-der-mache", "Die Anzeigen sind bestellt."),),
    ),
    idea(
        "bus",
        "geht-nicht",
        "Busfahren für alle kostenlos",
        reason="Ohne Fahrgeld fehlten uns jedes Jahr rund vier Millionen Euro, die wir nicht "
        "aus anderen Sparten ausgleichen können. Mit der Stadt sprechen wir aber über "
        "günstigere Tickets.",
        history=(step("2010-12-14", "geht-nicht", "Im Aufsichtsrat besprochen."),),
    ),
    idea(
        "bus",
        "umgesetzt",
        "Die Haltestelle am Friedhof wieder anfahren",
        "Die Linie 4 hält seit dem Fahrplanwechsel wieder am Friedhof.",
    ),
    idea("bus", "in-pruefung", "Einen Rufbus für die Ortsteile am Abend"),
    idea(
        "bus",
        "gibt-es-schon",
        "Ein Sozialticket für Menschen mit wenig Geld",
        "Mit dem Musterstadt-Pass fahren Sie zum halben Preis.",
        link="bus/musterstadt-pass",
    ),
    idea(
        "bus",
        "umgesetzt",
        "Ein Wartehäuschen an der Haltestelle Lindenplatz",
        "Seit dem Sommer steht am Lindenplatz ein Wartehäuschen mit Sitzbank.",
    ),
    idea(
        "bus",
        "geht-nicht",
        "Alle Linien im Fünf-Minuten-Takt",
        reason="Dafür bräuchten wir fast doppelt so viele Busse und Fahrer. Auf der Linie 1, "
        "der meistgenutzten, fahren wir tagsüber aber jetzt alle zehn Minuten.",
    ),
    idea(
        "bus",
        "in-der-mache",
        "Nur noch Niederflurbusse, damit man mit Rollator einsteigen kann",
        "Bis Ende nächsten Jahres ersetzen wir die letzten sechs Busse mit Stufen.",
    ),
    idea(
        "bus",
        "umgesetzt",
        "Der letzte Bus soll am Bahnhof auf den verspäteten Zug warten",
        "Die letzten Busse am Bahnhof warten jetzt bis zu fünf Minuten, wenn der Zug Verspätung "
        "hat.",
    ),
    idea(
        "bus",
        "gibt-es-schon",
        "Das Fahrrad im Bus mitnehmen",
        "Außerhalb der Hauptverkehrszeit nehmen wir Ihr Fahrrad kostenlos mit, wenn Platz ist.",
        link="bus/fahrrad",
    ),
    idea(
        "bus",
        "geht-nicht",
        "Eine eigene Busspur auf der Hauptstraße",
        reason="Über Fahrspuren entscheidet die Stadt als Straßenverkehrsbehörde, nicht wir. "
        "Wir haben den Vorschlag an das Tiefbauamt weitergegeben.",
    ),
    idea("bus", "in-pruefung", "Die Schulbusse besser auf den Unterrichtsbeginn abstimmen"),
    idea(
        "bus",
        "in-der-mache",
        "Fahrpläne an den Haltestellen in größerer Schrift",
        "Die neuen Aushänge mit größerer Schrift hängen zum nächsten Fahrplanwechsel.",
    ),
    idea(
        "bus",
        "umgesetzt",
        "Die nächste Haltestelle im Bus ansagen",
        "Alle Busse sagen die nächste Haltestelle jetzt an und zeigen sie auf einem Bildschirm.",
    ),
    idea(
        "bus",
        "geht-nicht",
        "Hunde umsonst mitfahren lassen",
        reason="Bei uns gelten die Tarife des Verkehrsverbunds wie bei allen Unternehmen im "
        "Verbund. Kleine Hunde in einer Tasche fahren aber schon jetzt frei.",
    ),
    idea(
        "bus",
        "gibt-es-schon",
        "Die Monatskarte im Abo günstiger",
        "Im Jahresabo zahlen Sie zehn statt zwölf Monatskarten.",
        link="bus/abo",
    ),
    # Bäder
    idea(
        "baeder",
        "umgesetzt",
        "Frühschwimmen im Hallenbad schon ab halb sieben",
        "Dienstags und donnerstags öffnet das Hallenbad jetzt um 6:30 Uhr.",
        history=(step("2011-04-02", "umgesetzt", "Die neuen Öffnungszeiten gelten."),),
    ),
    idea(
        "baeder",
        "in-der-mache",
        "Die Sauna im Hallenbad renovieren",
        "Die Sauna wird in der Sommerpause renoviert.",
    ),
    idea(
        "baeder",
        "geht-nicht",
        "Das Freibad bis Ende September offen lassen",
        reason="Ab Mitte September kommen kaum noch Gäste, und das Heizen des Beckens kostet "
        "dann am meisten. Bei gutem Wetter verlängern wir aber um eine Woche.",
    ),
    idea(
        "baeder",
        "gibt-es-schon",
        "Eine Familienkarte für das Freibad",
        "Die Familien-Saisonkarte gilt für zwei Erwachsene und alle ihre Kinder.",
        link="baeder/preise",
    ),
    idea(
        "baeder",
        "umgesetzt",
        "Mehr Schatten auf der Liegewiese im Freibad",
        "Auf der Liegewiese stehen seit diesem Sommer drei große Sonnensegel.",
    ),
    idea("baeder", "in-pruefung", "Ein Warmbadetag für Ältere und Menschen mit Rheuma"),
    idea(
        "baeder",
        "geht-nicht",
        "Ein zweites Hallenbad im Norden der Stadt",
        reason="Ein zweites Hallenbad könnten wir weder bauen noch auf Dauer betreiben. "
        "Stattdessen hat das bestehende Bad länger geöffnet.",
    ),
    idea(
        "baeder",
        "in-der-mache",
        "Ein Kassenautomat im Hallenbad gegen die Schlange am Eingang",
        "Der Automat ist bestellt und wird im Herbst aufgestellt.",
    ),
    idea(
        "baeder",
        "gibt-es-schon",
        "Schwimmkurse für Erwachsene",
        "Das Hallenbad bietet zweimal im Jahr Schwimmkurse für Erwachsene an.",
        link="baeder/kurse",
    ),
    idea(
        "baeder",
        "umgesetzt",
        "Einen Wickeltisch auch in der Herrenumkleide",
        "In beiden Umkleiden gibt es jetzt einen Wickeltisch.",
    ),
    # Online
    idea(
        "online",
        "umgesetzt",
        "Den Zählerstand im Internet eingeben",
        "Seit März geben Sie alle Zählerstände im Kundenportal ein; dafür genügt Ihre "
        "Kundennummer.",
        history=(
            step("2010-12-01", "in-der-mache", "Das Kundenportal wird erweitert."),
            step("2011-03-01", "umgesetzt", "Die Eingabe ist freigeschaltet."),
        ),
    ),
    idea(
        "online",
        "in-der-mache",
        "Das Kundenportal auf dem Handy benutzbar machen",
        "Ein Kundenportal für Handy und Tablet ist in Arbeit.",
    ),
    idea(
        "online",
        "gibt-es-schon",
        "Ein Newsletter zu Baustellen und Störungen",
        "Unseren E-Mail-Newsletter zu Baustellen und Störungen können Sie auf unserer "
        "Internetseite bestellen.",
        link="newsletter",
    ),
    idea(
        "online",
        "geht-nicht",
        "Eine eigene App der Stadtwerke",
        reason="Eine eigene App zu pflegen lohnt sich für ein Stadtwerk unserer Größe nicht. "
        "Wir machen stattdessen die Internetseite und das Kundenportal fürs Handy fit.",
        history=(step("2011-05-07", "geht-nicht"),),
    ),
    idea(
        "online",
        "umgesetzt",
        "Die Internetseite übersichtlicher machen",
        "Die neue Startseite führt mit vier Schaltflächen zu den häufigsten Anliegen.",
    ),
    idea("online", "in-pruefung", "Den Verbrauch im Kundenportal als Grafik zeigen"),
    idea(
        "online",
        "gibt-es-schon",
        "Den Umzug im Internet melden",
        "Für Ihren Umzug gibt es ein Formular auf unserer Internetseite.",
        link="service/umzug",
    ),
    idea("online", "in-pruefung", "Ein Chat mit dem Kundenservice auf der Internetseite"),
    idea(
        "online",
        "in-der-mache",
        "Eine barrierefreie Internetseite, auch für Screenreader",
        "Beim Neubau der Internetseite lassen wir sie auf Barrierefreiheit prüfen.",
    ),
    idea(
        "online",
        "geht-nicht",
        "Die Rechnungen der letzten zehn Jahre im Kundenportal",
        reason="Im Portal zeigen wir die Rechnungen der letzten drei Jahre. Ältere Rechnungen "
        "schicken wir Ihnen auf Anfrage gern als Kopie.",
    ),
]

FORUM_2_SUGGESTIONS = [
    idea("strom", "in-pruefung", "Stromspeicher für private Solaranlagen fördern"),
    idea(
        "strom",
        "in-der-mache",
        "Mieterstrom für Mehrfamilienhäuser",
        "Ein erstes Mieterstrom-Projekt mit der städtischen Wohnungsbaugesellschaft wird geplant.",
        history=(step("2012-03-01", "in-der-mache", "Ein Haus in der Weststadt ist ausgewählt."),),
    ),
    idea(
        "strom",
        "gibt-es-schon",
        "Ohne Kündigungsfrist in einen anderen Tarif der Stadtwerke wechseln",
        "Zwischen unseren eigenen Tarifen können Sie jederzeit zum Monatsende wechseln.",
        link="strom/tarife",
    ),
    idea(
        "strom",
        "geht-nicht",
        "Einen Zuschuss zum Strom für das Elektroauto",
        reason="Einen Zuschuss würden alle anderen Kundinnen und Kunden mitbezahlen. Mit einem "
        "eigenen Zähler für die Ladestation gibt es aber einen günstigeren Tarif.",
    ),
    idea("gas", "in-pruefung", "Beratung aus einer Hand für den Wechsel zur Wärmepumpe"),
    idea(
        "waerme",
        "in-der-mache",
        "Die Fernwärme mit Holzhackschnitzeln statt mit Erdgas erzeugen",
        "Für das Heizwerk Nord planen wir einen Kessel für Holzhackschnitzel; der Bauantrag "
        "ist gestellt.",
    ),
    idea("waerme", "in-pruefung", "Fernwärme auch für die älteren Häuser in der Weststadt"),
    idea(
        "wasser",
        "umgesetzt",
        "Einen Trinkwasserspender auch am Bahnhof",
        "Nach dem Erfolg am Markt steht seit Juni auch am Bahnhof ein Trinkwasserspender.",
        history=(
            step("2012-02-01", "in-der-mache", "Die Bahn hat dem Standort zugestimmt."),
            step("2012-06-03", "umgesetzt", "Der Spender am Bahnhof ist in Betrieb."),
        ),
    ),
    idea("wasser", "in-pruefung", "Bei Hitzewellen rechtzeitig zum Wassersparen aufrufen"),
    idea(
        "bus",
        "in-der-mache",
        "Ein gemeinsames Ticket für Bus und Freibad",
        "Ein Kombiticket für Bus und Freibad testen wir im nächsten Sommer.",
    ),
    idea("bus", "in-pruefung", "Nachtbusse am Wochenende auch in die Ortsteile"),
    idea(
        "bus",
        "geht-nicht",
        "Die ganze Busflotte auf Elektrobusse umstellen",
        reason="Elektrobusse, die einen ganzen Tag durchhalten, sind noch sehr teuer und kaum "
        "zu bekommen. Einen Bus testen wir aber auf der Linie 2.",
    ),
    idea(
        "bus",
        "in-der-mache",
        "Einen Elektrobus auf der Linie 2 ausprobieren",
        "Der Testbus ist bestellt und soll im Herbst fahren.",
        history=(step("2012-04-15", "in-der-mache", "Der Testbus ist bestellt."),),
    ),
    idea(
        "bus",
        "gibt-es-schon",
        "Im Bus Vergessenes wiederbekommen",
        "Fundsachen aus unseren Bussen liegen eine Woche im Kundenzentrum, danach im Fundbüro "
        "der Stadt.",
        link="bus/fundsachen",
    ),
    idea("baeder", "in-pruefung", "Das Freibad an heißen Tagen abends länger öffnen"),
    idea(
        "baeder",
        "umgesetzt",
        "Einen Saunaabend nur für Frauen",
        "Seit Januar ist die Sauna im Hallenbad montags ab 17 Uhr nur für Frauen geöffnet.",
    ),
    idea(
        "baeder",
        "in-der-mache",
        "Einen Spielbereich für kleine Kinder im Hallenbad",
        "Ein Planschbecken mit Spielgeräten wird bei der Renovierung im Sommer eingebaut.",
    ),
    idea(
        "kundenservice",
        "umgesetzt",
        "Das Kundenforum jedes Jahr fest einplanen",
        "Das dritte Kundenforum ist für das kommende Jahr geplant, danach laden wir jährlich ein.",
    ),
    idea("kundenservice", "in-pruefung", "Eine Sprechstunde der Geschäftsführung für Kunden"),
    idea(
        "kundenservice",
        "gibt-es-schon",
        "Hausbesuche für Ältere, die nicht ins Kundenzentrum kommen können",
        "Auf Wunsch kommt unser Kundenservice zu Ihnen nach Hause; ein Anruf genügt.",
        link="service/hausbesuch",
    ),
    idea(
        "kundenservice",
        "geht-nicht",
        "Ein Kundenzentrum in jedem Ortsteil",
        reason="Eigene Kundenzentren in allen Ortsteilen wären zu teuer. Stattdessen sind wir "
        "einmal im Monat mit einem Stand auf den Wochenmärkten in Nord und Süd.",
        history=(step("2012-01-21", "geht-nicht", "Stattdessen: Stände auf den Wochenmärkten."),),
    ),
    idea(
        "rechnung",
        "in-der-mache",
        "Den Abschlag von selbst senken, wenn man weniger verbraucht",
        "Ab der nächsten Jahresrechnung schlagen wir einen niedrigeren Abschlag vor, wenn Sie "
        "deutlich weniger verbraucht haben.",
    ),
    idea("rechnung", "in-pruefung", "Eine Rechnung für Strom, Gas und Wasser statt drei Briefen"),
    idea(
        "rechnung",
        "gibt-es-schon",
        "Die Rechnung Zeile für Zeile erklärt",
        "Eine Musterrechnung mit Erklärungen zu jeder Zeile finden Sie auf unserer Internetseite.",
        link="service/musterrechnung",
    ),
    idea(
        "online",
        "in-der-mache",
        "Störungen auf einer Karte zeigen",
        "Die Störungskarte wird Teil der neuen Internetseite.",
    ),
    idea(
        "online",
        "in-pruefung",
        "Einen Zugang zum Kundenportal für Angehörige, die sich um ihre Eltern kümmern",
    ),
    idea(
        "online",
        "geht-nicht",
        "Den Zählerstand als Foto vom Handy schicken",
        reason="Fotos können wir nicht automatisch auslesen, und von Hand würde es die Meldung "
        "verzögern. Das Kundenportal lässt sich auf dem Handy aber schnell bedienen.",
    ),
    idea(
        "online",
        "umgesetzt",
        "Den Stand aller Vorschläge aus den Kundenforen im Internet zeigen",
        "Diese Übersicht ist unsere Antwort: Hier sehen Sie, was aus jedem Vorschlag geworden "
        "ist, und wir halten sie aktuell.",
        history=(
            step("2012-01-15", "in-der-mache", "Die Übersicht wird gebaut."),
            step("2012-05-02", "umgesetzt", "Die Übersicht ist online."),
        ),
    ),
    idea("gas", "in-pruefung", "Biogas aus der Region ins Gasnetz einspeisen"),
    idea("strom", "in-pruefung", "Einen Stromspar-Wettbewerb für Schulen und Kitas"),
]


def as_raised(suggestions):
    """The suggestions in the order the forum raised them: the topics taking turns, as the
    cards came in from the tables."""
    by_topic = {}
    for suggestion in suggestions:
        by_topic.setdefault(suggestion["topic"], []).append(suggestion)
    rounds = itertools.zip_longest(*by_topic.values())
    return [suggestion for turn in rounds for suggestion in turn if suggestion]


# Written down topic by topic above; numbered (external IDs) in the order they were raised.
SUGGESTIONS = {1: as_raised(FORUM_1_SUGGESTIONS), 2: as_raised(FORUM_2_SUGGESTIONS)}

TRACKER_PAGE = {
    "title": "Was aus Ihren Vorschlägen wurde",
    "slug": "vorschlaege",
    "show_in_menus": True,
    "body": stream(
        text(
            "Jede Anregung aus unseren Kundenforen wird geprüft und beantwortet. Hier sehen "
            "Sie, wie weit jeder Vorschlag ist: umgesetzt, gibt es schon, in Arbeit oder "
            "nicht möglich – und warum.",
            "Filtern Sie nach Stand, Forum oder Thema, oder suchen Sie nach einem Stichwort. "
            "Ein Klick auf einen Vorschlag zeigt seine Geschichte und unsere Antwort.",
        ),
        (
            "tracker",
            {
                "heading": "Alle Vorschläge",
                "forums": [],
                "statuses": [],
                "topics": [],
                "group_by": "status",
                "show_filter": True,
                "show_counts": True,
                "show_chart": True,
                "items_per_group": 5,
            },
        ),
    ),
}


# The report that looks back at an earlier forum's suggestions (numbered in the series).
LOOK_BACK = {"report": REPORT_2["slug"], "forum": FORUM_1["number"]}


def look_back(forum, since, tracker_page):
    """The second report's look back at the first forum: its statistics and a link to all
    suggestions, as raw StreamField blocks."""
    return [
        {
            "type": "stats",
            "value": {
                "heading": "Was aus den Vorschlägen des ersten Forums wurde",
                "forum": forum.pk,
                "since": since.isoformat(),
            },
        },
        {
            "type": "paragraph",
            "value": (
                f"<p>Jeden einzelnen Vorschlag mit unserer Antwort finden Sie unter <a "
                f'linktype="page" id="{tracker_page.pk}">{tracker_page.title}</a>.</p>'
            ),
        },
    ]


def page_link(page, words):
    return f'<a linktype="page" id="{page.pk}">{words}</a>'


def home_signposts(index, tracker_page):
    """The home page's way into the forums: the reports and what became of the suggestions,
    as raw StreamField blocks."""
    return [
        {"type": "heading", "value": {"text": "Aus dem Kundenforum", "level": "h2"}},
        {
            "type": "paragraph",
            "value": (
                f"<ul><li>{page_link(index, 'Berichte aus unseren Kundenforen')}</li>"
                f"<li>{page_link(tracker_page, 'Was aus Ihren Vorschlägen wurde')}</li></ul>"
            ),
        },
    ]


def about_signposts(index, tracker_page):
    """Where “Das Kundenforum” sends its readers on, as raw StreamField blocks."""
    return [
        {
            "type": "paragraph",
            "value": (
                f"<p>Wie jeder Abend verlief, lesen Sie in den "
                f"{page_link(index, 'Berichten aus unseren Kundenforen')}. Den Stand jedes "
                f"Vorschlags mit unserer Antwort finden Sie unter "
                f"{page_link(tracker_page, 'Was aus Ihren Vorschlägen wurde')}.</p>"
            ),
        },
    ]
