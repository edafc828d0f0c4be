from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="comment")
class KundenforumSettings(BaseSiteSetting):
    """Per-site switches of the customer forum (comments, moderation, privacy)."""

    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Readers may comment on this site's pages that allow comments."),
    )
    moderation_required = models.BooleanField(
        _("moderation required"),
        default=True,
        help_text=_("New comments wait for a moderator before they are published."),
    )
    moderator_emails = models.TextField(
        _("moderator e-mail addresses"),
        blank=True,
        help_text=_("One address per line; they are told when a comment waits."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The privacy policy that the comment form's consent links to."),
    )
    close_comments_after_days = models.PositiveIntegerField(
        _("close comments after days"),
        null=True,
        blank=True,
        help_text=_(
            "Close comments this many days after a page's first publication; empty: never."
        ),
    )

    official_reply_label = models.CharField(
        _("label of official replies"),
        max_length=100,
        blank=True,
        help_text=_("Shown on the utility's replies; empty: “Reply from the utility”."),
    )
    official_reply_signature = models.CharField(
        _("signature of official replies"),
        max_length=100,
        blank=True,
        help_text=_(
            "The name official replies are signed with, such as “Ihre Stadtwerke”; "
            "empty: the site's name."
        ),
    )
    official_reply_names_author = models.BooleanField(
        _("name the author of official replies"),
        default=False,
        help_text=_(
            "Sign official replies with the moderator's full name after the signature. "
            "A login name is never shown."
        ),
    )
    tracker_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("tracker page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page with the suggestion tracker that suggestion pages link back to."),
    )
    moderation_words = models.TextField(
        _("words that need moderation"),
        blank=True,
        help_text=_("One per line. A comment containing one waits for a moderator."),
    )
    blocked_words = models.TextField(
        _("blocked words"),
        blank=True,
        help_text=_("One per line. A comment containing one is filed as spam."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("comments_open"),
                FieldPanel("moderation_required"),
                FieldPanel("close_comments_after_days"),
                FieldPanel("moderator_emails"),
                FieldPanel("official_reply_label"),
                FieldPanel("official_reply_signature"),
                FieldPanel("official_reply_names_author"),
            ],
            heading=_("Comments"),
        ),
        MultiFieldPanel(
            [FieldPanel("moderation_words"), FieldPanel("blocked_words")],
            heading=_("Spam defences"),
        ),
        FieldPanel("privacy_page"),
        FieldPanel("tracker_page"),
    ]

    class Meta:
        verbose_name = _("customer forum settings")

    def get_official_reply_label(self):
        return self.official_reply_label or _("Reply from the utility")

    def get_official_reply_signature(self):
        """Whom official replies are from: the signature setting, else the site's name, else
        a plain "Your utility"."""
        site_name = self.site.site_name if self.site_id else ""
        return self.official_reply_signature.strip() or site_name.strip() or _("Your utility")

    def sign_official_reply(self, user):
        """The name an official reply by ``user`` is published under: the signature, and the
        person's full name in brackets when the site wants it. Never the login name: staff
        logins must not become public, so a person without a full name stays unnamed."""
        signature = str(self.get_official_reply_signature())
        full_name = full_name_of(user) if self.official_reply_names_author else ""
        if not full_name:
            return signature
        return _("%(signature)s (%(person)s)") % {"signature": signature, "person": full_name}

    def moderator_email_list(self):
        """The moderators' addresses as a list, blank lines dropped."""
        return lines(self.moderator_emails)

    def moderation_word_list(self):
        return [word.lower() for word in lines(self.moderation_words)]

    def blocked_word_list(self):
        return [word.lower() for word in lines(self.blocked_words)]


def full_name_of(user):
    """``user``'s full name on one line, or "" (a custom user model may have none)."""
    get_full_name = getattr(user, "get_full_name", None)
    return " ".join((get_full_name() or "").split()) if get_full_name else ""


def lines(text):
    """The non-blank lines of ``text``, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
