"""Page types of the test site: a home page and a generic content page, as a site has."""

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_kundenforum.blocks import SuggestionStatsBlock, SuggestionTrackerBlock
from wagtail_kundenforum.models import CommentablePageMixin


class HomePage(Page):
    template = "testapp/page.html"


class ContentPage(CommentablePageMixin, Page):
    """A site's own page type with the app's comment section."""

    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock()),
            ("tracker", SuggestionTrackerBlock()),
            ("stats", SuggestionStatsBlock()),
        ],
        blank=True,
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    settings_panels = [*Page.settings_panels, *CommentablePageMixin.comment_panels]
    template = "testapp/content_page.html"
