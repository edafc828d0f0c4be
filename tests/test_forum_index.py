"""The news index lists reports newest first, pages cleanly, and offers an RSS feed."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from tests.support.helpers import count_queries, make_index, make_report, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return make_index(reports_per_page=2)


def titles(html):
    return re.findall(r'class="kf-teaser__title"><a href="[^"]+">([^<]+)</a>', html)


def test_lists_reports_newest_first_with_date_teaser_and_comment_count(client, index):
    for n in (1, 2):
        make_report(index, n)
    html = client.get(index.url).content.decode()
    assert titles(html) == ["Report 2", "Report 1"]
    assert "Teaser of report 2" in html
    assert html.count('class="kf-comment-count" data-count="0"') == 2
    assert "Comments: 0" in html


def test_drafts_and_reports_elsewhere_are_not_listed(client, index):
    make_report(index, 1)
    draft = make_report(index, 2)
    draft.unpublish()
    other = make_index(make_site(), title="Other", slug="other")
    make_report(other, 3)
    assert titles(client.get(index.url).content.decode()) == ["Report 1"]


def test_pages_through_the_reports(client, index):
    for n in range(1, 6):
        make_report(index, n)
    assert titles(client.get(index.url, {"page": 2}).content.decode()) == ["Report 3", "Report 2"]
    last = client.get(index.url, {"page": 3}).content.decode()
    assert titles(last) == ["Report 1"]
    assert 'rel="prev"' in last and 'rel="next"' not in last


@pytest.mark.parametrize("bad", ["abc", "-1", "0", "999999", "1.5", "%00", "9" * 400])
def test_a_bad_page_number_shows_the_first_page_with_a_note(client, index, bad):
    for n in range(1, 4):
        make_report(index, n)
    response = client.get(index.url, {"page": bad})
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(html) == ["Report 3", "Report 2"]
    assert 'class="kf-note"' in html


def test_a_good_page_number_shows_no_note(client, index):
    make_report(index, 1)
    assert 'class="kf-note"' not in client.get(index.url, {"page": 1}).content.decode()


def test_an_empty_index_says_so(client, index):
    html = client.get(index.url).content.decode()
    assert "No reports have been published yet." in html


def test_index_announces_its_feed(client, index):
    html = client.get(index.url).content.decode()
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="News" href="{index.url}feed/">'
        in html
    )


def test_feed_is_rss_listing_the_reports(client, index):
    for n in (1, 2):
        make_report(index, n)
    response = client.get(index.url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "News"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Report 2", "Report 1"]
    assert items[0].findtext("link") == "http://testserver" + index.url + "report-2/"
    assert items[0].findtext("description") == "Teaser of report 2"
    assert items[0].findtext("pubDate")


def test_feed_of_an_empty_index_is_valid(client, index):
    channel = ET.fromstring(client.get(index.url + "feed/").content).find("channel")
    assert channel.findall("item") == []


def test_index_reads_in_german(client, index):
    make_report(index, 1)
    with translation.override("de"):
        html = client.get(index.url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Kommentare: 0" in html


@pytest.mark.parametrize("path", ["", "feed/"])
def test_index_and_feed_queries_stay_flat_as_reports_grow(client, path):
    index = make_index(reports_per_page=20)
    for n in range(1, 3):
        make_report(index, n)
    few = count_queries(client, index.url + path)
    for n in range(3, 13):
        make_report(index, n)
    assert count_queries(client, index.url + path) == few
