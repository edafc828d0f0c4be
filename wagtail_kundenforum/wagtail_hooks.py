from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin_views import PendingCommentsPanel
from .bulk_actions import (
    MODERATION_BULK_ACTIONS,
    DeleteReaderCommentsBulkAction,
    comment_permission_policy,
)
from .viewsets import KundenforumViewSetGroup

register_snippet(KundenforumViewSetGroup)

for action_class in MODERATION_BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class)

# Registered after Wagtail's own bulk delete, so that it replaces it for reader comments.
hooks.register("register_bulk_action", DeleteReaderCommentsBulkAction, order=1)


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels):
    if comment_permission_policy().user_has_permission(request.user, "change"):
        panels.append(PendingCommentsPanel())
