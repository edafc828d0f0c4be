"""The example site's own page types: a home page and a generic content page.

The content page has a StreamField so that the app's blocks can be embedded in any page.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_kundenforum.blocks import (
    FeaturedSuggestionBlock,
    HeadingBlock,
    QuoteBlock,
    SuggestionStatsBlock,
    SuggestionTrackerBlock,
)
from wagtail_kundenforum.models import GermanSlugMixin


def content_blocks():
    return [
        ("paragraph", blocks.RichTextBlock(label=_("Text"))),
        ("heading", HeadingBlock()),
        ("quote", QuoteBlock()),
        ("tracker", SuggestionTrackerBlock()),
        ("stats", SuggestionStatsBlock()),
        ("featured_suggestion", FeaturedSuggestionBlock()),
    ]


class HomePage(GermanSlugMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(content_blocks(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class ContentPage(GermanSlugMixin, Page):
    body = StreamField(content_blocks(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("body")]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
