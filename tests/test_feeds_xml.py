"""The feeds stay well-formed XML whatever text was stored: the characters XML forbids
(U+FFFE, U+FFFF, C0 controls), which the import or the admin may have let in, are dropped
and the rest of the text is kept."""

from xml.etree import ElementTree

import pytest

from tests.support.helpers import make_forum, make_index, make_report, make_suggestion
from wagtail_kundenforum.models import SuggestionStatus
from wagtail_kundenforum.status_changes import change_status

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
STATUS_FEED = "/kundenforum/feed/status-changes/"
REFUSED = "\ufffe\uffff\x1b\x07"


def dirty(text):
    """``text`` with every character XML refuses inside it."""
    return text.replace(" ", f" {REFUSED}", 1) + REFUSED


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def test_the_news_feed_drops_what_xml_refuses_and_keeps_the_text(client):
    index = make_index(title=dirty("Neues vom Kundenforum"), intro=dirty("Berichte und Fragen"))
    make_report(index, title=dirty("Hotline wieder Festnetz"), teaser=dirty("Kurz gesagt: ja"))
    channel = parse(client, f"{index.url}feed/").find("channel")
    assert channel.findtext("title") == "Neues vom Kundenforum"
    assert channel.findtext("description") == "Berichte und Fragen"
    item = channel.find("item")
    assert item.findtext("title") == "Hotline wieder Festnetz"
    assert item.findtext("description") == "Kurz gesagt: ja"


def test_an_intro_of_refused_characters_only_leaves_the_default_description(client):
    index = make_index(intro=REFUSED)
    channel = parse(client, f"{index.url}feed/").find("channel")
    assert channel.findtext("description") == "Reports from our customer forums"


def test_the_status_feed_drops_what_xml_refuses_and_keeps_the_text(client):
    suggestion = make_suggestion(make_forum(), title=dirty("Busse abends öfter"))
    started = SuggestionStatus.objects.get(slug="in-der-mache")
    started.label = dirty("In Arbeit")
    started.save()
    change_status(suggestion, started, note=dirty("Wir fangen an\nim Mai"))
    entry = parse(client, STATUS_FEED).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Busse abends öfter: Wird geprüft → In Arbeit"
    assert entry.findtext(f"{ATOM}summary") == "<p>Wir fangen an<br>im Mai</p>"


def test_the_status_feed_is_whole_for_every_reader_despite_one_bad_entry(client):
    forum = make_forum()
    fine = make_suggestion(forum, title="Zählerstand online")
    broken = make_suggestion(forum, title=f"Rechnung{REFUSED}")
    change_status(fine, SuggestionStatus.objects.get(slug="umgesetzt"))
    change_status(broken, SuggestionStatus.objects.get(slug="umgesetzt"), note=REFUSED)
    titles = sorted(
        e.findtext(f"{ATOM}title") for e in parse(client, STATUS_FEED).iter(f"{ATOM}entry")
    )
    assert titles == [
        "Rechnung: Wird geprüft → Das haben wir umgesetzt",
        "Zählerstand online: Wird geprüft → Das haben wir umgesetzt",
    ]
