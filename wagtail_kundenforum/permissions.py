"""The permission policy of the app's snippets, for views and bulk actions that check it
themselves."""

from wagtail.permission_policies import ModelPermissionPolicy

try:
    from wagtail.permissions import policy_registry
except ImportError:  # Wagtail 7.4 has no registry of permission policies
    policy_registry = None


def permission_policy(model):
    """The registered permission policy of ``model``, else its model permissions."""
    if policy_registry is not None:
        return policy_registry.get_by_type(model)
    return ModelPermissionPolicy(model)
