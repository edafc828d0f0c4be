"""Admin viewsets of the app's snippets; ``wagtail_hooks.py`` registers them."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Forum


class ForumViewSet(SnippetViewSet):
    model = Forum
    icon = "group"
    menu_label = _("Forums")
    list_display = [
        "number",
        "title",
        "date",
        "place",
        Column("get_method_display", label=_("method")),
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


class KundenforumViewSetGroup(SnippetViewSetGroup):
    """The "Customer forum" menu of the admin."""

    items = [ForumViewSet]
    menu_label = _("Customer forum")
    menu_icon = "group"
    menu_order = 250
