"""A site's own subclasses of the app's pages and mixin, each twice (see tests/testapp):
Django's checks pass, and their pages sit in the tree, render, take comments and are listed."""

import datetime
import re

import pytest
from django.core.checks import ERROR, run_checks
from django.urls import reverse

from tests.support.helpers import comment_data, make_comment, make_forum, make_site, publish
from tests.testapp.models import (
    ArchiveIndexPage,
    DistrictForumIndexPage,
    DistrictReportPage,
    EventPage,
    FaqPage,
    GuestReportPage,
)
from wagtail_kundenforum.models import ForumIndexPage, ForumReportPage, ReaderComment

pytestmark = pytest.mark.django_db


def report(index, model, n, **fields):
    fields.setdefault("date", datetime.date(2013, 1, 1) + datetime.timedelta(days=n))
    page = model(title=f"{model.__name__} {n}", slug=f"report-{n}", teaser=f"Teaser {n}", **fields)
    return publish(index, page)


@pytest.fixture
def district():
    index = publish(make_site(), DistrictForumIndexPage(title="Nord", slug="nord", district="Nord"))
    return index, [report(index, DistrictReportPage, n, district="Nord") for n in (1, 2)]


@pytest.fixture
def archive():
    index = publish(make_site(), ArchiveIndexPage(title="Archiv", slug="archiv"))
    return index, [report(index, DistrictReportPage, 3), report(index, GuestReportPage, 4)]


def titles(html):
    return re.findall(r'class="kf-teaser__title"><a href="[^"]+">([^<]+)</a>', html)


def test_the_system_checks_pass():
    problems = [m for m in run_checks() if m.level >= ERROR or m.id.startswith("fields.")]
    assert problems == []


def test_each_subclass_keeps_its_own_reverse_name_from_the_forum():
    names = {rel.get_accessor_name() for rel in make_forum()._meta.related_objects}
    assert {
        "wagtail_kundenforum_forumreportpage_reports",
        "testapp_districtreportpage_reports",
        "testapp_guestreportpage_reports",
    } <= names


def test_the_site_decides_where_its_pages_go():
    assert DistrictForumIndexPage.get_report_models() == [DistrictReportPage]
    assert set(ArchiveIndexPage.get_report_models()) == {DistrictReportPage, GuestReportPage}
    assert ForumIndexPage.get_report_models() == [ForumReportPage]


@pytest.mark.parametrize("model", [DistrictReportPage, GuestReportPage])
def test_an_editor_adds_a_report_of_the_site_type_in_the_admin(admin_client, archive, model):
    index, _ = archive
    meta = model._meta
    url = reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, index.pk])
    form = admin_client.get(url).content.decode()
    assert 'name="teaser"' in form and 'name="forum"' in form


def test_the_reports_render_in_the_app_template_and_list_in_their_index(client, district):
    index, reports = district
    for page in reports:
        html = client.get(page.url).content.decode()
        assert 'class="kf-report"' in html and page.teaser in html
        assert "application/ld+json" in html, "the report's structured data"
    assert titles(client.get(index.url).content.decode()) == [
        "DistrictReportPage 2",
        "DistrictReportPage 1",
    ]


def test_a_report_below_a_page_of_the_site_renders_without_a_feed_link(client):
    page = report(make_site(), DistrictReportPage, 5)
    html = client.get(page.url).content.decode()
    assert 'class="kf-report"' in html and "application/rss+xml" not in html
    assert 'class="kf-back-link"' in html


def test_an_index_of_two_report_types_lists_both_newest_first(client, archive):
    index, (district_report, _) = archive
    make_comment(district_report)
    html = client.get(index.url).content.decode()
    assert titles(html) == ["GuestReportPage 4", "DistrictReportPage 3"]
    assert 'data-count="1"' in html and 'data-count="0"' in html
    feed = client.get(index.url + "feed/").content.decode()
    assert feed.index("GuestReportPage 4") < feed.index("DistrictReportPage 3")


def test_a_forum_finds_its_report_of_any_type(archive):
    index, _ = archive
    forum = make_forum(7)
    assert forum.report is None
    guest = report(index, GuestReportPage, 9, forum=forum)
    assert forum.report == guest


@pytest.mark.parametrize("kind", ["district", "guest", "event", "faq"])
def test_each_page_type_takes_and_shows_comments(client, district, archive, kind):
    page = {
        "district": lambda: district[1][0],
        "guest": lambda: archive[1][1],
        "event": lambda: publish(make_site(), EventPage(title="Tag der offenen Tür", slug="tag")),
        "faq": lambda: publish(make_site(), FaqPage(title="Fragen", slug="fragen")),
    }[kind]()
    response = client.post(page.url, comment_data(page, text="Gut gemacht."))
    assert response.status_code == 302
    assert response["Location"].endswith("?kf_comment=pending#kf-comments")
    assert ReaderComment.objects.get(text="Gut gemacht.").page_id == page.pk

    make_comment(page, text="Schon freigegeben.")
    html = client.get(page.url).content.decode()
    assert 'class="kf-comments"' in html and "Schon freigegeben." in html
    assert 'class="kf-comment-form"' in html
