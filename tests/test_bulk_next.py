"""After a bulk action the moderator lands on a page that exists: the ``next`` they came
from when it is a path on this site, else the listing of what they acted on."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.support.security_helpers import APP, build_world, bulk_url

pytestmark = pytest.mark.django_db

REFUSED_NEXT = [None, "https://evil.example/", "//evil.example", "0", "javascript:alert(1)"]


def listing(model_name):
    return reverse(f"wagtailsnippets_{APP}_{model_name}:list")


def actions(world):
    """{name: (model name, url, data)} of every bulk action the app has."""
    change = {
        "status": world.spare_status.pk,
        "date": timezone.localdate().isoformat(),
        "reason": "Technisch nicht möglich.",
    }
    comment_actions = {
        f"{action} comment": ("readercomment", bulk_url("readercomment", action, world.comment), {})
        for action in ["approve", "reject", "spam", "delete"]
    }
    return {
        **comment_actions,
        "change status": (
            "suggestion",
            bulk_url("suggestion", "change_status", world.suggestion),
            change,
        ),
        "delete suggestion": ("suggestion", bulk_url("suggestion", "delete", world.suggestion), {}),
        "delete forum": ("forum", bulk_url("forum", "delete", world.spare_forum), {}),
        "delete topic": (
            "suggestiontopic",
            bulk_url("suggestiontopic", "delete", world.spare_topic),
            {},
        ),
        "delete status": (
            "suggestionstatus",
            bulk_url("suggestionstatus", "delete", world.spare_status),
            {},
        ),
    }


ACTIONS = [
    *(f"{action} comment" for action in ["approve", "reject", "spam", "delete"]),
    "change status",
    "delete suggestion",
    "delete forum",
    "delete topic",
    "delete status",
]


def with_next(url, next_url):
    return url if next_url is None else f"{url}&next={quote(next_url, safe='')}"


@pytest.mark.parametrize("next_url", REFUSED_NEXT)
@pytest.mark.parametrize("action", ACTIONS)
def test_a_refused_next_lands_on_the_listing(admin_client, action, next_url):
    model_name, url, data = actions(build_world())[action]

    response = admin_client.post(with_next(url, next_url), data)

    assert response.status_code == 302
    assert response["Location"] == listing(model_name)
    assert admin_client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("action", ACTIONS)
def test_a_path_on_this_site_is_followed(admin_client, action):
    _, url, data = actions(build_world())[action]

    response = admin_client.post(with_next(url, "/admin/pages/"), data)

    assert response["Location"] == "/admin/pages/"


def test_the_confirmation_page_cancels_to_the_listing(admin_client):
    world = build_world()

    response = admin_client.get(bulk_url("readercomment", "approve", world.comment))

    assert response.status_code == 200
    assert response.context["next"] == listing("readercomment")
