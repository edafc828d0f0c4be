"""Moderators work through reader comments in the Wagtail admin: the queue with its count,
filters, search and export, bulk moderation, official replies and the dashboard panel.
Nobody without the app's comment permissions sees or changes a comment there."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.support.helpers import count_queries, make_comment, make_report
from wagtail_kundenforum.models import CommentState, ReaderComment

pytestmark = pytest.mark.django_db

COMMENT_PERMISSIONS = ["add", "change", "delete", "view"]


def admin_url(view_name, *args):
    return reverse(f"wagtailsnippets_wagtail_kundenforum_readercomment:{view_name}", args=args)


def bulk_url(action, *comments, next_url=None):
    url = reverse("wagtail_bulk_action", args=("wagtail_kundenforum", "readercomment", action))
    query = "&".join(f"id={comment.pk}" for comment in comments)
    if next_url:
        query += f"&next={next_url}"
    return f"{url}?{query}"


def waiting_comment(page, n=1, **fields):
    """A reader's comment as it arrives when moderation is on: pending."""
    fields.setdefault("state", CommentState.PENDING)
    return make_comment(page, n, **fields)


def csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def user_in_group(django_user_model, username, group_name, permissions):
    # Wagtail's initial data already has "Moderators" and "Editors" groups.
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.set(permissions)
    user = django_user_model.objects.create_user(
        username, f"{username}@stadtwerke.example", "pw", first_name=username.title()
    )
    user.groups.add(group)
    return user


def access_admin():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


@pytest.fixture
def moderator(django_user_model):
    permissions = Permission.objects.filter(
        content_type__app_label="wagtail_kundenforum",
        codename__in=[f"{action}_readercomment" for action in COMMENT_PERMISSIONS],
    )
    return user_in_group(
        django_user_model, "moderator", "Moderators", [access_admin(), *permissions]
    )


@pytest.fixture
def editor(django_user_model):
    forum_permissions = Permission.objects.filter(
        content_type__app_label="wagtail_kundenforum", codename__endswith="_forum"
    )
    return user_in_group(
        django_user_model, "editor", "Editors", [access_admin(), *forum_permissions]
    )


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def comments(report, django_capture_on_commit_callbacks):
    # The search index is updated on commit.
    with django_capture_on_commit_callbacks(execute=True):
        return [
            waiting_comment(
                report,
                1,
                name="Erna Beispiel",
                text="Bitte die Hotline wieder als Festnetznummer.",
                ip_address="192.0.2.0",
            ),
            waiting_comment(report, 2, name="Kurt Muster", text="Der Bus fährt abends zu selten."),
            make_comment(report, 3, name="Ida Gestern", text="Schon freigeschaltet."),
            make_comment(report, 4, name="Spam Bot", text="Billige Uhren", state=CommentState.SPAM),
        ]


def names_in(response):
    html = response.content.decode()
    return {name for name in ("Erna", "Kurt", "Ida", "Spam Bot") if name in html}


def test_the_queue_lists_comments_newest_first(moderator_client, comments):
    html = moderator_client.get(admin_url("list")).content.decode()
    positions = [html.index(name) for name in ("Spam Bot", "Ida Gestern", "Kurt", "Erna")]
    assert positions == sorted(positions)
    assert "Bitte die Hotline wieder als Festnetznummer." in html
    assert "Report 1" in html


def test_the_queue_needs_no_more_queries_for_more_comments(moderator_client, report):
    moderator_client.get(admin_url("list"))  # warm up caches (content types, sessions)
    for n in range(1, 3):
        waiting_comment(report, n)
    few = count_queries(moderator_client, admin_url("list"))
    other = make_report(report.get_parent(), 2)
    for n in range(3, 13):
        waiting_comment(other if n % 2 else report, n)
    assert count_queries(moderator_client, admin_url("list")) == few


def test_the_menu_label_shows_how_many_comments_wait(moderator_client, comments):
    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Reader comments (2)" in html
    ReaderComment.objects.filter(pk=comments[0].pk).update(state=CommentState.APPROVED)
    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Reader comments (1)" in html and "Reader comments (2)" not in html


def test_the_queue_filters_by_state(moderator_client, comments):
    response = moderator_client.get(admin_url("list"), {"state": CommentState.PENDING})
    assert names_in(response) == {"Erna", "Kurt"}


def test_the_queue_filters_by_page(moderator_client, comments):
    other = make_report(comments[0].page.get_parent(), 2)
    waiting_comment(other, 5, name="Otto Anderswo")
    response = moderator_client.get(admin_url("list"), {"page": other.pk})
    assert "Otto Anderswo" in response.content.decode()
    assert names_in(response) == set()


def test_the_queue_filters_by_date(moderator_client, report):
    old = waiting_comment(report, 1, name="Erna Beispiel")
    ReaderComment.objects.filter(pk=old.pk).update(created_at="2012-03-01T12:00:00+01:00")
    waiting_comment(report, 2, name="Kurt Muster")
    response = moderator_client.get(
        admin_url("list"), {"created_at_from": "2012-02-01", "created_at_to": "2012-03-31"}
    )
    assert names_in(response) == {"Erna"}


def test_the_queue_searches_names_and_text(moderator_client, comments):
    assert names_in(moderator_client.get(admin_url("list"), {"q": "Festnetznummer"})) == {"Erna"}
    assert names_in(moderator_client.get(admin_url("list"), {"q": "Muster"})) == {"Kurt"}


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("approve", CommentState.APPROVED),
        ("reject", CommentState.REJECTED),
        ("spam", CommentState.SPAM),
    ],
)
def test_bulk_moderation_changes_state_and_records_who(
    moderator_client, moderator, comments, action, state
):
    waiting = comments[:2]
    confirmation = moderator_client.get(bulk_url(action, *waiting))
    assert confirmation.status_code == 200
    assert names_in(confirmation) == {"Erna", "Kurt"}
    response = moderator_client.post(bulk_url(action, *waiting, next_url=admin_url("list")))
    assert response.status_code == 302 and response.url == admin_url("list")
    for comment in waiting:
        comment.refresh_from_db()
        assert comment.state == state
        assert comment.moderated_by == moderator and comment.moderated_at is not None
    assert ReaderComment.objects.get(pk=comments[2].pk).state == CommentState.APPROVED


def test_the_listing_offers_bulk_and_single_moderation(moderator_client, comments):
    html = moderator_client.get(admin_url("list")).content.decode()
    for label in ("Approve selected reader comments", "Reject selected reader comments"):
        assert label in html
    assert "Mark selected reader comments as spam" in html
    assert bulk_url("approve", comments[0]).split("?")[0] in html
    assert admin_url("reply", comments[0].pk) in html


def test_an_official_reply_is_published_under_the_top_level_comment(
    moderator_client, moderator, comments
):
    question = comments[2]
    reader_reply = make_comment(question.page, 5, parent=question, text="Ich auch!")
    page = moderator_client.get(admin_url("reply", reader_reply.pk))
    assert page.status_code == 200 and "Schon freigeschaltet." in page.content.decode()

    response = moderator_client.post(
        admin_url("reply", reader_reply.pk), {"text": "Danke, das ist umgesetzt."}, follow=True
    )

    assert response.redirect_chain == [(admin_url("list"), 302)]
    assert "Your reply to Ida Gestern is published." in response.content.decode()
    reply = ReaderComment.objects.get(text="Danke, das ist umgesetzt.")
    assert reply.parent == question and reply.page_id == question.page_id
    assert reply.is_official and reply.state == CommentState.APPROVED
    assert reply.name == "Your utility" and reply.email == ""  # never the login
    assert reply.moderated_by == moderator


def test_an_official_reply_needs_text(moderator_client, comments):
    response = moderator_client.post(admin_url("reply", comments[2].pk), {"text": "  "})
    assert response.status_code == 200
    assert not ReaderComment.objects.filter(is_official=True).exists()


def test_sending_the_same_official_reply_twice_stores_it_once(moderator_client, comments):
    url = admin_url("reply", comments[2].pk)
    for _ in range(2):
        assert moderator_client.post(url, {"text": "Danke!"}).status_code == 302
    assert ReaderComment.objects.filter(is_official=True).count() == 1


def test_the_export_has_no_ip_addresses(moderator_client, comments):
    response = moderator_client.get(admin_url("list"), {"export": "csv"})
    rows = csv_rows(response)
    header, *data = rows
    assert "E-mail" in header and not any("IP" in heading for heading in header)
    content = "\n".join(",".join(row) for row in rows)
    assert "192.0.2.0" not in content
    assert comments[0].content_hash not in content
    assert len(data) == 4 and "reader1@example.org" in content


def test_the_export_defuses_spreadsheet_formulas(moderator_client, report):
    waiting_comment(report, 1, text='=HYPERLINK("http://evil.example","Klick")')
    rows = csv_rows(moderator_client.get(admin_url("list"), {"export": "csv"}))
    text_column = rows[0].index("Comment")
    assert rows[1][text_column] == '\'=HYPERLINK("http://evil.example","Klick")'


def test_the_inspect_view_hides_ip_address_and_hash(moderator_client, comments):
    html = moderator_client.get(admin_url("inspect", comments[0].pk)).content.decode()
    assert "Bitte die Hotline wieder als Festnetznummer." in html
    assert "192.0.2.0" not in html and "IP address" not in html
    assert comments[0].content_hash not in html


def test_a_moderator_corrects_a_comments_text(moderator_client, comments):
    comment = comments[0]
    data = {"page": comment.page_id, "parent": "", "name": comment.name, "email": comment.email}
    data.update(url="", text="Bitte die Hotline wieder als Festnetz-Nummer.")
    response = moderator_client.post(admin_url("edit", comment.pk), data)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Bitte die Hotline wieder als Festnetz-Nummer."
    assert comment.state == CommentState.PENDING and comment.ip_address == "192.0.2.0"


def test_the_edit_form_cannot_change_state_ip_or_hash(moderator_client, comments):
    html = moderator_client.get(admin_url("edit", comments[0].pk)).content.decode()
    assert 'name="text"' in html
    for field in ("state", "ip_address", "content_hash", "moderated_by"):
        assert f'name="{field}"' not in html


def test_the_dashboard_shows_waiting_comments_to_moderators(moderator_client, comments):
    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Comments waiting for moderation" in html
    assert "2 reader comments are waiting for moderation." in html
    assert admin_url("inspect", comments[0].pk) in html
    assert admin_url("edit", comments[1].pk) in html
    assert "Ida Gestern" not in html


def test_the_dashboard_shows_the_five_newest_waiting_comments(moderator_client, report):
    for n in range(1, 8):
        waiting_comment(report, n, name=f"Person {n}")
    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "7 reader comments are waiting for moderation." in html
    shown = [n for n in range(1, 8) if f"Person {n}<" in html]
    assert shown == [3, 4, 5, 6, 7]


def test_editors_see_no_comment_panel_or_count(client, editor, comments):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Comments waiting for moderation" not in html
    assert "Reader comments" not in html


def test_editors_cannot_moderate_by_posting(client, editor, comments):
    client.force_login(editor)
    for action in ("approve", "reject", "spam", "delete"):
        client.post(bulk_url(action, comments[0]))
    client.post(admin_url("reply", comments[0].pk), {"text": "Von mir"})
    assert ReaderComment.objects.get(pk=comments[0].pk).state == CommentState.PENDING
    assert ReaderComment.objects.count() == 4


def comment_view_url(view, comment):
    """The admin URL, by name, of each view that shows or changes a comment."""
    urls = {
        "list": admin_url("list"),
        "inspect": admin_url("inspect", comment.pk),
        "edit": admin_url("edit", comment.pk),
        "delete": admin_url("delete", comment.pk),
        "export": admin_url("list") + "?export=csv",
        "approve": bulk_url("approve", comment),
        "reject": bulk_url("reject", comment),
        "spam": bulk_url("spam", comment),
        "bulk delete": bulk_url("delete", comment),
        "reply": admin_url("reply", comment.pk),
        "chooser": reverse("wagtailsnippetchoosers_wagtail_kundenforum_readercomment:choose"),
    }
    return urls[view]


VIEWS = ["list", "inspect", "edit", "delete", "export", "approve", "reject", "spam"]
VIEWS += ["bulk delete", "reply", "chooser"]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("who", ["anonymous", "editor", "moderator"])
def test_only_moderators_reach_comments_in_the_admin(client, request, comments, who, view):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(comment_view_url(view, comments[0]))
    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))
    elif who == "editor":
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    else:
        assert response.status_code == 200
