"""Admin views that all the app's snippets share: the safe export, the inspect view's values
and the guarded choosers.
The rooms' own admin views are in ``comments/admin_views.py`` and ``tracker/admin_views.py``;
``viewsets.py`` and ``wagtail_hooks.py`` wire them up.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.models import DraftStateMixin
from wagtail.snippets.views.snippets import IndexView, InspectView

from .models import (
    Forum,
    SuggestionStatus,
    SuggestionTopic,
)
from .permissions import edits_suggestions, permission_policy
from .text import xml_safe

# In a CSV, a cell starting with one of these would run as a formula in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def export_text(value, export_format):
    """A cell's value as both formats take it: without the characters XLSX (XML) refuses,
    and, in a CSV, never read as a formula. Wagtail keeps XLSX cells from being formulas, but
    writes CSV cells as they are. Cleaned first, so that a removed character cannot hide a
    formula behind it."""
    value = xml_safe(value)
    if export_format == "csv" and isinstance(value, str):
        return neutralise_formula(value)
    return value


class SafeExportIndexView(IndexView):
    """A snippet listing whose CSV and XLSX export write any stored text without an error:
    readers type names and comments, and the import brings in whatever a spreadsheet held."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return export_text(value, export_format)


def local_time(value):
    """Exports show the site's local time, to the second (Wagtail would write UTC)."""
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0) if value else value


class ReadableInspectView(InspectView):
    """An inspect view that shows times in the site's time zone (Wagtail's template would show
    UTC), yes or no for a flag, and a dash for an empty value."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return "–" if value in (None, "") else value


# Who may choose from a chooser besides those with a permission on its model: the editors of
# what links to it. A suggestion's form chooses its forum, topic and status; a report page
# links to its forum, and the stats block of any page chooses one.
CHOOSING_EDITORS = {
    Forum: [edits_suggestions, user_has_any_page_permission],
    SuggestionStatus: [edits_suggestions],
    SuggestionTopic: [edits_suggestions],
}
ANY_PERMISSION = ["add", "change", "delete", "view", "publish"]


def may_choose(user, model):
    """Whether ``user`` may open the chooser of ``model``: with any permission on it, or as an
    editor of what links to it (``CHOOSING_EDITORS``)."""
    if permission_policy(model).user_has_any_permission(user, ANY_PERMISSION):
        return True
    return any(edits(user) for edits in CHOOSING_EDITORS.get(model, []))


def may_see_drafts(user, model):
    """Drafts are for who may edit them; everybody else sees what is live."""
    if not issubclass(model, DraftStateMixin):
        return True
    return permission_policy(model).user_has_permission(user, "change")


class ChooserAccessMixin:
    """A snippet chooser that shows only what the user may see. Wagtail's choosers check no
    permission: any admin user could list every object, drafts' titles too.

    Closed (403 in the modal) to users who may not choose (``may_choose``); users who may not
    edit the model choose among live objects, whose rows hold their live titles (a live
    object's draft waits in a revision).
    """

    def dispatch(self, request, *args, **kwargs):
        if not may_choose(request.user, self.model_class):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def choosable(self, objects):
        """``objects`` narrowed to what the user may choose; override to narrow further."""
        if may_see_drafts(self.request.user, self.model_class):
            return objects
        return objects.filter(live=True)
