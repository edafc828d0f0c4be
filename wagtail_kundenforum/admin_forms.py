"""The suggestion's edit form remembers what the editor saw when it was opened.

A status change or a history row recorded by someone else while the form was open (a bulk
action, the import, code) must survive when the editor saves: the model compares the draft
with what the editor saw, not with what is live at saving time.
"""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm


class SuggestionForm(WagtailAdminModelForm):
    status_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    history_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk:
            self.fields["status_seen"].initial = instance.status_id
            seen = sorted(change.pk for change in instance.status_changes.all() if change.pk)
            self.fields["history_seen"].initial = ",".join(map(str, seen))

    def clean_history_seen(self):
        raw = self.cleaned_data.get("history_seen") or ""
        return [int(pk) for pk in raw.split(",") if pk.strip().isdigit()]

    def save(self, commit=True):
        if self.instance.pk and self.cleaned_data.get("status_seen"):
            self.instance.seen_live_state = {
                "status": self.cleaned_data["status_seen"],
                "history": self.cleaned_data["history_seen"],
            }
        return super().save(commit=commit)
