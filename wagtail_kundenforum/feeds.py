"""Syndication feeds: RSS 2.0 of a news index's forum reports."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.translation import gettext as _

FEED_LENGTH = 20


class ForumReportFeed(Feed):
    """The newest reports of one ``ForumIndexPage``; served at ``<index url>feed/``."""

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.get_url(self.request)

    def description(self):
        return self.index_page.intro or _("Reports from our customer forums")

    def items(self):
        return self.index_page.get_reports()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return datetime.datetime.combine(
            item.date, datetime.time(), timezone.get_current_timezone()
        )

    def item_updateddate(self, item):
        return item.last_published_at


class StatusChangeFeed(Feed):
    """Atom feed of public status changes (to be written)."""

    title = "Status changes"
    link = "/"

    def items(self):
        return []
