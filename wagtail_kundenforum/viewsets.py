"""Admin viewsets of the app's snippets, and their base (``KundenforumSnippetViewSet``); the
comments' viewset is in ``comments/viewsets.py``. ``wagtail_hooks.py`` registers them."""

from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import (
    ChooserAccessMixin,
    SafeExportIndexView,
)
from .models import (
    Forum,
    Suggestion,
)


def model_label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def count_suggestions(model):
    return model.objects.annotate(suggestion_count=Count("suggestions"))


def suggestion_count_column():
    label = capfirst(Suggestion._meta.verbose_name_plural)
    return Column("suggestion_count", label=label, sort_key="suggestion_count")


class GuardedChooseView(ChooserAccessMixin, ChooseView):
    def get_object_list(self):
        return self.choosable(super().get_object_list())


class GuardedChooseResultsView(ChooserAccessMixin, ChooseResultsView):
    def get_object_list(self):
        return self.choosable(super().get_object_list())


class GuardedChosenView(ChooserAccessMixin, SnippetChosenView):
    def get_object(self, pk):
        return self.choosable(self.model_class.objects.all()).get(pk=pk)


class GuardedChosenMultipleView(ChooserAccessMixin, SnippetChosenMultipleView):
    def get_objects(self, pks):
        return self.choosable(super().get_objects(pks))


class GuardedCreateView(ChooserAccessMixin, SnippetCreateView):
    pass


class GuardedChooserViewSet(SnippetChooserViewSet):
    """The chooser of each of the app's snippets, showing a user only what they may see
    (``admin_views.ChooserAccessMixin``)."""

    choose_view_class = GuardedChooseView
    choose_results_view_class = GuardedChooseResultsView
    chosen_view_class = GuardedChosenView
    chosen_multiple_view_class = GuardedChosenMultipleView
    create_view_class = GuardedCreateView


class KundenforumSnippetViewSet(SnippetViewSet):
    """Base of the app's snippet viewsets: an export that writes any stored text, and
    choosers that show only what the user may see."""

    index_view_class = SafeExportIndexView
    chooser_viewset_class = GuardedChooserViewSet


class ForumViewSet(KundenforumSnippetViewSet):
    """The forum evenings of the series, each with the number of suggestions it produced."""

    model = Forum
    icon = "calendar-alt"
    menu_label = _("Forums")
    list_display = [
        "title",
        "number",
        "date",
        "place",
        Column("get_method_display", label=model_label(Forum, "method"), sort_key="method"),
        suggestion_count_column(),
    ]
    list_filter = ["method", "date"]
    list_export = [
        "number",
        "title",
        "date",
        "place",
        "method",
        "participants",
        "returning_participants",
        "suggestions_discussed",
    ]
    export_filename = "forums"
    ordering = ["-number"]

    def get_queryset(self, request):
        return count_suggestions(Forum)
