"""Admin viewsets of the tracker's snippets: suggestions, statuses and topics. They build on
the app's shared base, ``KundenforumSnippetViewSet``; ``wagtail_hooks.py`` registers them."""

import django_filters
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusFlagColumn, StatusTagColumn
from wagtail.admin.widgets.boolean_radio_select import BooleanRadioSelect

from ..models import Forum, Suggestion, SuggestionKind, SuggestionStatus, SuggestionTopic
from ..viewsets import (
    KundenforumSnippetViewSet,
    count_suggestions,
    model_label,
    suggestion_count_column,
)
from .admin_views import PublicationColumn, SuggestionIndexView, SuggestionInspectView
from .importing.views import SuggestionImportView


def suggestion_label(name):
    return model_label(Suggestion, name)


class SuggestionFilterSet(WagtailFilterSet):
    forum = django_filters.ModelChoiceFilter(
        label=suggestion_label("forum"), queryset=Forum.objects.order_by("number")
    )
    topic = django_filters.ModelChoiceFilter(
        label=suggestion_label("topic"),
        queryset=SuggestionTopic.objects.all(),
        null_label=_("No topic"),
    )
    status = django_filters.ModelChoiceFilter(
        label=suggestion_label("status"), queryset=SuggestionStatus.objects.all()
    )
    live = django_filters.BooleanFilter(label=_("Published"), widget=BooleanRadioSelect)

    class Meta:
        model = Suggestion
        fields = ["forum", "topic", "status", "live"]


class SuggestionViewSet(KundenforumSnippetViewSet):
    """Suggestions of all forums: filters, search, export, inspect view, the bulk status
    change (``bulk_actions``) and the import."""

    model = Suggestion
    icon = "tasks"
    menu_label = _("Suggestions")
    menu_name = "suggestions"
    index_view_class = SuggestionIndexView
    inspect_view_enabled = True
    inspect_view_class = SuggestionInspectView
    # A copy would take over the history and the spreadsheet's ID of another suggestion.
    copy_view_enabled = False
    list_display = [
        "title",
        Column("forum", label=suggestion_label("forum"), sort_key="forum__number"),
        Column("topic", label=suggestion_label("topic"), sort_key="topic__order"),
        StatusTagColumn(
            "status",
            label=suggestion_label("status"),
            sort_key="status__order",
            primary=lambda suggestion: suggestion.status.kind == SuggestionKind.DONE,
        ),
        PublicationColumn(label=_("Publication")),
        DateColumn("last_change", label=_("Updated"), sort_key="last_change"),
    ]
    filterset_class = SuggestionFilterSet
    ordering = ["forum__number", "pk"]
    inspect_view_fields = [
        "title",
        "forum",
        "topic",
        "status",
        "status_changes",
        "original_wording",
        "description",
        "answer",
        "declined_reason",
        "existing_service_page",
        "existing_service_url",
        "external_id",
        "live",
        "created_at",
        "updated_at",
        "status_changed_at",
    ]
    list_export = [
        "id",
        "external_id",
        "forum.number",
        "forum.title",
        "topic",
        "title",
        "original_wording",
        "description",
        "status",
        "status.kind",
        "answer",
        "declined_reason",
        "existing_service_url",
        "status_string",
        "created_at",
        "updated_at",
        "status_changed_at",
    ]
    export_headings = {
        "id": _("ID"),
        "forum.number": _("Forum number"),
        "forum.title": _("Forum"),
        "status.kind": _("Kind of status"),
        "status_string": _("Publication"),
    }
    export_filename = "suggestions"

    def get_queryset(self, request):
        # The latest revision gives each row its current title (the bulk action's checkbox).
        suggestions = Suggestion.objects.select_related(
            "forum", "topic", "status", "latest_revision"
        )
        return suggestions.defer("latest_revision__content")

    @cached_property
    def import_view(self):
        return self.construct_view(SuggestionImportView, index_url_name=self.get_url_name("list"))

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(import_url_name=self.get_url_name("import"), **kwargs)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("import/", self.import_view, name="import")]


class SuggestionStatusViewSet(KundenforumSnippetViewSet):
    """The statuses editors give suggestions; the kind keeps statistics comparable."""

    model = SuggestionStatus
    icon = "tag"
    menu_label = _("Statuses")
    menu_name = "suggestion-statuses"
    list_display = [
        "label",
        "slug",
        Column("get_kind_display", label=model_label(SuggestionStatus, "kind"), sort_key="kind"),
        StatusFlagColumn(
            "is_public", label=model_label(SuggestionStatus, "is_public"), true_label=_("Public")
        ),
        "colour",
        "order",
        suggestion_count_column(),
    ]
    ordering = ["order", "pk"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return count_suggestions(SuggestionStatus)


class SuggestionTopicViewSet(KundenforumSnippetViewSet):
    """The topics of suggestions: the utility's areas such as power, water or buses."""

    model = SuggestionTopic
    # Not the open folder: that is the icon of Wagtail's pages.
    icon = "folder"
    menu_label = _("Topics")
    menu_name = "suggestion-topics"
    list_display = ["name", "slug", "order", suggestion_count_column()]
    ordering = ["order", "name"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return count_suggestions(SuggestionTopic)
