"""The choosers of the app's snippets show a user only what they may see: closed to admin
users with nothing to choose for, drafts only to who may edit them, live titles to the rest.

Who may choose: any permission on the model, or editing what links to it (a suggestion's
forum, topic and status; a report's forum and the stats block, for page editors).
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from tests.support.helpers import make_forum, make_suggestion, make_topic
from tests.support.security_helpers import APP, admin_user, moderator, plain_editor, superuser
from wagtail_kundenforum.models import SuggestionStatus

pytestmark = pytest.mark.django_db

SNIPPETS = ["forum", "suggestion", "suggestionstatus", "suggestiontopic"]
LIVE_TITLE = "Hotline wieder mit Festnetznummer"
DRAFT_OF_LIVE = "Hotline mit kostenloser Festnetznummer (Entwurf)"
DRAFT_TITLE = "Geheimer Plan für neue Buslinien"


def chooser_url(model_name, view_name="choose", *args):
    return reverse(f"wagtailsnippetchoosers_{APP}_{model_name}:{view_name}", args=args)


def suggestion_editor():
    """As the README advises for editors of suggestions: nothing on forums, statuses, topics."""
    codenames = [f"{action}_suggestion" for action in ["add", "change", "publish", "view"]]
    return admin_user("vorschlagsredakteur", "Suggestion editors", codenames)


def suggestion_viewer():
    return admin_user("leserin", "Suggestion viewers", ["view_suggestion"])


def page_editor():
    """A page editor (Wagtail's usual "Editors"), with nothing of the customer forum."""
    user = admin_user("seitenredakteur", "Page editors", [])
    group = Group.objects.get(name="Page editors")
    change_page = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="change_page"
    )
    GroupPagePermission.objects.create(
        group=group, page=Page.get_first_root_node(), permission=change_page
    )
    return user


@pytest.fixture
def suggestions():
    """A live suggestion with a newer draft waiting, and one never published."""
    forum, topic = make_forum(1), make_topic("bus")
    live = make_suggestion(forum, topic=topic, title=LIVE_TITLE)
    live.title = DRAFT_OF_LIVE
    live.save_revision()  # the draft of a live suggestion waits in a revision
    draft = make_suggestion(forum, topic=topic, live=False, title=DRAFT_TITLE)
    return live, draft


def open_as(client, user, url, ajax=False):
    client.force_login(user)
    headers = {"X-Requested-With": "XMLHttpRequest"} if ajax else {}
    return client.get(url, headers=headers)


def listed(response):
    """The HTML a chooser shows: the modal's comes wrapped in JSON."""
    if response["Content-Type"].startswith("application/json"):
        return str(response.json())
    return response.content.decode()


@pytest.mark.parametrize("view_name", ["choose", "choose_results", "chosen_multiple", "create"])
@pytest.mark.parametrize("model_name", SNIPPETS)
def test_the_choosers_are_closed_to_a_plain_admin_user(client, suggestions, model_name, view_name):
    response = open_as(client, plain_editor(), chooser_url(model_name, view_name), ajax=True)

    assert response.status_code == 403


def test_a_plain_admin_user_may_not_choose_a_draft_by_its_id(client, suggestions):
    _, draft = suggestions
    url = chooser_url("suggestion", "chosen", draft.pk)

    response = open_as(client, plain_editor(), url)

    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert DRAFT_TITLE not in listed(client.get(response["Location"]))


def test_a_user_who_may_not_edit_suggestions_chooses_among_live_ones(client, suggestions):
    live, draft = suggestions
    client.force_login(suggestion_viewer())

    html = listed(client.get(chooser_url("suggestion")))
    results = listed(client.get(chooser_url("suggestion", "choose_results")))

    for page in (html, results):
        assert LIVE_TITLE in page
        assert DRAFT_TITLE not in page and DRAFT_OF_LIVE not in page
    assert client.get(chooser_url("suggestion", "chosen", live.pk)).status_code == 200
    assert client.get(chooser_url("suggestion", "chosen", draft.pk)).status_code == 404
    chosen = client.get(chooser_url("suggestion", "chosen_multiple"), {"id": [live.pk, draft.pk]})
    assert LIVE_TITLE in listed(chosen) and DRAFT_TITLE not in listed(chosen)


def test_a_search_in_the_chooser_finds_no_draft_for_a_viewer(client, suggestions):
    client.force_login(suggestion_viewer())

    results = client.get(chooser_url("suggestion", "choose_results"), {"q": "Buslinien"})

    assert results.status_code == 200 and DRAFT_TITLE not in listed(results)


@pytest.mark.parametrize("user", [suggestion_editor, superuser])
def test_who_may_edit_suggestions_chooses_drafts_too(client, suggestions, user):
    _, draft = suggestions
    client.force_login(user())

    html = listed(client.get(chooser_url("suggestion")))

    assert LIVE_TITLE in html and DRAFT_TITLE in html
    assert client.get(chooser_url("suggestion", "chosen", draft.pk)).status_code == 200


@pytest.mark.parametrize("model_name", ["forum", "suggestionstatus", "suggestiontopic"])
def test_a_suggestion_editor_chooses_its_forum_topic_and_status(client, suggestions, model_name):
    response = open_as(client, suggestion_editor(), chooser_url(model_name), ajax=True)

    assert response.status_code == 200


def test_a_page_editor_chooses_the_forum_of_a_report_and_nothing_else(client, suggestions):
    client.force_login(page_editor())

    forum = client.get(chooser_url("forum"), headers={"X-Requested-With": "XMLHttpRequest"})
    assert forum.status_code == 200 and "Forum 1" in listed(forum)
    for model_name in ["suggestion", "suggestionstatus", "suggestiontopic"]:
        response = client.get(
            chooser_url(model_name), headers={"X-Requested-With": "XMLHttpRequest"}
        )
        assert response.status_code == 403


def test_statuses_and_topics_are_listed_to_who_may_choose_them(client, suggestions):
    client.force_login(suggestion_editor())

    statuses = listed(client.get(chooser_url("suggestionstatus")))
    topics = listed(client.get(chooser_url("suggestiontopic")))

    assert all(status.label in statuses for status in SuggestionStatus.objects.all())
    assert "Bus" in topics


def test_the_comment_chooser_stays_with_the_moderators(client, suggestions):
    assert open_as(client, moderator(), chooser_url("readercomment"), ajax=True).status_code == 200
    assert (
        open_as(client, suggestion_editor(), chooser_url("readercomment"), ajax=True).status_code
        == 403
    )
