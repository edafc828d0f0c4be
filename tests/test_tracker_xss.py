"""XSS payloads stored in every editor field that readers see stay inert on a suggestion's
page, in the tracker block, in the JSON API (where they are data) and in the Atom feed.

The values are written as code or an import would write them, past the editor's own
whitelisting and the forms' validation.
"""

import json
from xml.etree import ElementTree

import pytest

from tests.support.helpers import (
    make_forum,
    make_index,
    make_report,
    make_suggestion,
    make_topic,
    make_tracker_page,
)
from tests.test_comments_xss import PAYLOADS, markup
from tests.test_suggestion_api import API, ATOM, FEED
from wagtail_kundenforum.feeds import xml_text
from wagtail_kundenforum.models import (
    Forum,
    Suggestion,
    SuggestionStatus,
    SuggestionStatusChange,
    SuggestionTopic,
)
from wagtail_kundenforum.status_changes import change_status

pytestmark = pytest.mark.django_db

# Rich text in its stored form, with what only an import or code could put there.
STORED_ANSWER_PAYLOADS = [
    '<a linktype="page" id="1" onclick="alert(1)">Seite</a>',
    '<a linktype="page" id="1 onmouseover=alert(1)">Seite</a>',
    '<a linktype="external" href="javascript:alert(1)">extern</a>',
    '<a linktype="document" id="1">Dokument</a>',
    '<embed embedtype="image" id="1" format="left" alt="x" onerror="alert(1)"/>',
    '<embed embedtype="media" url="https://xss.example/"/>',
    '<p onclick="alert(1)" style="background:url(javascript:alert(1))">Absatz</p>',
    "<h2>Überschrift</h2><iframe src=\"javascript:alert('XSS')\"></iframe>",
    '<a href="&#106;avascript:alert(1)">kodiert</a>',
    "<!--<script>alert(1)</script>-->",
    "Steuer\x0bzeichen\x0c<script>alert(1)</script>\x1f",
]
ALL_PAYLOADS = PAYLOADS + STORED_ANSWER_PAYLOADS

BASELINE_ANSWER = (
    "<p><b>fett</b> <strong>stark</strong> <i>kursiv</i> <em>betont</em> "
    '<a href="https://example.org/">Link</a></p><ul><li>eins</li></ul><ol><li>zwei</li></ol>'
)
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
ANSWER_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li"}


def build():
    """One suggestion of kind "exists" and one of kind "declined", each with history."""
    forum = make_forum(1)
    make_report(make_index(), forum=forum)
    topic = make_topic("thema")
    statuses = {
        kind: SuggestionStatus.objects.create(slug=f"xss-{kind}", label=kind, kind=kind, order=n)
        for n, kind in enumerate(["exists", "declined"])
    }
    exists = make_suggestion(forum, topic=topic)
    change_status(exists, statuses["exists"])
    declined = make_suggestion(forum, topic=topic)
    change_status(declined, statuses["declined"], reason="Grund")
    return exists, declined, make_tracker_page()


def store(text, answer, url):
    """Put ``text`` into every public text field, as code or an import would."""
    Forum.objects.update(title=text[:255])
    SuggestionTopic.objects.update(name=text[:100])
    SuggestionStatus.objects.filter(slug__startswith="xss-").update(
        label=text[:100], description=text
    )
    Suggestion.objects.update(
        title=text[:255],
        original_wording=text,
        description=text,
        answer=answer,
        declined_reason=text,
        existing_service_url=url[:200],
    )
    SuggestionStatusChange.objects.update(note=text)


def html_views(client, exists, declined, page):
    views = {
        "exists page": exists.get_url(),
        "declined page": declined.get_url(),
        "tracker block": page.url,
    }
    texts = {}
    for name, url in views.items():
        response = client.get(url)
        assert response.status_code == 200, name
        texts[name] = response.content.decode()
    return texts


def assert_inert(html, baseline, where):
    found, expected = markup(html), markup(baseline)
    assert found.tags <= expected.tags, where
    assert found.attributes <= expected.attributes, where
    unsafe = [v for v in found.values if v.startswith(UNSAFE_SCHEMES)]
    assert not unsafe, where
    assert html.lower().count("<script") == baseline.lower().count("<script"), where


@pytest.mark.parametrize("payload", ALL_PAYLOADS)
def test_payloads_render_inert_on_pages_and_in_the_block(client, payload):
    exists, declined, page = build()
    store("Zeile eins\nZeile zwei", BASELINE_ANSWER, "https://portal.example.org/")
    baseline = html_views(client, exists, declined, page)
    store(payload, payload, payload)
    for where, html in html_views(client, exists, declined, page).items():
        assert_inert(html, baseline[where], where)


@pytest.mark.parametrize("payload", ALL_PAYLOADS)
def test_payloads_are_data_in_the_api_and_text_in_the_feed(client, payload):
    build()
    store(payload, payload, payload)
    assert_data_in_the_api(client, payload)
    assert_text_in_the_feed(client, payload)


def assert_data_in_the_api(client, payload):
    response = client.get(API)
    assert response["Content-Type"] == "application/json"
    results = json.loads(response.content)["results"]
    assert len(results) == 2
    for result in results:
        assert result["title"] == payload[:255]
        assert result["description"] == payload
        assert result["forum"]["title"] == payload[:255]
        assert result["topic"]["name"] == payload[:100]
        assert result["status"]["label"] == payload[:100]
        assert [change["note"] for change in result["history"]] == [payload]
        answer = markup(result["answer_html"])
        assert answer.tags <= ANSWER_TAGS and answer.attributes <= {"href"}
        assert not [v for v in answer.values if v.startswith(UNSAFE_SCHEMES)]


def assert_text_in_the_feed(client, payload):
    response = client.get(FEED)
    assert response.status_code == 200
    entries = ElementTree.fromstring(response.content).findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        title = entry.find(f"{ATOM}title")
        assert title.get("type") in (None, "text")
        assert title.text == xml_text(f"{payload[:255]}: Wird geprüft → {payload[:100]}")
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "html"
        found = markup(summary.text)
        assert found.tags <= {"p", "br"} and not found.attributes
