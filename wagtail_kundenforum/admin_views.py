"""Admin views of the suggestion admin's listing, inspect view and dashboard panel; and for
all the app's snippets the safe export and the guarded choosers (the comments' admin views
are in ``comments/admin_views.py``). ``viewsets.py`` and ``wagtail_hooks.py`` wire them up;
state changes stay in ``comments/moderation.py`` and ``status_changes.py``.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast, Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import DraftStateMixin, Revision
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend
from wagtail.snippets.views.snippets import IndexView, InspectView

from .conf import get_setting
from .models import (
    Forum,
    Suggestion,
    SuggestionStatus,
    SuggestionTopic,
)
from .permissions import permission_policy
from .text import xml_safe
from .tracker.importing.views import may_import

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
def edits_suggestions(user):
    return permission_policy(Suggestion).user_has_any_permission(user, ["add", "change"])


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


# Suggestions: the listing's import button, the inspect view and the dashboard panel of
# unanswered suggestions. Status changes stay in ``status_changes.py``.

# An answer that is blank or a single empty paragraph, as the rich text editor stores one.
EMPTY_ANSWER = r"^\s*(<p[^>]*>\s*(<br\s*/?>)?\s*</p>)?\s*$"
SUGGESTION_TIME_FIELDS = ["created_at", "updated_at", "status_changed_at"]
# A search sorted by a column keeps at most this many matches: more than any forum series has.
MAX_SEARCH_MATCHES = 2000


def suggestion_url(view_name, suggestion):
    return reverse(Suggestion.snippet_viewset.get_url_name(view_name), args=(suggestion.pk,))


def unanswered_suggestions(days):
    """Published suggestions raised more than ``days`` ago that still have no public answer,
    oldest first."""
    since = timezone.now() - datetime.timedelta(days=days)
    return (
        Suggestion.objects.filter(live=True, created_at__lt=since, answer__regex=EMPTY_ANSWER)
        .select_related("forum", "status")
        .order_by("created_at", "pk")
    )


def answer_text(value):
    """The public answer as plain text, for spreadsheets."""
    return strip_tags(value or "").strip()


def scheduled_revisions():
    """Revisions of each suggestion approved to go live later (a subquery per row)."""
    return Revision.objects.filter(
        base_content_type=Suggestion.get_base_content_type(),
        object_id=Cast(OuterRef("pk"), CharField()),
        approved_go_live_at__isnull=False,
    )


class PublicationColumn(LiveStatusTagColumn):
    """Live or draft, as Wagtail shows it, without a query per row for a scheduled revision:
    the listing's queryset says which suggestions have one (``has_schedule``)."""

    def get_value(self, instance):
        if getattr(instance, "has_schedule", None) is False:
            instance.scheduled_revision = None
        return super().get_value(instance)


class SuggestionIndexView(SafeExportIndexView):
    """The suggestion listing, with an "Import" button for users who may add suggestions, and
    a safe export with the answer as plain text."""

    import_url_name = None
    custom_field_preprocess = {
        **{field: {"csv": local_time, "xlsx": local_time} for field in SUGGESTION_TIME_FIELDS},
        "answer": {"csv": answer_text, "xlsx": answer_text},
    }

    def get_base_queryset(self):
        # "Updated" counts drafts (a revision) and changes without one (bulk action, import).
        last_change = Greatest("updated_at", Coalesce("latest_revision__created_at", "updated_at"))
        return (
            super()
            .get_base_queryset()
            .annotate(has_schedule=Exists(scheduled_revisions()), last_change=last_change)
        )

    def search_queryset(self, queryset):
        if not (self.is_searching and self.is_explicitly_ordered):
            return super().search_queryset(queryset)
        # The search index sorts only by its filter fields, not by the listing's columns: find
        # the matches there, and sort them in the database.
        backend = get_search_backend(self.search_backend_name)
        matches = backend.autocomplete(self.search_query, queryset.order_by())
        pks = [suggestion.pk for suggestion in matches[:MAX_SEARCH_MATCHES]]
        return queryset.filter(pk__in=pks)

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.import_url_name and may_import(self.request.user):
            url = reverse(self.import_url_name)
            buttons.append(HeaderButton(_("Import"), url=url, icon_name="upload"))
        return buttons


class SuggestionInspectView(InspectView):
    """A suggestion in full, with its status history."""

    def get_field_label(self, field_name, field):
        if field_name == "status_changes":
            return _("Status history")
        return super().get_field_label(field_name, field)

    def get_answer_display_value(self):
        return RichText(self.object.answer) if self.object.answer else "–"

    def get_status_changes_display_value(self):
        changes = self.object.status_changes.select_related("from_status", "to_status")
        return "; ".join(str(change) for change in changes) or "–"

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value)  # Wagtail's template would show UTC
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return "–" if value in (None, "") else value


class UnansweredSuggestionsPanel(Component):
    """Dashboard panel: published suggestions still waiting for a public answer."""

    name = "kundenforum_unanswered_suggestions"
    template_name = "wagtail_kundenforum/admin/unanswered_suggestions_panel.html"
    order = 210
    shown = 10

    def get_context_data(self, parent_context):
        days = get_setting("KUNDENFORUM_UNANSWERED_DAYS")
        suggestions = unanswered_suggestions(days)
        return {
            "days": days,
            "unanswered_count": suggestions.count(),
            "suggestions": [
                {"suggestion": suggestion, "edit_url": suggestion_url("edit", suggestion)}
                for suggestion in suggestions[: self.shown]
            ],
        }
