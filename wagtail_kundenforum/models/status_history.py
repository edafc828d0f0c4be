"""A suggestion's status history, and how a change is recorded in it.

Recording writes the history row and sends ``suggestion_status_changed``; only the public
door ``change_status`` and ``Suggestion.publish`` call it, inside the transaction that holds
the suggestion's lock.
"""

from django import forms
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from ..signals import suggestion_status_changed, suggestion_status_recorded
from .statuses import SuggestionStatus


class SuggestionStatusChange(models.Model):
    """One step of a suggestion's history; editors may add earlier ones by hand."""

    suggestion = ParentalKey(
        "wagtail_kundenforum.Suggestion", on_delete=models.CASCADE, related_name="status_changes"
    )
    date = models.DateField(
        _("date"), default=timezone.localdate, help_text=_("When the status changed.")
    )
    from_status = models.ForeignKey(
        SuggestionStatus,
        verbose_name=_("from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_status = models.ForeignKey(
        SuggestionStatus, verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(
        _("public note"), blank=True, help_text=_("Optional; shown with this step of the history.")
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    # Plain selects, not choosers: a chooser's "edit this status" would rename the status for
    # every suggestion.
    panels = [
        FieldRowPanel(
            [
                FieldPanel("date"),
                FieldPanel("from_status", widget=forms.Select),
                FieldPanel("to_status", widget=forms.Select),
            ]
        ),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["date", "created_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.date}: {self.from_status or '-'} → {self.to_status}"

    @property
    def public_from_status(self):
        """The status the change came from, if readers may know it: one that is not public is
        never named."""
        source = self.from_status
        return source if source is not None and source.is_public else None


def record_status_change(suggestion, from_status, to_status, *, note="", date=None, user=None):
    """Write the history row of a change already applied to the locked row; send the signal.

    Call it only inside the transaction that holds the row's lock (``change_status`` and
    ``Suggestion.publish`` do).
    """
    suggestion_model = SuggestionStatusChange.suggestion.field.related_model
    now = timezone.now()
    change = SuggestionStatusChange.objects.create(
        suggestion=suggestion,
        date=date or timezone.localdate(),
        from_status=from_status,
        to_status=to_status,
        note=note,
        created_at=now,
    )
    suggestion_model.objects.filter(pk=suggestion.pk).update(status_changed_at=now)
    suggestion.status_changed_at = now
    suggestion_status_recorded.send(sender=suggestion_model, suggestion=suggestion, change=change)
    transaction.on_commit(
        lambda: suggestion_status_changed.send(
            sender=suggestion_model, suggestion=suggestion, change=change, user=user
        )
    )
    return change
