"""Builders for the security tests (``test_security.py``): the admin users, a small world of
content with one object of every kind, the URLs of its admin views, and a snapshot of the
rows that a state-changing request could touch."""

import datetime
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry, Revision

from tests.support.helpers import (
    make_comment,
    make_forum,
    make_index,
    make_report,
    make_suggestion,
    make_topic,
)
from wagtail_kundenforum.models import (
    CommentState,
    Forum,
    KundenforumSettings,
    ReaderComment,
    Suggestion,
    SuggestionStatus,
    SuggestionStatusChange,
    SuggestionTopic,
)

APP = "wagtail_kundenforum"
# The comment permissions the project gives moderators (test_comment_moderation_admin.py).
MODERATOR_PERMISSIONS = ["add_readercomment", "change_readercomment", "delete_readercomment"]
MODERATOR_PERMISSIONS += ["view_readercomment"]


# Users


def admin_user(username, group_name, codenames):
    """A user who may enter the Wagtail admin, with ``codenames`` through ``group_name``."""
    group, _ = Group.objects.get_or_create(name=group_name)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    app_permissions = Permission.objects.filter(content_type__app_label=APP, codename__in=codenames)
    # set(), not add(): Wagtail's initial "Moderators" group also holds page permissions.
    group.permissions.set([*access, *app_permissions])
    user = get_user_model().objects.create_user(username, f"{username}@stadtwerke.example", "pw")
    user.groups.add(group)
    return user


def plain_editor():
    """Admin access and nothing of the customer forum."""
    return admin_user("redakteurin", "Plain editors", [])


def moderator():
    """Wagtail's "Moderators" group with the comment permissions and nothing else."""
    return admin_user("moderatorin", "Moderators", MODERATOR_PERMISSIONS)


def superuser():
    return get_user_model().objects.create_superuser("admin", "admin@stadtwerke.example", "pw")


# Content


@dataclass
class World:
    """One object of every kind the admin shows; the spare ones are used by nothing, so
    that they can be deleted."""

    report: object
    comment: ReaderComment
    forum: Forum
    topic: SuggestionTopic
    suggestion: Suggestion
    spare_forum: Forum
    spare_topic: SuggestionTopic
    spare_status: SuggestionStatus

    @property
    def status(self):
        return self.suggestion.status

    def instance(self, model_name):
        """The object that the admin views of ``model_name`` are asked about."""
        return {
            "forum": self.forum,
            "suggestion": self.suggestion,
            "suggestionstatus": self.status,
            "suggestiontopic": self.topic,
            "readercomment": self.comment,
        }[model_name]


def build_world():
    report = make_report(make_index())
    forum = make_forum(1)
    topic = make_topic("strom")
    return World(
        report=report,
        comment=make_comment(report, state=CommentState.PENDING, email="erna@example.org"),
        forum=forum,
        topic=topic,
        suggestion=make_suggestion(forum, topic=topic),
        spare_forum=make_forum(2, date=datetime.date(2012, 11, 7)),
        spare_topic=make_topic("bus"),
        spare_status=SuggestionStatus.objects.get(slug="geht-nicht"),
    )


# Admin URLs


def snippet_url(model_name, view_name, *args, **kwargs):
    return reverse(f"wagtailsnippets_{APP}_{model_name}:{view_name}", args=args, kwargs=kwargs)


def bulk_url(model_name, action, *objects, next_url=None):
    """A bulk action's URL for ``objects``, as the listing builds it."""
    url = reverse("wagtail_bulk_action", args=(APP, model_name, action))
    query = "&".join(f"id={instance.pk}" for instance in objects)
    return f"{url}?{query}&next={next_url}" if next_url else f"{url}?{query}"


def settings_url(world):
    site = world.report.get_site()
    return reverse("wagtailsettings:edit", args=[APP, "kundenforumsettings", site.pk])


# Database


STATE_MODELS = [
    ReaderComment,
    Forum,
    Suggestion,
    SuggestionStatus,
    SuggestionStatusChange,
    SuggestionTopic,
    KundenforumSettings,
    Revision,
    ModelLogEntry,
]


def database_state():
    """Every row, every field, of the models a state-changing admin view could write."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in STATE_MODELS
    }


# Redirects


def browser_target(location):
    """Where a browser goes for a ``Location`` header, read as browsers read it: they drop
    leading and trailing spaces and control characters, ignore tabs and line breaks inside,
    and take a backslash for a slash in http(s) URLs (WHATWG URL standard)."""
    cleaned = location.strip("".join(chr(code) for code in range(0x21)))
    cleaned = cleaned.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    return urlsplit(urljoin("http://testserver/", cleaned))
