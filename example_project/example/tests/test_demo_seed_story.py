"""The demo tells the seed article's story (issue 15): its dates and figures, the way from the
home page and "Das Kundenforum" to the reports and the tracker, the site settings, German page
types in the admin, the moderators' link to the demo's port and the menu's current page."""

import datetime
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import signing
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.models import Site

from example.home import demo_content
from example.home.models import ContentPage, HomePage
from example.tests.conftest import read
from wagtail_kundenforum.comments.form import SIGNING_SALT
from wagtail_kundenforum.models import (
    Forum,
    ForumReportPage,
    KundenforumSettings,
    OutboxMessage,
    ReaderComment,
    Suggestion,
)

DEMO_PORT = 8123
EXAMPLE_PROJECT = Path(__file__).resolve().parents[2]
NEWS_URL, TRACKER_URL = "/aktuelles/", "/vorschlaege/"


def run_demo():
    call_command("kundenforum_demo", "--port", str(DEMO_PORT), stdout=io.StringIO())


def comment_data(page):
    """A reader's comment as the form sends it, signed a minute ago."""
    started = {"page": page.pk, "time": int(time.time()) - 60}
    return {
        "name": "Erika Muster",
        "email": "erika@example.org",
        "text": "Kommt die Festnetznummer auch für die Störungsannahme?",
        "consent": "on",
        "kf_started": signing.dumps(started, salt=SIGNING_SALT),
        "kf_topic": "",
    }


def local_day(moment):
    return timezone.localtime(moment).date()


# The seed article's dates and figures.


def test_the_second_forum_met_on_the_evening_of_the_3_0_against_the_netherlands(demo_db):
    first, second = Forum.objects.order_by("number")
    assert second.date == datetime.date(2011, 11, 15)
    assert (second.participants, second.suggestions_discussed) == (20, 30)
    # "mehr als die Hälfte" had been at the first forum.
    assert second.participants / 2 < second.returning_participants < second.participants
    # "gut 100" suggestions at the first forum, the year before.
    assert first.suggestions_discussed >= 100
    assert first.date < second.date - datetime.timedelta(days=180)


def test_the_second_report_appeared_on_7_december_2011(client, demo_db):
    report = ForumReportPage.objects.get(forum__number=2)
    assert report.date == datetime.date(2011, 12, 7)
    assert local_day(report.first_published_at) == report.date
    soup = read(client, report.url)
    assert soup.select_one(".kf-report time")["datetime"] == "2011-12-07"
    # Its readers commented in the days after it, not on the day the demo ran.
    comments = ReaderComment.objects.filter(page=report)
    assert comments.exists()
    assert all(
        report.date < local_day(comment.created_at) < datetime.date(2012, 1, 1)
        for comment in comments
    )


def test_the_hotline_was_done_before_the_second_forum_and_its_other_ideas_after(demo_db):
    second = Forum.objects.get(number=2)
    hotline = Suggestion.objects.get(title=demo_content.HOTLINE["title"])
    assert hotline.status_changes.last().date < second.date
    later = Suggestion.objects.filter(forum=second, status_changes__isnull=False)
    assert later.exists()
    assert not later.filter(status_changes__date__lte=datetime.date(2011, 12, 7)).exists()


def test_an_older_demo_moves_its_reports_to_the_seeds_dates_once(demo_db):
    report = ForumReportPage.objects.get(forum__number=2)
    ForumReportPage.objects.filter(pk=report.pk).update(
        date=datetime.date(2012, 11, 9), first_published_at=timezone.now()
    )
    run_demo()
    report.refresh_from_db()
    assert report.date == datetime.date(2011, 12, 7)
    assert local_day(report.first_published_at) == report.date
    assert report.live_revision.as_object().date == report.date
    revisions = report.revisions.count()
    run_demo()
    assert report.revisions.count() == revisions


# The way to the reports and the tracker.


@pytest.mark.parametrize("url", ["/", "/kundenforum/"])
def test_home_and_about_page_link_to_the_reports_and_the_tracker(client, demo_db, url):
    soup = read(client, url)
    links = {link["href"] for link in soup.select("main a[href]")}
    assert {NEWS_URL, TRACKER_URL} <= links


def test_the_site_settings_name_the_tracker_page_and_the_utilitys_signature(demo_db):
    site_settings = KundenforumSettings.for_site(Site.objects.get(is_default_site=True))
    assert site_settings.tracker_page.url == TRACKER_URL
    assert site_settings.official_reply_signature == "Ihre Stadtwerke Musterstadt"


# The admin in German.


def test_the_example_page_types_and_fields_are_german_in_german(demo_db):
    with translation.override("de"):
        assert str(HomePage._meta.verbose_name) == "Startseite"
        assert str(ContentPage._meta.verbose_name) == "Inhaltsseite"
        assert str(ContentPage._meta.verbose_name_plural) == "Inhaltsseiten"
        assert str(HomePage._meta.get_field("intro").verbose_name) == "Einleitung"
        assert str(ContentPage._meta.get_field("body").verbose_name) == "Inhalt"


def test_the_german_admin_offers_german_page_types(admin_client, demo_db):
    home = HomePage.objects.get()
    response = admin_client.get(f"/admin/pages/{home.pk}/add_subpage/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inhaltsseite" in html
    assert "Content page" not in html


# The moderators' notice.


def test_the_moderators_notice_links_to_the_admin_on_the_demos_port(client, demo_db, settings):
    # make demo starts its server after the demo command: a fresh process reads the settings.
    env = {k: v for k, v in os.environ.items() if k != "WAGTAILADMIN_BASE_URL"}
    env["DEMO_PORT_FILE"] = str(settings.DEMO_PORT_FILE)
    served = subprocess.run(
        [sys.executable, "-c", "import example.settings as s; print(s.WAGTAILADMIN_BASE_URL)"],
        cwd=EXAMPLE_PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    settings.WAGTAILADMIN_BASE_URL = served.stdout.strip()
    site_settings = KundenforumSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.moderator_emails = "moderation@example.org"
    site_settings.save()
    report = ForumReportPage.objects.get(forum__number=2)
    response = client.post(report.url, comment_data(report), REMOTE_ADDR="192.0.2.15")
    assert response.status_code == 302
    notice = OutboxMessage.objects.get(recipients=["moderation@example.org"])
    admin_url = f"http://127.0.0.1:{DEMO_PORT}/admin/"
    assert admin_url in notice.body


# The menu.


def menu(soup):
    return {
        link.get_text(strip=True): link.get("aria-current") for link in soup.select(".site-nav a")
    }


def test_the_menu_marks_the_page_shown_and_its_section(client, demo_db):
    assert set(menu(read(client, "/")).values()) == {None}
    assert menu(read(client, NEWS_URL)) == {
        "Aktuelles": "page",
        "Das Kundenforum": None,
        "Was aus Ihren Vorschlägen wurde": None,
    }
    assert menu(read(client, "/aktuelles/zweites-kundenforum/"))["Aktuelles"] == "true"
    hotline = Suggestion.objects.get(title=demo_content.HOTLINE["title"])
    assert menu(read(client, hotline.get_url()))["Was aus Ihren Vorschlägen wurde"] == "true"
