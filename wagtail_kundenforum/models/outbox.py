from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """An e-mail that the app sends, written in the transaction of the event that causes it
    and delivered later by ``wagtail_kundenforum.outbox`` (a task, or the sweep command).

    It holds only what the mail itself needs. Change ``state`` only through the outbox's
    delivery functions: they claim a message before sending it, so that two senders never
    send it twice.
    """

    subject = models.CharField(_("subject"), max_length=998)  # RFC 5322's line limit
    body = models.TextField(_("body"))
    # An HTML alternative to the plain-text body (readers' notifications have one).
    html_body = models.TextField(_("HTML body"), blank=True)
    # Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058).
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    recipients = models.JSONField(_("recipients"), default=list)
    # The reader whose personal data the message holds (a moderators' notice quotes the
    # comment): erasing that reader's data erases the message too.
    regarding = models.EmailField(_("regarding the reader"), blank=True, db_index=True)
    state = models.CharField(
        _("state"), max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # One column for "when is this message due": the next try of a waiting message, or the
    # end of the claim on one being sent (a sender that died leaves it due again then). So
    # the sweep finds everything it must do with one index.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="kf_outbox_due"),
            models.Index(fields=["created_at"], name="kf_outbox_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=OutboxState.values), name="kf_outbox_state_valid"
            )
        ]

    def __str__(self):
        return self.subject
