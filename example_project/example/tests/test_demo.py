"""The demo content: complete, idempotent, served, and its admin can log in."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Site

from wagtail_kundenforum.models import Forum, ForumReportPage

pytestmark = pytest.mark.django_db

DEMO_URLS = [
    "/",
    "/aktuelles/",
    "/aktuelles/erstes-kundenforum/",
    "/aktuelles/zweites-kundenforum/",
    "/aktuelles/feed/",
    "/kundenforum/",
    "/datenschutz/",
]


def run_demo(*args):
    out = io.StringIO()
    call_command("kundenforum_demo", *args, stdout=out)
    return out.getvalue()


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_demo_creates_both_forums_and_their_reports():
    run_demo()
    assert list(Forum.objects.values_list("number", "participants", "returning_participants")) == [
        (1, 22, 0),
        (2, 20, 11),
    ]
    reports = ForumReportPage.objects.live().order_by("date")
    assert [report.forum.number for report in reports] == [1, 2]
    assert Forum.objects.get(number=2).method == "dynamic_facilitation"


def test_running_the_demo_twice_changes_no_row_count():
    run_demo()
    first = row_counts()
    run_demo()
    assert row_counts() == first


def test_demo_sets_the_site_to_the_served_port():
    run_demo("--port", "8123")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert Site.objects.count() == 1


@pytest.mark.parametrize("url", DEMO_URLS)
def test_demo_pages_are_served(client, url):
    run_demo()
    assert client.get(url).status_code == 200


def test_demo_feed_lists_both_reports(client):
    run_demo()
    channel = ET.fromstring(client.get("/aktuelles/feed/").content).find("channel")
    assert [item.findtext("title") for item in channel.findall("item")] == [
        "Zweites Kundenforum: 30 Vorschläge ausführlich besprochen",
        "Rund 100 Anregungen beim ersten Kundenforum",
    ]


def test_demo_report_shows_quotes_and_the_forums_facts(client):
    run_demo()
    html = client.get("/aktuelles/zweites-kundenforum/").content.decode()
    assert 'class="kf-quote kf-quote--customer"' in html
    assert 'class="kf-quote kf-quote--management"' in html
    assert "Dynamic Facilitation" in html and "<dd>30</dd>" in html
    assert "Zurück" in html
    assert 'class="kf-comment-count" data-count="3"' in html
    assert "kf-comment--official" in html


@override_settings(DEBUG=True)
def test_printed_demo_credentials_log_into_the_admin(client):
    output = run_demo("--create-admin")
    match = re.search(r"user: (\S+)\s+password: (\S+)", output)
    assert client.login(username=match.group(1), password=match.group(2))
    assert client.get("/admin/").status_code == 200


@override_settings(DEBUG=False)
def test_no_demo_admin_without_debug():
    with pytest.raises(CommandError):
        run_demo("--create-admin")
