import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommentState(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class ReaderCommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(state=CommentState.APPROVED)

    def pending(self):
        return self.filter(state=CommentState.PENDING)


def comment_hash(page_id, email, text):
    """The identity of a comment for duplicate detection: page, e-mail and text.

    A hash, because a unique index over 3,000 characters of text exceeds PostgreSQL's
    index row limit.
    """
    key = f"{page_id}\n{email.strip().lower()}\n{text.strip()}"
    return hashlib.sha256(key.encode()).hexdigest()


class ReaderComment(models.Model):
    """A reader's comment on a page, or an official reply of the utility.

    Named so as not to clash with Wagtail's editorial ``Comment``. Change ``state`` only
    through ``wagtail_kundenforum.comments.moderation``. Not in Wagtail's search index: the admin
    searches comments in the database, and a posting should cost no index write.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="reader_comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    url = models.URLField(_("website"), blank=True)
    text = models.TextField(_("comment"), max_length=3000)
    state = models.CharField(
        _("state"), max_length=16, choices=CommentState.choices, default=CommentState.PENDING
    )
    is_official = models.BooleanField(
        _("official reply"), default=False, help_text=_("Written by the utility.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("IP address (truncated)"), null=True, blank=True)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = ReaderCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reader comment")
        verbose_name_plural = _("reader comments")
        indexes = [models.Index(fields=["page", "state", "created_at"], name="kf_comment_listing")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=CommentState.values), name="kf_comment_state_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="kf_comment_text_not_empty"),
            models.CheckConstraint(condition=~Q(name=""), name="kf_comment_name_not_empty"),
        ]

    def __str__(self):
        return _("%(name)s on “%(page)s”") % {"name": self.name, "page": self.page.title}

    def save(self, *args, **kwargs):
        self.content_hash = self.compute_hash()
        super().save(*args, **kwargs)

    def public_url(self):
        """The commenter's website, if it is a plain web address (never ``javascript:``)."""
        return self.url if self.url.lower().startswith(("http://", "https://")) else ""

    def compute_hash(self):
        return comment_hash(self.page_id, self.email, self.text)

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.parent_id is not None:
            raise ValidationError({"parent": _("Replies can only be made to a top-level comment.")})
        if self.parent.page_id != self.page_id:
            raise ValidationError({"parent": _("A reply must be on the same page as its comment.")})
