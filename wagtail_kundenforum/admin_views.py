"""Admin views of comment moderation: the listing's and inspect view's extras, the official
reply and the dashboard panel; the suggestion admin's listing, inspect view and dashboard
panel; and for all the app's snippets the safe export and the guarded choosers.
``viewsets.py`` and ``wagtail_hooks.py`` wire them up; state changes stay in
``moderation.py`` and ``status_changes.py``.
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast, Coalesce, Greatest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import log
from wagtail.models import DraftStateMixin, Revision
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend
from wagtail.snippets.views.snippets import IndexView, InspectView

from .bulk_actions import MODERATION_BULK_ACTIONS, comment_permission_policy
from .conf import get_setting
from .models import (
    CommentState,
    Forum,
    ReaderComment,
    Suggestion,
    SuggestionStatus,
    SuggestionTopic,
)
from .moderation import pending_count
from .permissions import permission_policy
from .text import xml_safe
from .tracker.importing.views import may_import

# In a CSV, a cell starting with one of these would run as a formula in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TIME_FIELDS = ["created_at", "moderated_at"]


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


def field_label(name):
    return capfirst(ReaderComment._meta.get_field(name).verbose_name)


def excerpt(comment):
    return Truncator(comment.text).chars(80)


def thread_root(comment):
    """The top-level comment of ``comment``'s thread: replies go only one level deep."""
    return comment.parent if comment.parent_id else comment


def comment_url(view_name, comment):
    return reverse(ReaderComment.snippet_viewset.get_url_name(view_name), args=(comment.pk,))


def moderation_url(action, comment, next_url):
    """The confirmation page of a moderation bulk action for one comment."""
    opts = ReaderComment._meta
    url = reverse("wagtail_bulk_action", args=(opts.app_label, opts.model_name, action))
    return f"{url}?{urlencode({'id': comment.pk, 'next': next_url})}"


def comment_buttons(comment, user, next_url):
    """The moderation actions and the official reply that ``user`` may take on ``comment``."""
    policy = comment_permission_policy()
    buttons = []
    if policy.user_has_permission_for_instance(user, "change", comment):
        buttons += [
            Button(
                action.display_name,
                url=moderation_url(action.action_type, comment, next_url),
                icon_name=action.icon_name,
                priority=11 + number,
            )
            for number, action in enumerate(MODERATION_BULK_ACTIONS)
            if comment.state != action.target_state
        ]
    if policy.user_has_permission(user, "add"):
        buttons.append(
            Button(
                _("Reply as the utility"),
                url=comment_url("reply", comment),
                icon_name="comment",
                priority=15,
            )
        )
    return buttons


class ReaderCommentIndexView(SafeExportIndexView):
    """The moderation queue: moderation and reply in each comment's menu; a safe export."""

    custom_field_preprocess = {
        field: {"csv": local_time, "xlsx": local_time} for field in TIME_FIELDS
    }

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        return buttons + comment_buttons(instance, self.request.user, self.listing_url())

    def listing_url(self):
        """The listing as the moderator sees it (filters kept), to come back to afterwards."""
        params = self.request.GET.copy()
        params.pop("_w_filter_fragment", None)
        query = params.urlencode()
        return f"{self.index_url}?{query}" if query else self.index_url


class ReaderCommentInspectView(InspectView):
    """A comment in full, with its moderation and reply buttons."""

    @cached_property
    def header_more_buttons(self):
        next_url = reverse(self.index_url_name)
        buttons = comment_buttons(self.object, self.request.user, next_url)
        return [*super().header_more_buttons, *buttons]

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value)  # Wagtail's template would show UTC
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


def create_official_reply(root, user, text):
    """Publish ``user``'s answer to the top-level comment ``root``; None if it clashes.

    An official reply is written by a moderator and is approved from the start: it is a new
    comment, not a state change. It stores no e-mail address: it is the utility's, and a
    moderator's own data request must not reach it. Sending the same text twice to the same
    thread returns the first reply; the same text elsewhere on the page clashes with the
    duplicate rule.
    """
    reply = ReaderComment(
        page=root.page,
        parent=root,
        name=get_user_display_name(user)[:100],
        email="",
        text=text,
        is_official=True,
        state=CommentState.APPROVED,
        moderated_at=timezone.now(),
        moderated_by=user,
    )
    try:
        with transaction.atomic():
            reply.save()
    except IntegrityError:
        return ReaderComment.objects.filter(content_hash=reply.content_hash, parent=root).first()
    log(instance=reply, action="wagtail.create", user=user)
    return reply


class OfficialReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        max_length=ReaderComment._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Published at once as the utility's reply, under your name."),
    )


class OfficialReplyView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Answer a comment as the utility: an approved official reply in the comment's thread."""

    model = ReaderComment
    permission_required = "add"
    form_class = OfficialReplyForm
    template_name = "wagtail_kundenforum/admin/official_reply.html"
    page_title = _("Reply as the utility")
    header_icon = "comment"
    index_url_name = None

    @cached_property
    def permission_policy(self):
        return comment_permission_policy()

    @cached_property
    def comment(self):
        comments = ReaderComment.objects.select_related("page", "parent__page")
        return get_object_or_404(comments, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return str(thread_root(self.comment))

    def get_breadcrumbs_items(self):
        listing = {
            "url": reverse(self.index_url_name),
            "label": capfirst(ReaderComment._meta.verbose_name_plural),
        }
        current = {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()}
        return [*self.breadcrumbs_items, listing, current]

    def get_context_data(self, **kwargs):
        root = thread_root(self.comment)
        return super().get_context_data(
            comment=root, root_is_shown=root.state == CommentState.APPROVED, **kwargs
        )

    def form_valid(self, form):
        root = thread_root(self.comment)
        if create_official_reply(root, self.request.user, form.cleaned_data["text"]) is None:
            form.add_error("text", _("You have already posted this text on this page."))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Your reply to %(name)s is published.") % {"name": root.name}
        )
        return redirect(self.index_url_name)


class PendingCommentsPanel(Component):
    """Dashboard panel: how many comments wait, and the newest of them."""

    name = "kundenforum_pending_comments"
    template_name = "wagtail_kundenforum/admin/pending_comments_panel.html"
    order = 205
    shown = 5

    def get_context_data(self, parent_context):
        newest = ReaderComment.objects.pending().select_related("page").order_by("-created_at")
        listing_url = reverse(ReaderComment.snippet_viewset.get_url_name("list"))
        return {
            "pending_count": pending_count(),
            "comments": [
                {
                    "comment": comment,
                    "edit_url": comment_url("edit", comment),
                    "inspect_url": comment_url("inspect", comment),
                }
                for comment in newest[: self.shown]
            ],
            "listing_url": f"{listing_url}?{urlencode({'state': CommentState.PENDING})}",
        }


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
