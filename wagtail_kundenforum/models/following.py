"""Readers who follow something by e-mail, without an account, and what they are told.

A ``Subscription`` counts only once its reader confirmed it from the e-mail it caused
(double opt-in). Something that followers hear of is a ``FollowEvent``, written in the
transaction of the change; the background fans each event out into one ``FollowDelivery``
per follower (unique, so that two workers never tell a follower twice), and the composer
turns the due deliveries of one address into one e-mail of the outbox.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FollowTarget(models.TextChoices):
    """What a reader follows."""

    SUGGESTION = "suggestion", _("A suggestion")
    REPLIES = "replies", _("Replies to a comment")
    COMMENTS = "comments", _("New comments on a report")
    FORUM = "forum", _("The suggestions of a forum")
    TRACKER = "tracker", _("Every suggestion")
    REPORTS = "reports", _("New reports of a news page")


class FollowFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("At once")
    DAILY = "daily", _("Once a day")
    WEEKLY = "weekly", _("Once a week")


class SubscriptionState(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    ENDED = "ended", _("Ended")


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(state=SubscriptionState.CONFIRMED)

    def pending(self):
        return self.filter(state=SubscriptionState.PENDING)

    def active(self):
        """Pending or confirmed: what one address may hold only once per target."""
        return self.exclude(state=SubscriptionState.ENDED)

    def of_address(self, email):
        return self.filter(email=normalize_address(email))


def normalize_address(email):
    """One spelling per address: the same reader asking twice must find their subscription."""
    return (email or "").strip().lower()


class Subscription(models.Model):
    """One address following one target. The address is never shown on a public page."""

    email = models.EmailField(_("e-mail"), db_index=True)
    target = models.CharField(_("follows"), max_length=12, choices=FollowTarget.choices)
    # The followed object: one of these, by ``target`` (none for the whole tracker).
    suggestion = models.ForeignKey(
        "wagtail_kundenforum.Suggestion",
        verbose_name=_("suggestion"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    comment = models.ForeignKey(
        "wagtail_kundenforum.ReaderComment",
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    forum = models.ForeignKey(
        "wagtail_kundenforum.Forum",
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    # "suggestion:12", "tracker": one key per target, so that one address holds each target
    # at most once (a unique constraint over nullable keys would let duplicates through).
    target_key = models.CharField(max_length=40, editable=False)
    frequency = models.CharField(
        _("how often"),
        max_length=10,
        choices=FollowFrequency.choices,
        default=FollowFrequency.IMMEDIATE,
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=SubscriptionState.choices,
        default=SubscriptionState.PENDING,
    )
    # The site the reader asked on: its address starts the links in their e-mails.
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The language the reader asked in: their e-mails are written in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # The consent: the text the reader agreed to, as they read it, and where from.
    consent_text = models.TextField(_("consent text"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address (truncated)"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "target_key"],
                condition=~Q(state="ended"),
                name="kf_subscription_once_per_target",
            ),
            models.CheckConstraint(
                condition=Q(state__in=SubscriptionState.values),
                name="kf_subscription_state_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "requested_at"], name="kf_subscription_state"),
        ]
        permissions = [("view_subscriber_addresses", "Can see the addresses of followers")]

    def __str__(self):
        return f"{self.get_target_display()} ({self.target_key})"

    def save(self, *args, **kwargs):
        self.email = normalize_address(self.email)
        self.target_key = self.compute_target_key()
        super().save(*args, **kwargs)

    def compute_target_key(self):
        followed = {
            FollowTarget.SUGGESTION: self.suggestion_id,
            FollowTarget.REPLIES: self.comment_id,
            FollowTarget.COMMENTS: self.page_id,
            FollowTarget.REPORTS: self.page_id,
            FollowTarget.FORUM: self.forum_id,
        }
        if self.target == FollowTarget.TRACKER:
            return str(self.target)
        return f"{self.target}:{followed[self.target]}"


class FollowerAddress(models.Model):
    """An address that asked to follow something: when it was last sent a confirmation.

    One row per address (unique), claimed with one conditional update, so that however
    many requests arrive at once, the address gets at most one confirmation e-mail in
    ``KUNDENFORUM_FOLLOW_CONFIRMATION_SECONDS``.
    """

    email = models.EmailField(_("e-mail"), unique=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"))

    class Meta:
        verbose_name = _("follower address")
        verbose_name_plural = _("follower addresses")

    def __str__(self):
        return self.email


class FollowEventKind(models.TextChoices):
    """What happened, that followers hear of."""

    STATUS_CHANGED = "status", _("A suggestion's status changed")
    ANSWERED = "answer", _("A suggestion got a new answer")
    REPLY = "reply", _("A reply to a comment appeared")
    COMMENT = "comment", _("A comment appeared on a report")
    REPORT = "report", _("A report was published")


class FollowEvent(models.Model):
    """Something that followers hear of, written in the transaction of the change itself;
    ``fanned_out_at`` is set by the one worker that turned it into deliveries."""

    kind = models.CharField(max_length=10, choices=FollowEventKind.choices)
    suggestion = models.ForeignKey(
        "wagtail_kundenforum.Suggestion", null=True, on_delete=models.CASCADE, related_name="+"
    )
    status_change = models.ForeignKey(
        "wagtail_kundenforum.SuggestionStatusChange",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    comment = models.ForeignKey(
        "wagtail_kundenforum.ReaderComment", null=True, on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow event")
        verbose_name_plural = _("follow events")
        indexes = [models.Index(fields=["fanned_out_at", "created_at"], name="kf_follow_due")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class FollowDelivery(models.Model):
    """One follower's copy of one event: created once (the unique constraint), composed into
    an e-mail once (``batch``, claimed by one conditional update), when it is due."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(FollowEvent, on_delete=models.CASCADE, related_name="deliveries")
    # Denormalised from the subscription, so that the composer groups by address with one
    # index and no join.
    email = models.EmailField()
    due_at = models.DateTimeField()
    # The composer run that put it into an e-mail; empty: not yet.
    batch = models.CharField(max_length=32, blank=True, db_index=True)

    class Meta:
        verbose_name = _("follow delivery")
        verbose_name_plural = _("follow deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="kf_follow_delivery_once"
            )
        ]
        indexes = [models.Index(fields=["batch", "due_at"], name="kf_follow_delivery_due")]

    def __str__(self):
        return f"{self.event} → {self.subscription}"
