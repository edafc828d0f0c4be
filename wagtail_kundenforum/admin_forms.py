"""The suggestion's edit form: what the editor saw when it was opened, the status as a plain
list, and the note of the history step that publishing a new status adds.

A status change or a history row recorded by someone else while the form was open (a bulk
action, the import, code) must survive when the editor saves: the model compares the draft
with what the editor saw, not with what is live at saving time. No panel claims those two
hidden fields, so Wagtail renders them outside the panels, without a label.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .text import CONTROLS_IN_LINE, XML_FORBIDDEN


class StatusChoiceField(forms.ModelChoiceField):
    """The statuses as radio buttons, each with its kind: a label says what readers see, the
    kind what it means. No chooser, so no link that would rename a status everywhere."""

    def __init__(self, queryset, **kwargs):
        kwargs["widget"] = forms.RadioSelect
        super().__init__(queryset.order_by("order", "pk"), **kwargs)

    def label_from_instance(self, status):
        return _("%(label)s (%(kind)s)") % {
            "label": status.label,
            "kind": status.get_kind_display(),
        }


def as_status_choice(field):
    """``field`` (the model's status field) as a ``StatusChoiceField`` with its texts."""
    return StatusChoiceField(
        field.queryset,
        label=field.label,
        help_text=field.help_text,
        required=field.required,
        initial=field.initial,
    )


class SuggestionForm(WagtailAdminModelForm):
    status_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    history_seen = forms.CharField(widget=forms.HiddenInput, required=False)
    history_note = forms.CharField(
        label=_("Note for the history"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown with the new step in the public history and the status feed when a new "
            "status is published. Left empty, the step shows the answer, or a declined "
            "status's reason, if you changed it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if "status" in self.fields:
            self.fields["status"] = as_status_choice(self.fields["status"])
        if instance.pk:
            # What is live, not the draft: a draft's own new status is the editor's change.
            seen = instance.live_state()
            self.fields["status_seen"].initial = seen["status"]
            self.fields["history_seen"].initial = ",".join(map(str, seen["history"]))
            self.fields["history_note"].initial = instance.history_note
        else:
            self._preselect_for_new_suggestion()

    def _preselect_for_new_suggestion(self):
        # A new suggestion starts as open, from the latest forum: a draft can be saved (and
        # autosaved) while the editor is still typing, without an error for a missing choice.
        for name, choice in self._meta.model.new_suggestion_defaults().items():
            if name in self.fields and choice is not None and name not in self.initial:
                self.initial[name] = choice.pk

    def clean_history_seen(self):
        raw = self.cleaned_data.get("history_seen") or ""
        return [int(pk) for pk in raw.split(",") if pk.strip().isdigit()]

    def clean_history_note(self):
        note = self.cleaned_data.get("history_note", "").strip()
        if XML_FORBIDDEN.search(note):  # the status feed is XML
            raise forms.ValidationError(CONTROLS_IN_LINE, code="control_characters")
        return note

    def save(self, commit=True):
        if self.instance.pk and self.cleaned_data.get("status_seen"):
            self.instance.seen_live_state = {
                "status": self.cleaned_data["status_seen"],
                "history": self.cleaned_data["history_seen"],
            }
        self.instance.history_note = self.cleaned_data.get("history_note", "")
        return super().save(commit=commit)
