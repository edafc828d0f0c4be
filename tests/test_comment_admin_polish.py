"""Reader comments in the admin come only from readers, and the waiting ones are counted where
a moderator sees them first: on the "Customer forum" menu itself (issue 15, item 12)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.support.helpers import make_comment
from wagtail_kundenforum.models import CommentState, ReaderComment

pytestmark = pytest.mark.django_db

LISTING = "wagtailsnippets_wagtail_kundenforum_readercomment"


def admin_url(view_name, *args):
    return reverse(f"{LISTING}:{view_name}", args=args)


def user_with(django_user_model, username, codenames):
    group = Group.objects.create(name=f"Group of {username}")
    group.permissions.set(Permission.objects.filter(codename__in=["access_admin", *codenames]))
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(group)
    return user


@pytest.fixture
def moderator_client(client, django_user_model):
    codenames = [f"{action}_readercomment" for action in ("add", "change", "delete", "view")]
    client.force_login(user_with(django_user_model, "moderator", codenames))
    return client


@pytest.fixture
def editor_client(client, django_user_model):
    """Edits suggestions, never sees a reader comment."""
    codenames = [f"{action}_suggestion" for action in ("add", "change", "publish")]
    client.force_login(user_with(django_user_model, "editor", codenames))
    return client


@pytest.fixture(params=["superuser", "moderator"])
def staff_client(request):
    return request.getfixturevalue(
        "admin_client" if request.param == "superuser" else "moderator_client"
    )


@pytest.fixture
def waiting(report):
    return [make_comment(report, n, state=CommentState.PENDING) for n in (1, 2)]


def made_up_comment(report):
    return {
        "page": report.pk,
        "name": "Erfundene Leserin",
        "email": "erfunden@example.org",
        "url": "",
        "text": "Ganz tolle Stadtwerke!",
        "is_official": "",
    }


def test_the_listing_offers_no_add_button(staff_client, report, waiting):
    html = staff_client.get(admin_url("list")).content.decode()
    assert staff_client.get(admin_url("list")).status_code == 200
    assert admin_url("add") not in html
    assert "Add reader comment" not in html


def test_the_empty_listing_invites_no_one_to_add_a_comment(staff_client, report):
    html = staff_client.get(admin_url("list")).content.decode()
    assert admin_url("add") not in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_add_url_makes_no_comment(staff_client, report, method):
    response = getattr(staff_client, method)(admin_url("add"), made_up_comment(report))
    assert response.status_code == 404
    assert not ReaderComment.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_chooser_cannot_create_a_comment_either(staff_client, report, method):
    url = reverse("wagtailsnippetchoosers_wagtail_kundenforum_readercomment:create")
    response = getattr(staff_client, method)(url, made_up_comment(report))
    assert response.status_code in (403, 404)
    assert not ReaderComment.objects.exists()


def test_the_utility_still_replies_officially(staff_client, report):
    comment = make_comment(report, 1)
    response = staff_client.post(admin_url("reply", comment.pk), {"text": "Danke für den Hinweis."})
    assert response.status_code == 302
    reply = ReaderComment.objects.get(parent=comment)
    assert reply.is_official and reply.state == CommentState.APPROVED


def test_edit_and_inspect_still_answer(staff_client, report, waiting):
    assert staff_client.get(admin_url("edit", waiting[0].pk)).status_code == 200
    assert staff_client.get(admin_url("inspect", waiting[0].pk)).status_code == 200


def sidebar_labels(client):
    """An admin page's HTML with the sidebar's menu (the account page: every user has it)."""
    response = client.get(reverse("wagtailadmin_account"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_customer_forum_menu_itself_shows_the_waiting_comments(staff_client, waiting):
    html = sidebar_labels(staff_client)
    assert '"label": "Customer forum (2)"' in html
    assert '"label": "Reader comments (2)"' in html
    waiting[0].state = CommentState.APPROVED
    waiting[0].save()
    html = sidebar_labels(staff_client)
    assert '"label": "Customer forum (1)"' in html and "Customer forum (2)" not in html


def test_without_waiting_comments_the_menu_has_its_plain_label(staff_client, report):
    html = sidebar_labels(staff_client)
    assert '"label": "Customer forum"' in html and "Customer forum (" not in html


def test_an_editor_who_may_not_moderate_sees_no_count(editor_client, waiting):
    html = sidebar_labels(editor_client)
    assert '"label": "Customer forum"' in html and "Customer forum (" not in html
