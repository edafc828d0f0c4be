"""Who may do what: the permission policy of the app's snippets, and each room's checks built
on it, for views and bulk actions that check them themselves."""

from wagtail.permission_policies import ModelPermissionPolicy

from .models import ReaderComment

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
