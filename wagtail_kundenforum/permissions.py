"""Who may do what: the permission policy of the app's snippets, and each room's checks built
on it, for views and bulk actions that check them themselves."""

from wagtail.permission_policies import ModelPermissionPolicy

from .models import ReaderComment, Suggestion

try:
    from wagtail.permissions import policy_registry
except ImportError:  # Wagtail 7.4 has no registry of permission policies
    policy_registry = None


def permission_policy(model):
    """The registered permission policy of ``model``, else its model permissions."""
    if policy_registry is not None:
        return policy_registry.get_by_type(model)
    return ModelPermissionPolicy(model)


# Reader comments: who may moderate them, answer them as the utility, and handle a reader's
# request for their personal data.


def comment_permission_policy():
    return permission_policy(ReaderComment)


def may_moderate_comments(user):
    """Moderating is changing a comment's state: the queue's panel and the bulk actions."""
    return comment_permission_policy().user_has_permission(user, "change")


def may_moderate_comment(user, comment):
    return comment_permission_policy().user_has_permission_for_instance(user, "change", comment)


def may_reply_as_utility(user):
    """An official reply is a new comment: who may add reader comments may write one."""
    return comment_permission_policy().user_has_permission(user, "add")


def may_handle_personal_data(user):
    """Erasing deletes comments: only who may delete reader comments handles requests."""
    return comment_permission_policy().user_has_permission(user, "delete")


# The tracker: who may edit suggestions, change their status, import them, and choose the
# snippets a suggestion links to.

# Importing creates, changes and publishes suggestions.
IMPORT_PERMISSIONS = ("add", "change", "publish")


def suggestion_permission_policy():
    return permission_policy(Suggestion)


def edits_suggestions(user):
    """Who writes suggestions: they choose a suggestion's forum, topic and status."""
    return suggestion_permission_policy().user_has_any_permission(user, ["add", "change"])


def may_change_suggestions(user):
    """Changing suggestions: the bulk status change and the panel of unanswered ones."""
    return suggestion_permission_policy().user_has_permission(user, "change")


def may_change_status(user, suggestion):
    """A published suggestion's new status goes live at once: that needs publishing too."""
    actions = ["change", "publish"] if suggestion.live else ["change"]
    policy = suggestion_permission_policy()
    return all(
        policy.user_has_permission_for_instance(user, action, suggestion) for action in actions
    )


def may_import(user):
    policy = suggestion_permission_policy()
    return all(policy.user_has_permission(user, action) for action in IMPORT_PERMISSIONS)
