"""Moderators answer a reader's data request in the admin: export or erase by e-mail."""

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.support.helpers import make_comment
from wagtail_kundenforum.models import ReaderComment

pytestmark = pytest.mark.django_db

URL = "wagtail_kundenforum_personal_data"


def user_with(django_user_model, name, *codenames):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    group = Group.objects.create(name=name)
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    user.groups.add(group)
    return user


@pytest.fixture
def moderator_client(client, django_user_model):
    client.force_login(user_with(django_user_model, "moderator", "delete_readercomment"))
    return client


def test_export_downloads_every_comment_of_the_address(moderator_client, report):
    make_comment(report, 1, email="Anna@example.org", text="Meine Idee")
    make_comment(report, 2, email="bernd@example.org")
    response = moderator_client.post(reverse(URL), {"email": "anna@example.org", "export": ""})
    assert response["Content-Disposition"] == 'attachment; filename="personal-data.json"'
    document = json.loads(response.content)
    assert [c["text"] for c in document["comments"]] == ["Meine Idee"]


def test_erase_needs_confirmation_then_deletes_only_that_address(moderator_client, report):
    make_comment(report, 1, email="anna@example.org")
    make_comment(report, 2, email="bernd@example.org")
    data = {"email": "anna@example.org", "erase": ""}
    response = moderator_client.post(reverse(URL), data)
    assert response.status_code == 200
    assert ReaderComment.objects.count() == 2
    response = moderator_client.post(reverse(URL), {**data, "confirm_erase": "on"})
    assert response.status_code == 302
    assert list(ReaderComment.objects.values_list("email", flat=True)) == ["bernd@example.org"]


def test_the_page_counts_the_comments_of_an_address(moderator_client, report):
    make_comment(report, 1, email="anna@example.org")
    response = moderator_client.post(reverse(URL), {"email": "anna@example.org", "erase": ""})
    assert "1 comment written with this address." in response.content.decode()


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(reverse(URL))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_editors_without_comment_permissions_are_refused(client, django_user_model, report):
    make_comment(report, 1, email="anna@example.org")
    editor = user_with(django_user_model, "editor", "change_readercomment")
    client.force_login(editor)
    assert client.get(reverse(URL)).status_code in (302, 403)
    response = client.post(
        reverse(URL), {"email": "anna@example.org", "erase": "", "confirm_erase": "on"}
    )
    assert response.status_code in (302, 403)
    assert ReaderComment.objects.count() == 1


def test_the_settings_menu_offers_the_page_to_moderators_only(client, django_user_model):
    client.force_login(user_with(django_user_model, "moderator", "delete_readercomment"))
    assert reverse(URL) in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(user_with(django_user_model, "editor", "change_readercomment"))
    assert reverse(URL) not in client.get(reverse("wagtailadmin_home")).content.decode()
