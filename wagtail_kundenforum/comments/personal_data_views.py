"""The admin page for a reader's data request (DSGVO Art. 15 and 17): export or erase
every comment of one e-mail address. The rules live in ``personal_data.py``."""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..permissions import may_handle_personal_data
from .personal_data import comments_of, erase_personal_data, export_personal_data


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the reader"))
    confirm_erase = forms.BooleanField(
        label=_("I have checked the address: erase all of its comments for good."),
        required=False,
    )


class PersonalDataView(WagtailAdminTemplateMixin, FormView):
    template_name = "wagtail_kundenforum/admin/personal_data.html"
    form_class = PersonalDataForm
    page_title = _("Readers' personal data")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not may_handle_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if "erase" not in self.request.POST:
            return self.export(email)
        if not form.cleaned_data["confirm_erase"]:
            form.add_error("confirm_erase", _("Please confirm that the address is right."))
            return self.form_invalid(form)
        count = erase_personal_data(email)
        messages.success(
            self.request,
            ngettext(
                "%(count)d comment of this address was erased.",
                "%(count)d comments of this address were erased.",
                count,
            )
            % {"count": count},
        )
        return redirect(reverse("wagtail_kundenforum_personal_data"))

    def export(self, email):
        document = {"email": email, "comments": export_personal_data(email)}
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        email = form.data.get("email") if form.is_bound else None
        context["comment_count"] = comments_of(email).count() if email else None
        return context
