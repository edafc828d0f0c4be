"""Admin views of comment moderation: the listing's and inspect view's extras, the official
reply and the dashboard panel. ``viewsets.py`` and ``wagtail_hooks.py`` wire them up; state
changes, the official reply among them, stay in ``moderation.py``.
"""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button

from ..admin_views import ReadableInspectView, SafeExportIndexView, local_time
from ..models import CommentState, ReaderComment
from ..permissions import comment_permission_policy, may_moderate_comment, may_reply_as_utility
from .bulk_actions import MODERATION_BULK_ACTIONS
from .moderation import create_official_reply, official_signature, pending_count

TIME_FIELDS = ["created_at", "moderated_at"]


def comment_field_label(name):
    return capfirst(ReaderComment._meta.get_field(name).verbose_name)


def excerpt(comment):
    return Truncator(comment.text).chars(80)


def thread_root(comment):
    """The top-level comment of ``comment``'s thread: replies go only one level deep."""
    return comment.parent if comment.parent_id else comment


def comment_url(view_name, comment):
    return reverse(ReaderComment.snippet_viewset.get_url_name(view_name), args=(comment.pk,))


def moderation_action_url(action, comment, next_url):
    """The confirmation page of a moderation bulk action for one comment."""
    opts = ReaderComment._meta
    url = reverse("wagtail_bulk_action", args=(opts.app_label, opts.model_name, action))
    return f"{url}?{urlencode({'id': comment.pk, 'next': next_url})}"


def comment_buttons(comment, user, next_url):
    """The moderation actions and the official reply that ``user`` may take on ``comment``."""
    buttons = []
    if may_moderate_comment(user, comment):
        buttons += [
            Button(
                action.display_name,
                url=moderation_action_url(action.action_type, comment, next_url),
                icon_name=action.icon_name,
                priority=11 + number,
            )
            for number, action in enumerate(MODERATION_BULK_ACTIONS)
            if comment.state != action.target_state
        ]
    if may_reply_as_utility(user):
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
        return buttons + comment_buttons(instance, self.request.user, self.filtered_listing_url())

    def filtered_listing_url(self):
        """The listing as the moderator sees it (filters kept), to come back to afterwards."""
        params = self.request.GET.copy()
        params.pop("_w_filter_fragment", None)
        query = params.urlencode()
        return f"{self.index_url}?{query}" if query else self.index_url


class NoReaderCommentAddView(View):
    """In place of the snippet's add view: reader comments come from readers only, and the
    utility answers through ``OfficialReplyView``. A comment made up in the admin would be
    published as a reader's. The URL name stays, for Wagtail's templates that reverse it."""

    def dispatch(self, request, *args, **kwargs):
        raise Http404("Reader comments are written by readers.")


class ReaderCommentInspectView(ReadableInspectView):
    """A comment in full, with its moderation and reply buttons."""

    @cached_property
    def header_more_buttons(self):
        next_url = reverse(self.index_url_name)
        buttons = comment_buttons(self.object, self.request.user, next_url)
        return [*super().header_more_buttons, *buttons]


class OfficialReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        max_length=ReaderComment._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Published at once as the utility's reply."),
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
            comment=root,
            root_is_shown=root.state == CommentState.APPROVED,
            signature=official_signature(root.page, self.request.user),
            **kwargs,
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
