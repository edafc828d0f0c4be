"""Page types of the test site: a home page and a generic content page, as a site has."""

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page


class HomePage(Page):
    template = "testapp/page.html"


class ContentPage(Page):
    body = StreamField([("paragraph", blocks.RichTextBlock())], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    template = "testapp/page.html"
