"""Bulk moderation of reader comments: approve, reject or mark as spam from the admin listing.

Each action changes states only through ``moderation.py``. Wagtail runs a bulk action for any
admin user who knows its URL, so each one checks the user's permission itself: the whole
action needs the model permission, and every comment goes through ``check_perm``.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_list_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from ..bulk_actions import LocalNextUrlMixin
from ..models import CommentState, ReaderComment
from ..permissions import comment_permission_policy
from . import moderation


class CommentPermissionMixin:
    """Refuses the whole action, before any comment is shown, without ``permission_action``."""

    permission_action = "change"

    @cached_property
    def permission_policy(self):
        return comment_permission_policy()

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, self.permission_action):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, comment):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.permission_action, comment
        )


class ModerationBulkAction(LocalNextUrlMixin, CommentPermissionMixin, SnippetBulkAction):
    """Base of the moderation actions: sets ``target_state`` through ``moderate_comments``."""

    models = [ReaderComment]
    template_name = "wagtail_kundenforum/admin/bulk_actions/confirm_moderation.html"
    target_state = None
    # The icon of the action's button on a single comment (admin_views.comment_buttons).
    icon_name = ""
    # A function of moderation.py: (queryset, user) -> number of comments changed.
    moderate_comments = None
    confirmation_question = ""
    confirm_label = ""
    # The message after the action, with ``%(count)d`` comments (``ngettext_lazy``, "count").
    success_message = None

    @classmethod
    def get_queryset(cls, model, object_ids):
        return get_list_or_404(model.objects.select_related("page"), pk__in=object_ids)

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        comments = ReaderComment.objects.filter(pk__in=[comment.pk for comment in objects])
        return cls.moderate_comments(comments, user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.success_message % {"count": num_parent_objects}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "action_label": self.display_name,
            "confirmation_question": self.confirmation_question,
            "confirm_label": self.confirm_label,
        }


class ApproveBulkAction(ModerationBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    icon_name = "check"
    aria_label = _("Approve selected reader comments")
    action_priority = 10
    target_state = CommentState.APPROVED
    moderate_comments = staticmethod(moderation.approve)
    confirmation_question = _("Publish these comments on the site?")
    confirm_label = _("Yes, approve")
    success_message = ngettext_lazy(
        "%(count)d reader comment approved.",
        "%(count)d reader comments approved.",
        "count",
    )


class RejectBulkAction(ModerationBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    icon_name = "cross"
    aria_label = _("Reject selected reader comments")
    action_priority = 20
    target_state = CommentState.REJECTED
    moderate_comments = staticmethod(moderation.reject)
    confirmation_question = _("Reject these comments? They will not be shown on the site.")
    confirm_label = _("Yes, reject")
    success_message = ngettext_lazy(
        "%(count)d reader comment rejected.",
        "%(count)d reader comments rejected.",
        "count",
    )


class MarkAsSpamBulkAction(ModerationBulkAction):
    display_name = _("Mark as spam")
    action_type = "spam"
    icon_name = "warning"
    aria_label = _("Mark selected reader comments as spam")
    action_priority = 25
    target_state = CommentState.SPAM
    moderate_comments = staticmethod(moderation.mark_spam)
    confirmation_question = _("Mark these comments as spam? They will not be shown on the site.")
    confirm_label = _("Yes, mark as spam")
    success_message = ngettext_lazy(
        "%(count)d reader comment marked as spam.",
        "%(count)d reader comments marked as spam.",
        "count",
    )


class DeleteReaderCommentsBulkAction(LocalNextUrlMixin, CommentPermissionMixin, DeleteBulkAction):
    """Wagtail's bulk delete, refused as a whole to users who may not delete comments.

    Wagtail's own would list the selected comments to anyone with admin access.
    """

    models = [ReaderComment]
    permission_action = "delete"


MODERATION_BULK_ACTIONS = [ApproveBulkAction, RejectBulkAction, MarkAsSpamBulkAction]
