import re

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from ..choices import ForumMethod
from .pages import report_page_models, reports_of

# Ordinals of the first forums of a series, German (stems, which take an ending: Erste,
# Erstes, ersten …) and English (the app's source language). Later forums are numbered in
# digits ("13. Kundenforum"), which ``names_its_number`` finds without a list.
GERMAN_ORDINAL_STEMS = (
    "erst", "zweit", "dritt", "viert", "fünft", "sechst",
    "sieb(?:en)?t", "acht", "neunt", "zehnt", "elft", "zwölft",
)  # fmt: skip
ENGLISH_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth",
    "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
)  # fmt: skip


def names_its_number(title, number):
    """Whether ``title`` already says which forum of the series it is: the number in digits
    ("Kundenforum 3", "3. Kundenforum") or as an ordinal word ("Drittes Kundenforum")."""
    if re.search(rf"(?<!\d){number}(?!\d)", title):
        return True
    if not 1 <= number <= len(ENGLISH_ORDINALS):
        return False
    german, english = GERMAN_ORDINAL_STEMS[number - 1], ENGLISH_ORDINALS[number - 1]
    ordinal = rf"\b(?:{german}(?:e|er|es|en|em)|{english})\b"
    return re.search(ordinal, title, re.IGNORECASE) is not None


class Forum(index.Indexed, models.Model):
    """One forum evening of the series.

    Its report is the report page that links to it (``report``): the link is stored on the
    page only, so the two can never disagree.
    """

    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_("How readers know the forum, e.g. Second customer forum."),
    )
    number = models.PositiveSmallIntegerField(
        _("number in the series"),
        unique=True,
        help_text=_("1 for the first forum, 2 for the second, and so on."),
    )
    date = models.DateField(_("date"), help_text=_("The day of the forum evening."))
    place = models.CharField(
        _("place"),
        max_length=255,
        blank=True,
        help_text=_("Optional; where the forum met, e.g. the customer centre."),
    )
    method = models.CharField(
        _("method"),
        max_length=32,
        choices=ForumMethod.choices,
        default=ForumMethod.WORLD_CAFE,
        help_text=_("How the group worked, e.g. at tables (World Café) or all together."),
    )
    participants = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, help_text=_("How many customers took part.")
    )
    returning_participants = models.PositiveIntegerField(
        _("returning participants"),
        null=True,
        blank=True,
        help_text=_("How many participants had attended an earlier forum."),
    )
    suggestions_discussed = models.PositiveIntegerField(
        _("suggestions discussed"),
        null=True,
        blank=True,
        help_text=_("How many suggestions the forum talked through."),
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("date")]),
        FieldPanel("title"),
        FieldPanel("place"),
        FieldPanel("method"),
        MultiFieldPanel(
            [
                FieldPanel("participants"),
                FieldPanel("returning_participants"),
                FieldPanel("suggestions_discussed"),
            ],
            heading=_("Facts"),
        ),
    ]

    search_fields = [
        index.SearchField("title"),
        index.SearchField("place"),
        index.AutocompleteField("title"),
        index.AutocompleteField("place"),
        index.FilterField("method"),
        index.FilterField("date"),
    ]

    class Meta:
        ordering = ["number"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        constraints = [
            models.CheckConstraint(
                condition=Q(returning_participants__isnull=True)
                | Q(participants__isnull=True)
                | Q(returning_participants__lte=F("participants")),
                name="kf_forum_returning_within_participants",
                violation_error_message=_(
                    "There cannot be more returning participants than participants."
                ),
            ),
        ]

    def __str__(self):
        """The forum's name for readers: its title when that already says which forum of the
        series it is ("Drittes Kundenforum"), else the number in front ("3. Kundenforum
        Wasser"), so that "3. Drittes Kundenforum" never shows."""
        if names_its_number(self.title, self.number):
            return self.title
        return _("%(number)s. %(title)s") % {"number": self.number, "title": self.title}

    @property
    def report(self):
        """The newest live report about this forum, of any report page type, or None."""
        return reports_of(report_page_models(), forum=self).live().public().first()
