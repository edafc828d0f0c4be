"""Page types of the test site: a home page and a generic content page, as a site has, and
the site's own subclasses of the app's pages and mixin."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_kundenforum.blocks import SuggestionStatsBlock, SuggestionTrackerBlock
from wagtail_kundenforum.models import (
    AbstractForumIndexPage,
    AbstractForumReportPage,
    CommentablePageMixin,
)


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


# A site's own subclasses of the app's extension points, each twice.


class DistrictForumIndexPage(AbstractForumIndexPage):
    """A site's news list of the forums of one district."""

    district = models.CharField(max_length=100, blank=True)

    content_panels = [*AbstractForumIndexPage.content_panels, FieldPanel("district")]
    subpage_types = ["testapp.DistrictReportPage"]


class ArchiveIndexPage(AbstractForumIndexPage):
    """A second news list, of both report types below."""

    subpage_types = ["testapp.DistrictReportPage", "testapp.GuestReportPage"]


class DistrictReportPage(AbstractForumReportPage):
    district = models.CharField(max_length=100, blank=True)

    content_panels = [*AbstractForumReportPage.content_panels, FieldPanel("district")]
    parent_page_types = ["testapp.DistrictForumIndexPage", "testapp.ArchiveIndexPage"]
    subpage_types = []


class GuestReportPage(AbstractForumReportPage):
    """A report written by a guest author."""

    author = models.CharField(max_length=100, blank=True)

    content_panels = [*AbstractForumReportPage.content_panels, FieldPanel("author")]
    parent_page_types = ["testapp.ArchiveIndexPage"]
    subpage_types = []


class EventPage(CommentablePageMixin, Page):
    """Two more of a site's page types with the comment section."""

    settings_panels = [*Page.settings_panels, *CommentablePageMixin.comment_panels]
    template = "testapp/content_page.html"


class FaqPage(CommentablePageMixin, Page):
    settings_panels = [*Page.settings_panels, *CommentablePageMixin.comment_panels]
    template = "testapp/content_page.html"
