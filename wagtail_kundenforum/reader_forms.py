"""What every form that readers send has: a signed time stamp, a honeypot, error messages tied
to their fields for screen readers, and the entries of the error summary. The comment form
and the follow form build on it; each signs and checks its own time stamp."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReaderForm(forms.Form):
    # Not required here: each form answers a missing stamp like a forged one.
    kf_started = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot, named like no real field (browsers autofill "website", "url", "email").
    kf_topic = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    # The error summary names each field; a label that is a sentence gets a short name there.
    summary_labels = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kf_started", "kf_topic"):  # after the form's own fields
            self.fields[name] = self.fields.pop(name)

    def full_clean(self):
        super().full_clean()
        # Tie each error message to its field for screen readers.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    def error_summary(self):
        """The entries of the error summary: (id of the field or None, its short name or
        None, message); the fields' in the form's order, then the rest."""
        entries = [
            (field.id_for_label, self.summary_labels.get(field.name, field.label), error)
            for field in self.visible_fields()
            for error in field.errors
        ]
        entries += [(None, None, error) for error in self.non_field_errors()]
        entries += [(None, None, error) for field in self.hidden_fields() for error in field.errors]
        return entries

    def is_bot(self):
        """The honeypot was filled in: answer as if all went well and store nothing."""
        return bool(self.data.get("kf_topic"))
