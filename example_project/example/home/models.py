"""The example site's own page types: a home page and a generic content page.

The content page has a StreamField so that the app's blocks can be embedded in any page.
"""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_kundenforum.blocks import (
    HeadingBlock,
    QuoteBlock,
    SuggestionStatsBlock,
    SuggestionTrackerBlock,
)


def content_blocks():
    return [
        ("paragraph", blocks.RichTextBlock(label="Text")),
        ("heading", HeadingBlock()),
        ("quote", QuoteBlock()),
        ("tracker", SuggestionTrackerBlock()),
        ("stats", SuggestionStatsBlock()),
    ]


class HomePage(Page):
    intro = models.TextField(blank=True)
    body = StreamField(content_blocks(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]


class ContentPage(Page):
    body = StreamField(content_blocks(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
