"""The admin viewset of reader comments: the moderation queue, its filters, the menu item
with the number of waiting comments, and the official reply's URL."""

import django_filters
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import SubmenuMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, StatusFlagColumn, StatusTagColumn
from wagtail.models import Page

from ..models import CommentState, ReaderComment
from ..permissions import may_moderate_comments
from ..viewsets import GuardedChooserViewSet, KundenforumSnippetViewSet
from .admin_views import (
    NoReaderCommentAddView,
    OfficialReplyView,
    ReaderCommentIndexView,
    ReaderCommentInspectView,
    comment_field_label,
    excerpt,
)
from .moderation import pending_count


def commented_pages(request):
    """The page filter offers only pages with comments: a site has many more pages."""
    return Page.objects.filter(reader_comments__isnull=False).distinct().order_by("title")


class ReaderCommentFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(
        label=comment_field_label("page"), queryset=commented_pages
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=comment_field_label("created_at"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ReaderComment
        fields = ["state", "page", "created_at"]


def pending_count_for(request):
    """The waiting comments that ``request``'s user may moderate; counted once a request,
    since two menu items show it."""
    if not hasattr(request, "_kundenforum_pending_count"):
        moderates = may_moderate_comments(request.user)
        request._kundenforum_pending_count = pending_count() if moderates else 0
    return request._kundenforum_pending_count


class PendingCountMenuItemMixin:
    """Shows the number of waiting comments in the menu label to who may moderate them,
    counted when the menu renders.

    Wagtail has no badge for menu items, and it builds them once per process.
    """

    def render_component(self, request):
        component = super().render_component(request)
        count = pending_count_for(request)
        if count:
            component.label = _("%(label)s (%(count)s)") % {"label": self.label, "count": count}
        return component


class PendingCountSubmenuMenuItem(PendingCountMenuItemMixin, SubmenuMenuItem):
    """The menu that holds the reader comments carries their count too: a closed submenu
    hides its items' labels."""

    @classmethod
    def of(cls, item):
        """The same submenu as ``item`` (a ``SubmenuMenuItem``), with the count."""
        return cls(
            item.label,
            item.menu,
            name=item.name,
            icon_name=item.icon_name,
            classname=item.classname,
            attrs=item.attrs,
            order=item.order,
        )


class ReaderCommentChooserViewSet(GuardedChooserViewSet):
    """Choosing a comment (a reply's parent) but never writing one in the chooser."""

    create_view_class = NoReaderCommentAddView


class ReaderCommentViewSet(KundenforumSnippetViewSet):
    """Moderation of reader comments. States change through bulk actions (``bulk_actions.py``),
    never through the edit form."""

    model = ReaderComment
    icon = "comment"
    menu_label = _("Reader comments")
    menu_name = "reader-comments"
    # A reference index entry per comment would add writes to every post, for no use.
    add_to_reference_index = False
    copy_view_enabled = False
    # No "Add reader comment": readers write them (``NoReaderCommentAddView``).
    add_view_class = NoReaderCommentAddView
    chooser_viewset_class = ReaderCommentChooserViewSet
    inspect_view_enabled = True
    index_view_class = ReaderCommentIndexView
    inspect_view_class = ReaderCommentInspectView
    list_display = [
        "name",
        Column("excerpt", label=comment_field_label("text"), accessor=excerpt),
        Column(
            "page", label=comment_field_label("page"), accessor="page.title", sort_key="page__title"
        ),
        StatusTagColumn(
            "get_state_display",
            label=comment_field_label("state"),
            sort_key="state",
            primary=lambda comment: comment.state == CommentState.PENDING,
        ),
        StatusFlagColumn(
            "is_official", label=comment_field_label("is_official"), true_label=_("Official")
        ),
        DateColumn("created_at", label=comment_field_label("created_at"), sort_key="created_at"),
    ]
    filterset_class = ReaderCommentFilterSet
    # Substring search in the database (comments are not in Wagtail's search index): moderators
    # look for parts of German compounds and addresses.
    search_backend_name = None
    search_fields = ["name", "email", "text"]
    ordering = "-created_at"
    # Never the IP address or the duplicate hash: moderators need neither.
    inspect_view_fields = [
        "page",
        "parent",
        "name",
        "email",
        "url",
        "text",
        "state",
        "is_official",
        "created_at",
        "moderated_at",
        "moderated_by",
    ]
    list_export = [
        "id",
        "created_at",
        "page",
        "parent_id",
        "name",
        "email",
        "url",
        "text",
        "get_state_display",
        "is_official",
        "moderated_at",
        "moderated_by",
    ]
    export_headings = {
        "parent_id": _("Reply to (ID)"),
        "get_state_display": comment_field_label("state"),
    }
    export_filename = "reader-comments"
    panels = [
        FieldPanel("page"),
        FieldPanel("parent"),
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("url"),
        FieldPanel("text"),
        FieldPanel("is_official"),
    ]

    def get_queryset(self, request):
        return ReaderComment.objects.select_related("page", "moderated_by")

    def get_common_view_kwargs(self, **kwargs):
        # Without an add URL the listing offers no "Add" button, even to who may reply.
        return super().get_common_view_kwargs(**{**kwargs, "add_url_name": None})

    @cached_property
    def menu_item_class(self):
        return type(
            "ReaderCommentMenuItem", (PendingCountMenuItemMixin, super().menu_item_class), {}
        )

    @cached_property
    def reply_view(self):
        return self.construct_view(OfficialReplyView, index_url_name=self.get_url_name("list"))

    def get_urlpatterns(self):
        reply = path("reply/<int:pk>/", self.reply_view, name="reply")
        return [*super().get_urlpatterns(), reply]
