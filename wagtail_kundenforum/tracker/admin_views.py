"""The suggestion admin: the listing with its import button and safe export, the inspect
view, and the dashboard panel of unanswered suggestions. Status changes stay in
``status_changes``; ``viewsets`` wires these views up.
"""

import datetime

from django.db.models import CharField, Exists, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Revision
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

from ..admin_views import ReadableInspectView, SafeExportIndexView, local_time
from ..conf import get_setting
from ..models import Suggestion, SuggestionKind, SuggestionStatusChange
from ..permissions import may_import
from .answers import answer_export_text

# An answer that is blank or a single empty paragraph, as the rich text editor stores one.
EMPTY_ANSWER = r"^\s*(<p[^>]*>\s*(<br\s*/?>)?\s*</p>)?\s*$"
# Text that is more than whitespace.
SOMETHING = r"\S"
SUGGESTION_TIME_FIELDS = ["created_at", "updated_at", "status_changed_at"]
# A search sorted by a column keeps at most this many matches: more than any forum series has.
MAX_SEARCH_MATCHES = 2000


def suggestion_url(view_name, suggestion):
    return reverse(Suggestion.snippet_viewset.get_url_name(view_name), args=(suggestion.pk,))


def unanswered_suggestions(days):
    """Published suggestions raised more than ``days`` ago that readers still get no answer
    for, oldest first (see ``answered``)."""
    since = timezone.now() - datetime.timedelta(days=days)
    return (
        Suggestion.objects.filter(live=True, created_at__lt=since)
        .annotate(
            latest_note=Coalesce(Subquery(latest_step_notes()), Value(""), output_field=TextField())
        )
        .exclude(answered())
        .select_related("forum", "status")
        .order_by("created_at", "pk")
    )


def latest_step_notes():
    """The note of each suggestion's latest history step (a subquery per row)."""
    steps = SuggestionStatusChange.objects.filter(suggestion=OuterRef("pk"))
    return steps.order_by("-date", "-created_at", "-pk").values("note")[:1]


def answered():
    """What answers a suggestion publicly, as its page shows it: the answer, the reason of a
    declined status, the link to a service that exists, or a note on the latest step."""
    return (
        ~Q(answer__regex=EMPTY_ANSWER)
        | Q(status__kind=SuggestionKind.DECLINED, declined_reason__regex=SOMETHING)
        | Q(status__kind=SuggestionKind.EXISTS, existing_service_page__isnull=False)
        | Q(status__kind=SuggestionKind.EXISTS, existing_service_url__regex=SOMETHING)
        | Q(latest_note__regex=SOMETHING)
    )


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
        "answer": {"csv": answer_export_text, "xlsx": answer_export_text},
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


class SuggestionInspectView(ReadableInspectView):
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
