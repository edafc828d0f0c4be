"""What the bulk actions of both rooms share: a safe way back to the listing. Wagtail runs
a bulk action for any admin user who knows its URL, so each one checks the user's
permission itself. The comments' actions are in ``comments/bulk_actions.py``, the status
change and the guarded delete of the tracker's snippets in ``tracker/bulk_actions.py``.
"""

from django.urls import reverse


def model_listing_url(model):
    return reverse(model.snippet_viewset.get_url_name("list"))


def is_path(url):
    return url.startswith("/") and not url.startswith("//")


class LocalNextUrlMixin:
    """Goes back to a path, else to the model's listing. Wagtail passes any same-site ``next``
    to Django's ``redirect()``, which reads a bare word such as ``next=0`` as a URL name and
    fails with a server error after the action has run; and for a refused or missing ``next``
    it goes back to the action's own URL, a 404 without the selected items."""

    def __init__(self, request, model):
        super().__init__(request, model)
        if not is_path(self.next_url) or self.next_url == request.path:
            self.next_url = model_listing_url(self.model)
