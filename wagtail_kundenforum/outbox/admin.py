"""The outbox in the admin: a read-only listing of outgoing e-mails (filter "Failed" for
those that need a look), each with "Send again"; for superusers and users with the model's
view permission (sending again needs its change permission).

It sits in the settings menu, beside the readers' personal data: it is the operator's, not
the editors'."""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

from ..models import OutboxMessage, OutboxState
from . import delivery, tasks

RETRYABLE = {OutboxState.FAILED, OutboxState.PENDING}
# Views of Wagtail's model viewset that a read-only listing leaves out.
NO_URLS = ["add", "edit", "delete", "copy", "history", "usage"]


def label(name):
    return capfirst(OutboxMessage._meta.get_field(name).verbose_name)


def outbox_permission_policy():
    return ModelPermissionPolicy(OutboxMessage)


class OutboxIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.state in RETRYABLE and self.user_has_permission("change"):
            url = reverse("kundenforum_outbox:retry", args=[instance.pk])
            buttons.append(MenuItem(_("Send again"), url=url, icon_name="resubmit", priority=30))
        return buttons


class RetryView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Asks, then gives a failed (or waiting) e-mail a fresh set of attempts, due now."""

    model = OutboxMessage
    permission_required = "change"
    template_name = "wagtail_kundenforum/admin/outbox_retry.html"
    page_title = _("Send again")
    header_icon = "mail"
    index_url_name = "kundenforum_outbox:index"

    @cached_property
    def permission_policy(self):
        return outbox_permission_policy()

    @cached_property
    def message(self):
        return get_object_or_404(OutboxMessage, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.message.subject

    def get_context_data(self, **kwargs):
        return super().get_context_data(message=self.message, **kwargs)

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            retried = delivery.retry(OutboxMessage.objects.filter(pk=self.message.pk))
            if retried:
                transaction.on_commit(lambda: tasks.schedule_safely(self.message.pk))
        if retried:
            messages.success(request, _("The e-mail will be sent again."))
        else:
            messages.warning(request, _("This e-mail is being sent or has been sent already."))
        return redirect(self.index_url_name)


class OutboxMessageViewSet(ModelViewSet):
    """Outgoing e-mails: listing, filter by state, inspect, send again. Nothing to edit."""

    model = OutboxMessage
    icon = "mail"
    menu_label = _("Outgoing e-mails")
    add_to_settings_menu = True
    add_to_reference_index = False
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = OutboxIndexView
    inspect_view_class = InspectView
    list_display = [
        "subject",
        StatusTagColumn("get_state_display", label=label("state"), sort_key="state"),
        Column("attempts", label=label("attempts"), sort_key="attempts"),
        DateColumn("next_attempt_at", label=label("next_attempt_at"), sort_key="next_attempt_at"),
        Column("last_error", label=label("last_error")),
        DateColumn("created_at", label=label("created_at"), sort_key="created_at"),
    ]
    list_filter = ["state"]
    inspect_view_fields = [
        "subject",
        "recipients",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
        "body",
    ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update({f"{name}_url_name": None for name in NO_URLS})
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("retry/<int:pk>/", RetryView.as_view(), name="retry"),
        ]

    def get_permissions_to_register(self):
        """Only viewing and sending again mean something for an outbox."""
        codenames = ["view_outboxmessage", "change_outboxmessage"]
        return Permission.objects.filter(
            content_type__app_label="wagtail_kundenforum", codename__in=codenames
        )

    def register_admin_url_finder(self):
        pass  # nothing here has an edit view to find


def outbox_viewset():
    """For the ``register_admin_viewset`` hook."""
    return OutboxMessageViewSet("kundenforum_outbox", url_prefix="kundenforum/outbox")
