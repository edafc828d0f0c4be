"""The admin's upload view for importing a forum's suggestions from a CSV or XLSX file.

Two steps: a dry run checks the uploaded file and shows what would change; the editor then
confirms, and the file kept since the dry run (``pending``) is imported, without being
chosen again. The rules live in ``read``, ``plan`` and ``apply``; the suggestion viewset
routes the view under the suggestion snippets (``.../import/``).
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
from .pending import keep_upload, pending_import
from .read import COLUMNS, read_sheet

DRAFTS_LABEL = _(
    "Import as drafts: new suggestions and changes wait unpublished until an editor publishes them"
)


class SuggestionImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    forum = forms.ModelChoiceField(
        label=_("Forum"),
        queryset=Forum.objects.all(),
        help_text=_("The forum where the suggestions were raised."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and show what would change, without saving anything"),
        help_text=_("Then confirm the import on the report, without choosing the file again."),
        required=False,
        initial=True,
    )
    # Publishing stays the default, as in the command: Wagtail publishes snippets one by one.
    drafts = forms.BooleanField(label=DRAFTS_LABEL, required=False)

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
            self.sheet = read_sheet(upload, format_from_name(upload.name))
        except SuggestionImportError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class ConfirmImportForm(forms.Form):
    """The confirmation after a dry run: the token of the kept file, and the drafts choice."""

    token = forms.CharField(widget=forms.HiddenInput)
    drafts = forms.BooleanField(label=DRAFTS_LABEL, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        """The kept file, read again; an expired or changed token is an error of the form."""
        data = super().clean()
        try:
            self.pending = pending_import(data.get("token", ""), self.user)
            self.sheet = self.pending.read()
        except SuggestionImportError as error:
            raise forms.ValidationError(str(error)) from None
        return data


class SuggestionImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a file and check it with a dry run, then confirm the import without uploading it
    again (or import it at once); the report shows on the page."""

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

    def get_form(self, form_class=None):
        if "token" in self.request.POST:
            return ConfirmImportForm(self.request.POST, user=self.request.user)
        return super().get_form(form_class)

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=COLUMNS, **kwargs)

    def form_valid(self, form):
        if isinstance(form, ConfirmImportForm):
            return self.confirmed(form)
        data = form.cleaned_data
        report = self.run(form, data["forum"], dry_run=data["dry_run"], drafts=data["drafts"])
        if report is None:
            return self.form_invalid(form)
        if not (report.dry_run and (report.created or report.updated)):
            return self.show(report, data["forum"], data["dry_run"], data["drafts"])
        # Something to import: keep the file, and ask for the confirmation instead.
        pending = keep_upload(data["file"], data["forum"], self.request.user)
        confirm = ConfirmImportForm(
            initial={"token": pending.token, "drafts": data["drafts"]}, user=self.request.user
        )
        return self.show(report, data["forum"], True, data["drafts"], confirm, pending)

    def confirmed(self, form):
        pending, drafts = form.pending, form.cleaned_data["drafts"]
        report = self.run(form, pending.forum, dry_run=False, drafts=drafts)
        if report is None:
            return self.form_invalid(form)
        pending.discard()
        return self.show(report, pending.forum, True, drafts)

    def run(self, form, forum, **options):
        """The import's report, or None with the problem added to ``form``."""
        try:
            return import_suggestions(form.sheet, forum, user=self.request.user, **options)
        except SuggestionImportError as error:
            form.add_error(None, str(error))
            return None

    def form_invalid(self, form):
        if not isinstance(form, ConfirmImportForm):
            return super().form_invalid(form)
        # The kept file cannot be imported: say why, above the upload form.
        context = self.get_context_data(form=self.get_form_class()(), confirm_problem=form)
        return self.render_to_response(context)

    def show(self, report, forum, dry_run, drafts, confirm=None, pending=None):
        """The report, and the confirmation or the form again with the same choices."""
        again = self.get_form_class()(
            initial={"forum": forum, "dry_run": dry_run, "drafts": drafts}
        )
        context = {"form": again, "report": report, "confirm_form": confirm, "pending": pending}
        return self.render_to_response(self.get_context_data(**context))
