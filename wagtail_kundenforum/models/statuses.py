"""The tracker's statuses and topics, and what a status means whatever its label (its kind)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from ..text import german_slug

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
DEFAULT_COLOUR = "#5b6770"


class SuggestionKind(models.TextChoices):
    """What a status means, whatever editors call it: statistics compare kinds, not labels."""

    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    EXISTS = "exists", _("exists already")
    DECLINED = "declined", _("declined")

    @classmethod
    def needs_reason(cls, kind):
        """Whether a suggestion of ``kind`` must tell readers why: a declined one must say why
        it is not possible. The one home of that rule."""
        return kind == cls.DECLINED


class SlugFromNameMixin:
    """Makes an empty slug from the name (``slug_source``) and spells one with umlauts the
    German way ("Bäder" → "baeder"). An ASCII slug stays as typed: it is in saved links."""

    slug_source = "name"

    def full_clean(self, *args, **kwargs):
        self.fill_slug()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.fill_slug()  # also when saved without cleaning (a script, a data migration)
        super().save(*args, **kwargs)

    def fill_slug(self):
        if not self.slug or not self.slug.isascii():
            self.slug = german_slug(self.slug or getattr(self, self.slug_source))[:100]

    def clean(self):
        super().clean()
        if not self.slug:
            message = _("Please enter a slug of letters, digits and hyphens.")
            raise ValidationError({"slug": message})


class SuggestionStatus(SlugFromNameMixin, models.Model):
    label = models.CharField(
        _("label"), max_length=100, help_text=_("What readers see, e.g. We implemented it.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,  # made from the name when left empty (SlugFromNameMixin)
        allow_unicode=True,  # accepted as typed, then spelled in ASCII (SlugFromNameMixin)
        help_text=_(
            "Used in the tracker's links and filters; changing it breaks saved links. "
            "Empty: made from the label."
        ),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Optional; explains the status to readers on each suggestion's page."),
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default=DEFAULT_COLOUR,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour such as #1d4ed8."))],
        help_text=_("A hex colour such as #1d4ed8; white text must stay readable on it."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in the tracker.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=SuggestionKind.choices,
        help_text=_("What the status means, whatever its label: statistics compare kinds."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Suggestions with a status that is not public appear nowhere on the site."),
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("colour"), FieldPanel("order")]),
        FieldPanel("is_public"),
    ]

    slug_source = "label"

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("suggestion status")
        verbose_name_plural = _("suggestion statuses")

    def __str__(self):
        return self.label

    @property
    def needs_reason(self):
        """Whether suggestions with this status need a public reason (see SuggestionKind)."""
        return SuggestionKind.needs_reason(self.kind)

    def lacks_reason(self, reason):
        """Whether a suggestion given this status with ``reason`` breaks the rule."""
        return self.needs_reason and not reason

    @property
    def css_colour(self):
        """The colour for style sheets: only a valid hex colour, whatever got into the row."""
        return self.colour if COLOUR.fullmatch(self.colour or "") else DEFAULT_COLOUR


class SuggestionTopic(SlugFromNameMixin, models.Model):
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("An area of the utility, e.g. power, water or buses."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,  # made from the name when left empty (SlugFromNameMixin)
        allow_unicode=True,  # accepted as typed, then spelled in ASCII (SlugFromNameMixin)
        help_text=_(
            "Used in the tracker's links and filters; changing it breaks saved links. "
            "Empty: made from the name."
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in the tracker.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("order")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("suggestion topic")
        verbose_name_plural = _("suggestion topics")

    def __str__(self):
        return self.name
