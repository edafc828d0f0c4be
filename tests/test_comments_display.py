"""Approved comments show oldest first, paged, with replies, official answers and safe text."""

import re

import pytest
from django.utils import translation

from tests.support.helpers import count_queries, make_comment
from wagtail_kundenforum.models import CommentState, KundenforumSettings

pytestmark = pytest.mark.django_db


def comment_texts(html):
    return re.findall(r'<div class="kf-comment__text">(.*?)</div>', html)


def test_only_approved_comments_show_oldest_first(client, report):
    make_comment(report, 1, text="eins")
    make_comment(report, 2, text="wartet", state=CommentState.PENDING)
    make_comment(report, 3, text="abgelehnt", state=CommentState.REJECTED)
    make_comment(report, 4, text="spam", state=CommentState.SPAM)
    make_comment(report, 5, text="zwei")
    html = client.get(report.url).content.decode()
    assert comment_texts(html) == ["eins", "zwei"]
    assert 'class="kf-comment-count" data-count="2"' in html


def test_the_news_list_counts_approved_comments(client, report):
    make_comment(report, 1)
    make_comment(report, 2, state=CommentState.PENDING)
    html = client.get(report.get_parent().url).content.decode()
    assert 'class="kf-comment-count" data-count="1"' in html
    with translation.override("de"):
        html = client.get(report.get_parent().url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Kommentare: 1" in html


def test_comments_are_paged_by_comments_page(client, report):
    for n in range(1, 53):
        make_comment(report, n, text=f"Nr {n}")
    first = client.get(report.url).content.decode()
    assert len(comment_texts(first)) == 50 and comment_texts(first)[0] == "Nr 1"
    second = client.get(report.url, {"comments_page": 2}).content.decode()
    assert comment_texts(second) == ["Nr 51", "Nr 52"]
    assert 'href="?comments_page=1#kf-comments"' in second


@pytest.mark.parametrize("bad", ["abc", "-1", "0", "999999", ""])
def test_a_bad_comments_page_shows_the_first_page(client, report, bad):
    make_comment(report, 1, text="eins")
    response = client.get(report.url, {"comments_page": bad})
    assert response.status_code == 200
    assert comment_texts(response.content.decode()) == ["eins"]


def test_official_replies_are_marked_with_the_label(client, report):
    top = make_comment(report, 1, text="Frage")
    make_comment(report, 2, parent=top, text="Antwort", is_official=True, name="Kundenservice")
    html = client.get(report.url).content.decode()
    assert 'class="kf-comment kf-comment--official"' in html
    assert "Reply from the utility" in html
    with translation.override("de"):
        assert (
            "Antwort der Stadtwerke"
            in client.get(report.url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        )


def test_the_official_label_is_configurable_per_site(client, report):
    site_settings = KundenforumSettings.for_site(report.get_site())
    site_settings.official_reply_label = "Antwort der Stadtwerke Musterstadt"
    site_settings.save()
    top = make_comment(report, 1)
    make_comment(report, 2, parent=top, is_official=True)
    assert "Antwort der Stadtwerke Musterstadt" in client.get(report.url).content.decode()


def test_text_is_escaped_keeps_line_breaks_and_links_addresses(client, report):
    make_comment(report, 1, text="<b>fett</b>\nZeile zwei https://example.org/x?a=1&b=2")
    html = client.get(report.url).content.decode()
    assert (
        "&lt;b&gt;fett&lt;/b&gt;<br>Zeile zwei "
        '<a href="https://example.org/x?a=1&amp;b=2" rel="nofollow ugc noopener">'
    ) in html


def test_a_commenters_website_links_their_name_without_passing_rank(client, report):
    make_comment(report, 1, name="Erika", url="https://erika.example")
    make_comment(report, 2, name="Mallory", url="javascript:alert(1)")
    html = client.get(report.url).content.decode()
    assert '<a href="https://erika.example" rel="nofollow ugc noopener">Erika</a>' in html
    assert "javascript:" not in html


def test_email_addresses_and_ips_never_appear(client, report):
    make_comment(report, 1, email="geheim@example.org", ip_address="192.0.2.0")
    for url in (report.url, report.get_parent().url, report.get_parent().url + "feed/"):
        content = client.get(url).content.decode()
        assert "geheim@example.org" not in content and "192.0.2.0" not in content


def test_queries_stay_flat_from_5_to_500_comments(client, report):
    for n in range(5):
        top = make_comment(report, n)
        make_comment(report, 1000 + n, parent=top)
    client.get(report.url)  # warm-up
    few = count_queries(client, report.url)
    from wagtail_kundenforum.models import ReaderComment

    ReaderComment.objects.bulk_create(
        ReaderComment(
            page=report,
            name="R",
            email=f"r{n}@example.org",
            text=f"T {n}",
            state=CommentState.APPROVED,
            content_hash=f"{n:064d}",
        )
        for n in range(495)
    )
    client.get(report.url)
    assert count_queries(client, report.url) == few
