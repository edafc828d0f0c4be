from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .comments.admin_views import PendingCommentsPanel
from .comments.bulk_actions import MODERATION_BULK_ACTIONS, DeleteReaderCommentsBulkAction
from .comments.personal_data_views import PersonalDataView
from .comments.viewsets import PendingCountSubmenuMenuItem, ReaderCommentViewSet
from .outbox.admin import outbox_viewset
from .permissions import may_change_suggestions, may_handle_personal_data, may_moderate_comments
from .tracker.admin_views import UnansweredSuggestionsPanel
from .tracker.bulk_actions import ChangeSuggestionStatusBulkAction, DeleteSuggestionDataBulkAction
from .tracker.viewsets import SuggestionStatusViewSet, SuggestionTopicViewSet, SuggestionViewSet
from .viewsets import ForumViewSet


class KundenforumViewSetGroup(SnippetViewSetGroup):
    """The "Customer forum" menu of the admin: the viewsets of both rooms, defined here
    because each room's viewsets build on the shared base in ``viewsets.py``."""

    items = [
        ForumViewSet,
        SuggestionViewSet,
        SuggestionStatusViewSet,
        SuggestionTopicViewSet,
        ReaderCommentViewSet,
    ]
    menu_label = _("Customer forum")
    menu_icon = "group"
    # Right after Pages (100) and before Images (300): editors work on both every day.
    menu_order = 250

    def get_menu_item(self, order=None):
        return PendingCountSubmenuMenuItem.of(super().get_menu_item(order))


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
    if may_moderate_comments(request.user):
        panels.append(PendingCommentsPanel())


@hooks.register("construct_homepage_panels")
def add_unanswered_suggestions_panel(request, panels):
    if may_change_suggestions(request.user):
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
