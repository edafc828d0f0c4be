"""The admin's upload view for importing a forum's suggestions from a CSV or XLSX file.

The rules live in ``read``, ``plan`` and ``apply``; the suggestion viewset routes the view
under the suggestion snippets (``.../import/``).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ...models import Forum, Suggestion
from ...permissions import may_import
from .apply import import_suggestions
from .files import SuggestionImportError, format_from_name, max_upload_bytes
from .read import COLUMNS, read_sheet


class SuggestionImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    forum = forms.ModelChoiceField(
        label=_("Forum"),
        queryset=Forum.objects.all(),
        help_text=_("The forum where the suggestions were raised."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and show what would change, without saving anything"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit is a setting, read when the form is made: editors see it before uploading.
        self.fields["file"].help_text = _(
            "CSV (UTF-8, separated by commas or semicolons) or XLSX, of up to %(limit)s; the"
            " first row names the columns."
        ) % {"limit": filesizeformat(max_upload_bytes())}

    def clean_file(self):
        """The uploaded file, read into a ``Sheet``; a file that cannot be read is an error."""
        upload = self.cleaned_data["file"]
        try:
            return read_sheet(upload, format_from_name(upload.name))
        except SuggestionImportError as error:
            raise forms.ValidationError(str(error)) from None


class SuggestionImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a file, import it (or try it with a dry run) and see the report on the page."""

    model = Suggestion
    form_class = SuggestionImportForm
    template_name = "wagtail_kundenforum/admin/import_suggestions.html"
    page_title = _("Import suggestions")
    header_icon = "upload"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        listing = {
            "url": reverse(self.index_url_name),
            "label": capfirst(Suggestion._meta.verbose_name_plural),
        }
        return [*self.breadcrumbs_items, listing, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=COLUMNS, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            report = import_suggestions(
                data["file"], data["forum"], dry_run=data["dry_run"], user=self.request.user
            )
        except SuggestionImportError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        # The form again, with the same choices, for the next run (a browser keeps no file).
        again = self.get_form_class()(initial={"forum": data["forum"], "dry_run": data["dry_run"]})
        return self.render_to_response(self.get_context_data(form=again, report=report))
