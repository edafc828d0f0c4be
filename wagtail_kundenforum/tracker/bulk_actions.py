"""Bulk actions of the tracker's admin listings: the status change of suggestions, and the
guarded delete of forums, suggestions, statuses and topics.

Every change goes through ``status_changes.change_status``, so each selected suggestion gets
its history row and the ``suggestion_status_changed`` signal, as from anywhere else. Wagtail
runs a bulk action for any admin user who knows its URL, so each action checks the user's
permissions itself.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_list_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.widgets import AdminDateInput
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from ..bulk_actions import LocalNextUrlMixin
from ..caching import retire_at_end
from ..models import Forum, Suggestion, SuggestionStatus, SuggestionTopic
from ..permissions import (
    may_change_status,
    may_change_suggestions,
    permission_policy,
    suggestion_permission_policy,
)
from .status_changes import change_status


class ChangeStatusForm(forms.Form):
    status = forms.ModelChoiceField(label=_("New status"), queryset=SuggestionStatus.objects.all())
    note = forms.CharField(
        label=_("Public note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown with the change in each suggestion's public history."),
    )
    date = forms.DateField(
        label=_("Date of the change"), initial=timezone.localdate, widget=AdminDateInput
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required for a declined status: why it is not possible. It replaces the public "
            "reason of each selected suggestion."
        ),
    )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The history records changes made, not planned ones."))
        return date

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status")
        if status is None or not status.needs_reason:
            cleaned_data["reason"] = ""
        elif status.lacks_reason(cleaned_data.get("reason", "").strip()):
            self.add_error(
                "reason",
                _("Say why these suggestions are not possible: “%(status)s” needs a reason.")
                % {"status": status},
            )
        return cleaned_data


class ChangeSuggestionStatusBulkAction(LocalNextUrlMixin, SnippetBulkAction):
    """Gives the selected suggestions a new status; each change is recorded in its history.

    The whole action needs the change permission; a published suggestion also needs the
    publish permission, since its new status is public at once, as when publishing it.
    """

    models = [Suggestion]
    display_name = _("Change status")
    action_type = "change_status"
    aria_label = _("Change the status of the selected suggestions")
    template_name = "wagtail_kundenforum/admin/bulk_actions/confirm_change_status.html"
    action_priority = 20
    form_class = ChangeStatusForm

    @cached_property
    def permission_policy(self):
        return suggestion_permission_policy()

    def dispatch(self, request, *args, **kwargs):
        if not may_change_suggestions(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, suggestion):
        return may_change_status(self.request.user, suggestion)

    @classmethod
    def get_queryset(cls, model, object_ids):
        suggestions = model.objects.select_related("forum", "status")
        return get_list_or_404(suggestions, pk__in=object_ids)

    def get_execution_context(self):
        return {"user": self.request.user, **self.cleaned_form.cleaned_data}

    @classmethod
    def execute_action(cls, objects, status=None, user=None, **change):
        changed = [s for s in objects if s.status_id != status.pk]
        # Wagtail runs the action in one transaction: the tracker's version changes once, at
        # its end, so that it is not held while the next suggestion is waited for.
        with transaction.atomic(), retire_at_end():
            for suggestion in changed:
                change_status(suggestion, status, user=user, **change)
        return len(changed), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        status = self.cleaned_form.cleaned_data["status"]
        if not num_parent_objects:
            return _("The selected suggestions already have the status “%(status)s”.") % {
                "status": status
            }
        return ngettext(
            "%(count)d suggestion now has the status “%(status)s”.",
            "%(count)d suggestions now have the status “%(status)s”.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "status": status}


class DeleteSuggestionDataBulkAction(LocalNextUrlMixin, DeleteBulkAction):
    """Wagtail's bulk delete of forums, suggestions, statuses and topics, refused as a whole
    to users who may not delete them: Wagtail's own lists the selected items, drafts too, to
    anyone with admin access."""

    models = [Forum, Suggestion, SuggestionStatus, SuggestionTopic]

    def dispatch(self, request, *args, **kwargs):
        if not permission_policy(self.model).user_has_permission(request.user, "delete"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
