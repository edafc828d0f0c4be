from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from .admin_views import PendingCommentsPanel, UnansweredSuggestionsPanel
from .bulk_actions import (
    MODERATION_BULK_ACTIONS,
    DeleteReaderCommentsBulkAction,
    DeleteSuggestionDataBulkAction,
    comment_permission_policy,
)
from .outbox.admin import outbox_viewset
from .privacy_views import PersonalDataView, may_handle_personal_data
from .tracker.bulk_actions import (
    ChangeSuggestionStatusBulkAction,
    suggestion_permission_policy,
)
from .viewsets import KundenforumViewSetGroup

register_snippet(KundenforumViewSetGroup)
hooks.register("register_admin_viewset", outbox_viewset)

for action_class in MODERATION_BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class)

# Registered after Wagtail's own bulk delete, so that they replace it for the app's models.
hooks.register("register_bulk_action", DeleteReaderCommentsBulkAction, order=1)
hooks.register("register_bulk_action", DeleteSuggestionDataBulkAction, order=1)

hooks.register("register_bulk_action", ChangeSuggestionStatusBulkAction)


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels):
    if comment_permission_policy().user_has_permission(request.user, "change"):
        panels.append(PendingCommentsPanel())


@hooks.register("construct_homepage_panels")
def add_unanswered_suggestions_panel(request, panels):
    if suggestion_permission_policy().user_has_permission(request.user, "change"):
        panels.append(UnansweredSuggestionsPanel())


@hooks.register("register_admin_urls")
def personal_data_urls():
    return [
        path(
            "kundenforum/personal-data/",
            PersonalDataView.as_view(),
            name="wagtail_kundenforum_personal_data",
        )
    ]


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return may_handle_personal_data(request.user)


@hooks.register("register_settings_menu_item")
def personal_data_menu_item():
    return PersonalDataMenuItem(
        _("Readers' personal data"), reverse("wagtail_kundenforum_personal_data"), icon_name="lock"
    )
