"""A forum report renders as a news article with every block, JSON-LD and a back link."""

import json
import re

import pytest
from django.test import override_settings
from django.utils import translation
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from tests.support.helpers import make_forum, make_index, make_report
from wagtail_kundenforum.blocks import FactsBoxBlock

pytestmark = pytest.mark.django_db


def body(*blocks):
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


@pytest.fixture
def index():
    return make_index()


def test_report_shows_date_title_teaser_comment_count_and_back_link(client, index):
    report = make_report(index, title="Zweites Kundenforum", teaser="Zwanzig Gäste kamen.")
    html = client.get(report.url).content.decode()
    assert 'class="kf-report"' in html
    assert "<h1" in html and "Zweites Kundenforum" in html
    assert "Zwanzig Gäste kamen." in html
    assert f'datetime="{report.date:%Y-%m-%d}"' in html
    assert 'class="kf-comment-count" data-count="0"' in html
    assert re.search(rf'<a class="kf-back-link" href="{index.url}">Back', html)


def test_every_block_renders(client, index):
    image = Image.objects.create(title="Saal", file=get_test_image_file())
    report = make_report(
        index,
        forum=make_forum(2, participants=20, method="dynamic_facilitation"),
        body=body(
            ("paragraph", "<p>Ein <b>Abend</b> voller Ideen.</p>"),
            ("heading", {"text": "Was wir gehört haben", "level": "h2"}),
            ("heading", {"text": "Im Detail", "level": "h3"}),
            ("quote", {"text": "Gut so!", "attribution": "Frau M.", "role": "customer"}),
            (
                "quote",
                {"text": "Wir bleiben dran.", "attribution": "Herr K.", "role": "management"},
            ),
            ("image", {"image": image.pk, "caption": "Der Saal"}),
            ("facts", {"returning_participants": 11, "suggestions_discussed": 30}),
        ),
    )
    html = client.get(report.url).content.decode()
    assert "Ein <b>Abend</b> voller Ideen." in html
    assert '<h2 class="kf-heading">Was wir gehört haben</h2>' in html
    assert '<h3 class="kf-heading">Im Detail</h3>' in html
    assert 'class="kf-quote kf-quote--customer"' in html and "Frau M." in html
    assert 'class="kf-quote kf-quote--management"' in html
    assert re.search(r'<img[^>]+class="kf-figure__image"', html) and "Der Saal" in html
    assert 'class="kf-facts"' in html


def test_facts_box_takes_missing_figures_from_the_linked_forum():
    forum = make_forum(2, participants=20, returning_participants=11, method="dynamic_facilitation")
    block = FactsBoxBlock()
    value = block.to_python({"suggestions_discussed": 30})
    facts = {str(label): fact for label, fact in block.facts(value, forum)}
    assert facts == {
        "Participants": 20,
        "Returning participants": 11,
        "Method": "Dynamic Facilitation",
        "Suggestions discussed": "30",
    }


def test_facts_box_without_figures_renders_nothing():
    block = FactsBoxBlock()
    assert block.render(block.to_python({}), context={"page": None}).strip() == ""


def test_json_ld_describes_a_news_article(client, index):
    report = make_report(index, title="Bericht </script><b>", teaser="Kurz")
    html = client.get(report.url).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Bericht </script><b>"
    assert data["datePublished"].startswith(report.date.isoformat())
    assert data["url"].endswith(report.url)
    assert "</script><b>" not in match.group(1)


def test_report_links_its_index_feed_for_autodiscovery(client, index):
    report = make_report(index)
    html = client.get(report.url).content.decode()
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="News" href="{index.url}feed/">'
        in html
    )


def test_report_reads_in_german(client, index):
    report = make_report(index)
    with translation.override("de"):
        html = client.get(report.url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert ">Zurück<" in html
    assert "Kommentare: 0" in html


def test_forum_finds_its_report_through_the_reports_link(index):
    forum = make_forum(1)
    assert forum.report is None
    report = make_report(index, forum=forum)
    assert forum.report == report


def test_the_app_falls_back_to_its_own_base_template(client, index):
    html = client.get(make_report(index).url).content.decode()
    assert "wagtail_kundenforum/css/kundenforum.css" in html


@override_settings(KUNDENFORUM_BASE_TEMPLATE="testapp/site_base.html")
def test_the_site_base_template_is_extended_when_configured(client, index):
    html = client.get(make_report(index).url).content.decode()
    assert 'id="test-site-base"' in html
    assert 'class="kf-report"' in html
