"""The security audit of issue 7, as tests that keep it true.

1. Every request that changes state is refused without its CSRF token, and changes nothing.
2. Every admin URL of the app answers anonymous users, plain editors, moderators and
   superusers as the permission matrix says; a new admin URL fails the completeness check
   until someone writes down who may open it.
3. No ``next`` parameter sends a user to another site, and the comment POST always redirects
   to the page itself.
4. Nothing in the package switches HTML escaping off unless a reviewed reason says why.
"""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.test.utils.form_data import querydict_from_html

import wagtail_kundenforum
from tests.support.fuzzing import examples
from tests.support.helpers import comment_data
from tests.support.security_helpers import (
    APP,
    browser_target,
    build_world,
    bulk_url,
    database_state,
    moderator,
    plain_editor,
    settings_url,
    snippet_url,
    superuser,
)
from wagtail_kundenforum.following import tokens

pytestmark = pytest.mark.django_db

MODELS = ["forum", "suggestion", "suggestionstatus", "suggestiontopic", "readercomment"]


@pytest.fixture
def world():
    return build_world()


# 1. CSRF: a state-changing request without its token is refused and changes nothing.
#
# Each case builds the request a browser would send (for admin forms: the form as the
# admin renders it, filled in), so the control test below can show that the very same
# request, with its token, does change the database: the refusal is CSRF's, not the form's.


def admin_form(client, url, **changes):
    """The admin's editor form at ``url`` as a browser sends it, without its CSRF token."""
    data = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
    for name, value in changes.items():
        data[name] = value
    return data


def post_comment(world, client):
    return world.report.url, comment_data(world.report)


def moderate(action):
    def build(world, client):
        return bulk_url("readercomment", action, world.comment), {}

    return build


def change_status(world, client):
    data = {"status": world.spare_status.pk, "note": "", "date": timezone.localdate().isoformat()}
    return bulk_url("suggestion", "change_status", world.suggestion), {**data, "reason": "Nein."}


def official_reply(world, client):
    return snippet_url("readercomment", "reply", world.comment.pk), {"text": "Danke, erledigt."}


def import_upload(world, client):
    sheet = b"external id,title\n7,Hotline wieder mit Festnetznummer\n"
    data = {"file": SimpleUploadedFile("vorschlaege.csv", sheet), "forum": world.forum.pk}
    return snippet_url("suggestion", "import"), data


def personal_data(button, **fields):
    def build(world, client):
        data = {"email": world.comment.email, button: "", **fields}
        return reverse("wagtail_kundenforum_personal_data"), data

    return build


ADD_FIELDS = {
    "forum": {"title": "Drittes Kundenforum", "number": "3", "date": "2013-10-01"},
    "suggestionstatus": {"label": "Vertagt", "slug": "vertagt", "kind": "open", "order": "9"},
    "suggestiontopic": {"name": "Wärme", "slug": "waerme"},
}
EDIT_FIELDS = {
    "forum": {"title": "Umbenannt"},
    "suggestion": {"title": "Umbenannt"},
    "suggestionstatus": {"label": "Umbenannt"},
    "suggestiontopic": {"name": "Umbenannt"},
    "readercomment": {"text": "Umbenannt"},
}


def add_fields(world, model_name):
    if model_name == "suggestion":
        return {"title": "Neu", "forum": world.forum.pk, "status": world.status.pk}
    if model_name == "readercomment":
        fields = {"name": "Erna", "email": "erna@example.org", "text": "Neu"}
        return {"page": world.report.pk, **fields}
    return ADD_FIELDS[model_name]


def snippet_add(model_name):
    def build(world, client):
        url = snippet_url(model_name, "add")
        return url, admin_form(client, url, **add_fields(world, model_name))

    return build


def snippet_edit(model_name):
    def build(world, client):
        url = snippet_url(model_name, "edit", world.instance(model_name).pk)
        return url, admin_form(client, url, **EDIT_FIELDS[model_name])

    return build


def deletable(world, model_name):
    """Objects that nothing protects from deletion (a forum with suggestions is protected)."""
    spare = {
        "forum": world.spare_forum,
        "suggestionstatus": world.spare_status,
        "suggestiontopic": world.spare_topic,
    }
    return spare.get(model_name) or world.instance(model_name)


def snippet_delete(model_name):
    def build(world, client):
        return snippet_url(model_name, "delete", deletable(world, model_name).pk), {}

    return build


def site_settings(world, client):
    url = settings_url(world)
    data = admin_form(client, url)
    data.pop("comments_open", None)  # the checkbox unticked: comments closed
    return url, data


# case: (who sends it, builder of (url, data), what it does when accepted)
STATE_CHANGES = {
    "reader comment on a report": ("anonymous", post_comment, "database"),
    "bulk approve comments": ("superuser", moderate("approve"), "database"),
    "bulk reject comments": ("superuser", moderate("reject"), "database"),
    "bulk mark comments as spam": ("superuser", moderate("spam"), "database"),
    "bulk delete comments": ("superuser", moderate("delete"), "database"),
    "bulk change suggestion status": ("superuser", change_status, "database"),
    "official reply": ("superuser", official_reply, "database"),
    "suggestion import upload": ("superuser", import_upload, "database"),
    "personal data export": ("superuser", personal_data("export"), "download"),
    "personal data erase": ("superuser", personal_data("erase", confirm_erase="on"), "database"),
    "site settings edit": ("superuser", site_settings, "database"),
    # Reader comments come from readers only: the admin has no add view for them.
    **{
        f"{model} add": ("superuser", snippet_add(model), "database")
        for model in MODELS
        if model != "readercomment"
    },
    **{f"{model} edit": ("superuser", snippet_edit(model), "database") for model in MODELS},
    **{f"{model} delete": ("superuser", snippet_delete(model), "database") for model in MODELS},
}


def prepared_request(case, world):
    """A CSRF-checking client that has opened the page of ``case`` (so it holds the CSRF
    cookie, as a real browser would), and the (url, data) it is about to send."""
    who, build, _ = STATE_CHANGES[case]
    client = Client(enforce_csrf_checks=True)
    if who == "superuser":
        client.force_login(superuser())
    url, data = build(world, client)
    client.get(url)
    assert "csrftoken" in client.cookies, "the page should have set the CSRF cookie"
    return client, url, data


@pytest.mark.parametrize("case", STATE_CHANGES)
def test_a_post_without_csrf_token_is_refused_and_changes_nothing(case, world):
    client, url, data = prepared_request(case, world)
    before = database_state()

    response = client.post(url, data)

    assert response.status_code == 403
    assert database_state() == before


@pytest.mark.parametrize("case", STATE_CHANGES)
def test_the_same_post_with_its_csrf_token_takes_effect(case, world):
    """The control of the test above: its requests are complete, only the token is missing."""
    client, url, data = prepared_request(case, world)
    data = data.copy()
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    before = database_state()

    response = client.post(url, data)

    if STATE_CHANGES[case][2] == "download":
        assert response["Content-Disposition"].startswith("attachment")
    else:
        assert response.status_code in (200, 302)
        assert database_state() != before


# 2. The permission matrix: who may open which admin URL (GET; the POST side is covered by
# the CSRF tests above and by each feature's own tests).

LOGIN = "to the login"  # 302 to wagtailadmin_login
REFUSED = "refused"  # Wagtail's answer to PermissionDenied: 302 to the dashboard, a message
OK = "200"
FILE = "file"  # 200 with a file attached: the export
GONE = "404"  # for everybody logged in: reader comments are never made in the admin

# fmt: off
PERMISSION_MATRIX = {
    # view (see parse())                             anonymous  plain editor  moderator  superuser
    # Comment moderation and readers' personal data: moderators and superusers.
    "snippet readercomment:list":                    (LOGIN,     REFUSED,      OK,        OK),
    "snippet readercomment:list_results":            (LOGIN,     REFUSED,      OK,        OK),
    "snippet readercomment:add":                     (LOGIN,     GONE,         GONE,      GONE),
    "snippet readercomment:edit":                    (LOGIN,     REFUSED,      OK,        OK),
    "snippet readercomment:delete":                  (LOGIN,     REFUSED,      OK,        OK),
    "snippet readercomment:usage":                   (LOGIN,     REFUSED,      OK,        OK),
    "snippet readercomment:history":                 (LOGIN,     REFUSED,      OK,        OK),
    "snippet readercomment:history_results":         (LOGIN,     REFUSED,      OK,        OK),
    "snippet readercomment:inspect":                 (LOGIN,     REFUSED,      OK,        OK),
    "snippet readercomment:reply":                   (LOGIN,     REFUSED,      OK,        OK),
    "snippet readercomment:list?export=csv":         (LOGIN,     REFUSED,      FILE,      FILE),
    "snippet readercomment:list?export=xlsx":        (LOGIN,     REFUSED,      FILE,      FILE),
    "chooser readercomment:choose":                  (LOGIN,     REFUSED,      OK,        OK),
    "chooser readercomment:choose_results":          (LOGIN,     REFUSED,      OK,        OK),
    "chooser readercomment:chosen":                  (LOGIN,     REFUSED,      OK,        OK),
    "chooser readercomment:chosen_multiple":         (LOGIN,     REFUSED,      OK,        OK),
    "chooser readercomment:create":                  (LOGIN,     GONE,         GONE,      GONE),
    "bulk readercomment:approve":                    (LOGIN,     REFUSED,      OK,        OK),
    "bulk readercomment:reject":                     (LOGIN,     REFUSED,      OK,        OK),
    "bulk readercomment:spam":                       (LOGIN,     REFUSED,      OK,        OK),
    "bulk readercomment:delete":                     (LOGIN,     REFUSED,      OK,        OK),
    "personal data":                                 (LOGIN,     REFUSED,      OK,        OK),
    # Forums, suggestions (with their import and bulk status change), statuses, topics and
    # the site's settings: superusers (or editors given those permissions), never moderators.
    "snippet forum:list":                            (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet forum:list_results":                    (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet forum:add":                             (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet forum:edit":                            (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet forum:delete":                          (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet forum:usage":                           (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet forum:history":                         (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet forum:history_results":                 (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet forum:copy":                            (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet forum:list?export=csv":                 (LOGIN,     REFUSED,      REFUSED,   FILE),
    "snippet forum:list?export=xlsx":                (LOGIN,     REFUSED,      REFUSED,   FILE),
    "snippet suggestion:list":                       (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:list_results":               (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:add":                        (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:edit":                       (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:delete":                     (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:usage":                      (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:history":                    (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:history_results":            (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:inspect":                    (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:preview_on_add":             (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:preview_on_edit":            (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:unpublish":                  (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:revisions_view":             (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:revisions_revert":           (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:revisions_compare":          (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:revisions_unschedule":       (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:import":                     (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestion:list?export=csv":            (LOGIN,     REFUSED,      REFUSED,   FILE),
    "snippet suggestion:list?export=xlsx":           (LOGIN,     REFUSED,      REFUSED,   FILE),
    "bulk suggestion:change_status":                 (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestionstatus:list":                 (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestionstatus:list_results":         (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestionstatus:add":                  (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestionstatus:edit":                 (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestionstatus:delete":               (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestionstatus:usage":                (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestionstatus:history":              (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestionstatus:history_results":      (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestiontopic:list":                  (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestiontopic:list_results":          (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestiontopic:add":                   (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestiontopic:edit":                  (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestiontopic:delete":                (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestiontopic:usage":                 (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestiontopic:history":               (LOGIN,     REFUSED,      REFUSED,   OK),
    "snippet suggestiontopic:history_results":       (LOGIN,     REFUSED,      REFUSED,   OK),
    "site settings":                                 (LOGIN,     REFUSED,      REFUSED,   OK),
    # The snippet choosers open to who may choose: a permission on the model, or editing what
    # links to it (a suggestion's forum, topic and status; a report's forum and the stats
    # block: page editors, such as Wagtail's "Moderators" group). Drafts only to who may edit
    # them (test_choosers.py). Creating in a chooser needs `add`.
    "chooser forum:choose":                          (LOGIN,     REFUSED,      OK,        OK),
    "chooser forum:choose_results":                  (LOGIN,     REFUSED,      OK,        OK),
    "chooser forum:chosen":                          (LOGIN,     REFUSED,      OK,        OK),
    "chooser forum:chosen_multiple":                 (LOGIN,     REFUSED,      OK,        OK),
    "chooser forum:create":                          (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestion:choose":                     (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestion:choose_results":             (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestion:chosen":                     (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestion:chosen_multiple":            (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestion:create":                     (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestionstatus:choose":               (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestionstatus:choose_results":       (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestionstatus:chosen":               (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestionstatus:chosen_multiple":      (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestionstatus:create":               (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestiontopic:choose":                (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestiontopic:choose_results":        (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestiontopic:chosen":                (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestiontopic:chosen_multiple":       (LOGIN,     REFUSED,      REFUSED,   OK),
    "chooser suggestiontopic:create":                (LOGIN,     REFUSED,      REFUSED,   OK),
    # The app's bulk delete refuses users who may not delete, before it lists any title.
    "bulk forum:delete":                             (LOGIN,     REFUSED,      REFUSED,   OK),
    "bulk suggestion:delete":                        (LOGIN,     REFUSED,      REFUSED,   OK),
    "bulk suggestionstatus:delete":                  (LOGIN,     REFUSED,      REFUSED,   OK),
    "bulk suggestiontopic:delete":                   (LOGIN,     REFUSED,      REFUSED,   OK),
    # The dashboard; its panels: test_each_user_sees_only_the_dashboard_panels_...
    "dashboard":                                     (LOGIN,     OK,           OK,        OK),
    # The app's public URLs: open to everybody.
    "public suggestion":                             (OK,        OK,           OK,        OK),
    "public suggestion_api":                         (OK,        OK,           OK,        OK),
    "public suggestion_handout":                     (OK,        OK,           OK,        OK),
    "public status_change_feed":                     (OK,        OK,           OK,        OK),
    # Following: the form's own page, and the signed links (the token is the whole authority).
    "public follow":                                 (OK,        OK,           OK,        OK),
    "public follow_confirm":                         (OK,        OK,           OK,        OK),
    "public follow_manage":                          (OK,        OK,           OK,        OK),
    "public follow_unsubscribe":                     (OK,        OK,           OK,        OK),
}
# fmt: on

USERS = {"anonymous": None, "plain editor": plain_editor, "moderator": moderator}
USERS["superuser"] = superuser

VIEWS_OF_ONE_OBJECT = {"edit", "delete", "usage", "history", "history_results", "inspect"}
VIEWS_OF_ONE_OBJECT |= {"copy", "preview_on_edit", "unpublish", "reply", "chosen"}
VIEWS_WITH_REVISION = {"revisions_view", "revisions_revert", "revisions_unschedule"}


def view_args(world, model_name, view_name):
    """The URL arguments of an admin view: none, the object, or the object and a revision."""
    instance = world.instance(model_name)
    if view_name in VIEWS_WITH_REVISION:
        return {"args": (instance.pk, instance.latest_revision_id)}
    if view_name == "revisions_compare":
        return {
            "kwargs": {"pk": instance.pk, "revision_id_a": "earliest", "revision_id_b": "latest"}
        }
    if view_name in VIEWS_OF_ONE_OBJECT:
        return {"args": (instance.pk,)}
    return {}


SPECIAL_VIEWS = {
    "dashboard": "wagtailadmin_home",
    "personal data": "wagtail_kundenforum_personal_data",
    "site settings": "wagtailsettings:edit",
}
URL_NAME_PREFIXES = {
    "snippet": f"wagtailsnippets_{APP}_",
    "chooser": f"wagtailsnippetchoosers_{APP}_",
    "public": f"{APP}:",
}


def parse(view):
    """A row of the matrix: "<kind> <model>:<view>[?query]" -> (kind, model, view, query)."""
    kind, _, rest = view.partition(" ")
    model_name, _, view_name = rest.rpartition(":")
    view_name, _, query = view_name.partition("?")
    return kind, model_name, view_name, query


def url_name(view):
    """The URL name that a row of the matrix stands for."""
    if view in SPECIAL_VIEWS:
        return SPECIAL_VIEWS[view]
    kind, model_name, view_name, _ = parse(view)
    if kind == "bulk":
        return "wagtail_bulk_action"
    return f"{URL_NAME_PREFIXES[kind]}{model_name}{':' if model_name else ''}{view_name}"


def public_args(view_name, world):
    """The arguments of a public URL: the suggestion's key, or a follower's signed link."""
    if view_name == "suggestion":
        return (world.suggestion.pk,)
    address = "leserin@example.org"
    signed = {
        "follow_confirm": lambda: tokens.confirm_token(address),
        "follow_manage": lambda: tokens.manage_token(address),
        "follow_unsubscribe": lambda: tokens.unsubscribe_token([]),
    }
    return (signed[view_name](),) if view_name in signed else ()


def matrix_url(view, world):
    """The URL that a row of the matrix asks, about the objects of ``world``."""
    if view == "site settings":
        return settings_url(world)
    if view in SPECIAL_VIEWS:
        return reverse(SPECIAL_VIEWS[view])
    kind, model_name, view_name, query = parse(view)
    if kind == "bulk":
        return bulk_url(model_name, view_name, world.instance(model_name))
    if kind == "public":
        url = reverse(url_name(view), args=public_args(view_name, world))
        return f"{url}?target=tracker" if view_name == "follow" else url
    arguments = view_args(world, model_name, view_name)
    url = reverse(url_name(view), **arguments)
    if view_name == "chosen_multiple":
        query = f"id={world.instance(model_name).pk}"
    return f"{url}?{query}" if query else url


def outcome(response):
    """The answer, in the words of the matrix."""
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(reverse("wagtailadmin_login")):
        return LOGIN
    if response.status_code == 302 and location == reverse("wagtailadmin_home"):
        return REFUSED
    if response.status_code == 200 and response.get("Content-Disposition", "").startswith(
        "attachment"
    ):
        return FILE
    return str(response.status_code) + (f" to {location}" if location else "")


@pytest.mark.parametrize("view", PERMISSION_MATRIX)
def test_each_user_gets_what_the_permission_matrix_says(client, world, view):
    url = matrix_url(view, world)
    answers = {}
    for who, make_user in USERS.items():
        client.logout()
        if make_user:
            client.force_login(make_user())
        answers[who] = outcome(client.get(url))
    assert answers == dict(zip(USERS, PERMISSION_MATRIX[view], strict=True))


def app_url_names():
    """The names of every URL of the app: its snippets' admin views, their choosers, the
    admin views it registers and its public URLs."""
    prefixes = (f"wagtailsnippets_{APP}", f"wagtailsnippetchoosers_{APP}", APP)
    return {name for name in all_url_names(get_resolver()) if name.startswith(prefixes)}


def all_url_names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


# Wagtail's URLs that the matrix asks on the app's behalf (its bulk actions, its settings).
WAGTAIL_URLS_IN_MATRIX = {"wagtail_bulk_action", "wagtailsettings:edit", "wagtailadmin_home"}


def test_every_url_of_the_app_is_in_the_permission_matrix():
    """A new admin URL fails here until the matrix says who may open it."""
    covered = {url_name(view) for view in PERMISSION_MATRIX}
    # Both ways: a row for a URL that no longer exists is as wrong as a URL without a row.
    assert app_url_names() == covered - WAGTAIL_URLS_IN_MATRIX


def test_every_bulk_action_on_the_apps_models_is_in_the_permission_matrix():
    registered = {
        f"bulk {model}:{action.action_type}"
        for model in MODELS
        for action in bulk_action_registry.get_bulk_actions_for_model(APP, model)
    }
    assert registered - set(PERMISSION_MATRIX) == set()


PANELS = {"kundenforum-pending-comments", "kundenforum-unanswered-suggestions"}
DASHBOARD_PANELS = {
    "plain editor": set(),
    "moderator": {"kundenforum-pending-comments"},
    "superuser": PANELS,
}


@pytest.mark.parametrize("who", DASHBOARD_PANELS)
def test_each_user_sees_only_the_dashboard_panels_of_their_permissions(client, world, who):
    client.force_login(USERS[who]())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert {panel for panel in PANELS if f'id="{panel}' in html} == DASHBOARD_PANELS[who]


# The superuser is the control: the same POST does delete.
@pytest.mark.parametrize(
    ("who", "deletes"), [("plain editor", False), ("moderator", False), ("superuser", True)]
)
@pytest.mark.parametrize(
    "model_name", ["forum", "suggestion", "suggestionstatus", "suggestiontopic"]
)
def test_wagtails_bulk_delete_deletes_only_with_the_delete_permission(
    client, world, who, deletes, model_name
):
    """The bulk delete's POST deletes nothing for a user who may not delete (matrix above)."""
    client.force_login(USERS[who]())
    before = database_state()
    client.post(bulk_url(model_name, "delete", deletable(world, model_name)))
    assert (database_state() != before) is deletes


# 3. No open redirect through ``next``, and the comment POST redirects to its own page.

EVIL_TARGETS = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "http:evil",
    "https:evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://127.0.0.1@evil.example",
    "https://testserver@evil.example/",
    "https://testserver.evil.example/",
    "https://evil.example\\@testserver/",
    "//evil。example",
    "//ｅｖｉｌ.example",
    "/admin/",
    "?next=//evil.example",
]
PREFIXES = ["", " ", "\t", "\n", "\r\n", "\x00", "\x01", "/", "\\", "%20", "\u3000", "\u200b"]


def encoded(value):
    return quote(value, safe="")


evil_urls = st.builds(
    lambda prefix, target, tail: prefix + target + tail,
    st.sampled_from(PREFIXES),
    st.one_of(st.sampled_from(EVIL_TARGETS), st.sampled_from(EVIL_TARGETS).map(encoded)),
    st.one_of(st.just(""), st.text(max_size=12)),
)
next_values = st.one_of(evil_urls, evil_urls, st.text(max_size=40))
# Where a form sends ``next``: the URL's query (how the app's buttons build it) or the body.
next_places = st.sampled_from(["query", "body"])

FUZZ = settings(
    max_examples=examples(1000),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def assert_stays_on_this_site(response):
    target = browser_target(response.get("Location", ""))
    assert target.scheme in ("http", "https") and target.netloc == "testserver", response.get(
        "Location"
    )


MODERATION = ["approve", "reject", "spam", "delete"]
NEXT_TARGETS = [*(f"bulk {action} comment" for action in MODERATION), "bulk change status"]
NEXT_TARGETS += ["bulk delete topic", "delete topic", "delete comment"]


def next_targets(world):
    """{name: (url, data)} of every POST that redirects to ``next`` when it succeeds: the
    app's bulk actions (Wagtail reads ``next`` for them) and its snippets' delete views."""
    change = {"status": world.spare_status.pk, "date": timezone.localdate().isoformat()}
    return {
        **{
            f"bulk {action} comment": (bulk_url("readercomment", action, world.comment), {})
            for action in MODERATION
        },
        "bulk change status": (
            bulk_url("suggestion", "change_status", world.suggestion),
            {**change, "reason": "Technisch nicht möglich."},
        ),
        "bulk delete topic": (bulk_url("suggestiontopic", "delete", world.spare_topic), {}),
        "delete topic": (snippet_url("suggestiontopic", "delete", world.spare_topic.pk), {}),
        "delete comment": (snippet_url("readercomment", "delete", world.comment.pk), {}),
    }


def with_query(url, name, value):
    """``url`` with ``name=value`` added to its query, the value percent-encoded."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{name}={quote(value, safe='')}"


@pytest.mark.parametrize("target", NEXT_TARGETS)
def test_a_next_on_this_site_is_followed(admin_client, world, target):
    """The control of the generated tests below: these POSTs do redirect to ``next``."""
    url, data = next_targets(world)[target]
    response = admin_client.post(with_query(url, "next", "/admin/pages/"), data)
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"


class NextParameterTests(TestCase):
    """Generated ``next`` values never send the user to another site. A clean database per
    example (each POST approves, changes or deletes)."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.admin = superuser()

    @FUZZ
    @given(next_url=next_values, place=next_places, target=st.sampled_from(NEXT_TARGETS))
    def test_next_never_leads_to_another_site(self, next_url, place, target):
        self.client.force_login(self.admin)
        url, data = next_targets(self.world)[target]
        if place == "query":
            url = with_query(url, "next", next_url)
        else:
            data = {**data, "next": next_url}
        response = self.client.post(url, data)
        assert response.status_code == 302
        assert_stays_on_this_site(response)


# Wagtail passes a same-site next to redirect(), which takes a value without "/" or "." for a
# URL name: a server error after the action ran. The app's bulk actions keep paths only.
@pytest.mark.parametrize("target", [name for name in NEXT_TARGETS if name.startswith("bulk")])
def test_a_next_that_is_a_bare_word_brings_the_user_back_to_the_admin(admin_client, world, target):
    url, data = next_targets(world)[target]
    response = admin_client.post(with_query(url, "next", "0"), data)
    assert response.status_code == 302
    assert_stays_on_this_site(response)


# Names that frameworks read as a redirect target (never a field of the comment form).
REDIRECT_PARAMETERS = ["next", "return_to", "redirect_to", "next_url", "success_url", "came_from"]


@override_settings(KUNDENFORUM_RATE_LIMITS=[])
class CommentRedirectTests(TestCase):
    """The comment POST redirects to the page it was sent to, whatever the request adds."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    @FUZZ
    @given(
        parameter=st.sampled_from(REDIRECT_PARAMETERS),
        value=next_values,
        place=next_places,
        bot=st.booleans(),
    )
    def test_a_comment_post_redirects_to_its_own_page(self, parameter, value, place, bot):
        report = self.world.report
        # A reader's comment, or a bot's (honeypot filled): both are redirected.
        data = comment_data(report, kf_topic="I am a bot" if bot else "")
        url = report.url
        if place == "query":
            url = with_query(url, parameter, value)
        else:
            data[parameter] = value
        response = self.client.post(url, data)
        assert response.status_code == 302
        assert_stays_on_this_site(response)
        assert browser_target(response["Location"]).path == report.url


# 4. Escaping: nothing in the package is marked safe without a reviewed reason.

PACKAGE = Path(wagtail_kundenforum.__file__).parent
UNESCAPING = re.compile(
    r"mark_safe\s*\(|SafeString\s*\(|SafeText\s*\(|\|\s*safe(seq)?\b|{%\s*autoescape\s+off\s*%}"
)
# (file relative to the package, a stable part of the line): why the output cannot inject.
ALLOWED_UNESCAPING = {
    (
        "templatetags/kundenforum_tags.py",
        "escaped = mark_safe(data.translate(_JSON_SCRIPT_ESCAPES))",
    ): "kf_json_ld: JSON from json.dumps with <, > and & written as \\u escapes, so the data "
    "cannot close the <script> element or open markup inside it.",
    (
        "templatetags/kundenforum_tags.py",
        'LINE_BREAK = SafeString("<br>")',
    ): "a constant <br> joining lines that format_html_join escapes one by one.",
    (
        "tracker/answers.py",
        "return [mark_safe(html) for html in expanded]",
    ): "answers_html: every answer went through the AnswerWhitelister (only the answer's "
    "features, links with safe addresses) before Wagtail expanded page links, escaped.",
    (
        "templates/wagtail_kundenforum/emails/comment_waiting.txt",
        "{% autoescape off %}",
    ): "the moderators' notice is a plain-text e-mail (send_mail without html_message): "
    "HTML entities would show as text, and no HTML is ever rendered from it.",
    (
        "templates/wagtail_kundenforum/emails/comment_waiting_subject.txt",
        "{% autoescape off %}",
    ): "the notice's subject is a plain-text mail header: an entity would show as text, and "
    "Django's send_mail refuses a subject with a line break.",
    (
        "templates/wagtail_kundenforum/following/email/confirm.txt",
        "{% autoescape off %}",
    ): "the plain-text part of the confirmation e-mail: entities would show as text; its HTML "
    "part (confirm.html) is rendered with escaping on.",
    (
        "templates/wagtail_kundenforum/following/email/confirm_subject.txt",
        "{% autoescape off %}",
    ): "a plain-text mail header; the outbox keeps a subject on one line.",
    (
        "templates/wagtail_kundenforum/following/email/notification.txt",
        "{% autoescape off %}",
    ): "the plain-text part of a follower's e-mail: entities would show as text; its HTML "
    "part (notification.html) is rendered with escaping on.",
    (
        "templates/wagtail_kundenforum/following/email/notification_subject.txt",
        "{% autoescape off %}",
    ): "a plain-text mail header; the outbox keeps a subject on one line.",
}


def unescaping_lines():
    """(relative path, stripped line) of every line that switches escaping off."""
    found = set()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in {".py", ".html", ".txt", ".xml"} or not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if UNESCAPING.search(line):
                found.add((path.relative_to(PACKAGE).as_posix(), line.strip()))
    return found


def allowed(path, line):
    return any(path == where and part in line for where, part in ALLOWED_UNESCAPING)


def test_nothing_is_marked_safe_without_a_reviewed_reason():
    unreviewed = {(path, line) for path, line in unescaping_lines() if not allowed(path, line)}
    assert unreviewed == set(), "review each line and add it with its reason to the allow-list"


def test_the_allow_list_names_only_lines_that_still_exist():
    lines = unescaping_lines()
    stale = {
        (where, part)
        for where, part in ALLOWED_UNESCAPING
        if not any(path == where and part in line for path, line in lines)
    }
    assert stale == set(), "remove these entries: the code they vouched for is gone"


def test_the_escaping_check_recognises_each_way_of_switching_escaping_off():
    """The pattern itself must not rot: each form it is meant to catch is caught."""
    for line in [
        "html = mark_safe(text)",
        "LINE = SafeString('<br>')",
        "{{ comment.text|safe }}",
        "{{ items | safeseq }}",
        "{% autoescape off %}",
    ]:
        assert UNESCAPING.search(line), line
    assert not UNESCAPING.search("{{ comment.text|kf_comment_text }}")
