"""What the app's feeds share, and the RSS feed of a news index's forum reports.

Every feed writes through the XML-safe generators here. The news index serves its RSS feed
itself (its ``feed/`` route), so that feed lives below the models and knows only the page
it is handed; the Atom feed of status changes, which reads the tracker, is in ``feeds.py``.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .text import xml_safe

FEED_LENGTH = 20


def xml_safe_value(value):
    """A feed generator's argument with every text in it ``xml_safe``; other values as given."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, (list, tuple)):
        return [xml_safe_value(part) for part in value]
    return xml_safe(value)


class XmlSafeFeedMixin:
    """Cleans every text on its way into the feed: titles, descriptions, notes, names, and
    whatever a subclass or a later change adds. Text stored by the import or the admin may
    hold characters XML refuses; one of them would make the feed ill-formed for every reader
    (U+FFFE, U+FFFF) or fail it with a 500 (C0 controls)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_safe_value, args), **_clean_kwargs(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_safe_value, args), **_clean_kwargs(kwargs))


def _clean_kwargs(kwargs):
    return {name: xml_safe_value(value) for name, value in kwargs.items()}


class XmlSafeRssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    pass


class XmlSafeAtomFeed(XmlSafeFeedMixin, Atom1Feed):
    pass


class ForumReportFeed(Feed):
    """The newest reports of one ``ForumIndexPage``; served at ``<index url>feed/``."""

    feed_type = XmlSafeRssFeed

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
        # Cleaned here too: an intro of refused characters only is no description.
        return xml_safe(self.index_page.intro).strip() or _("Reports from our customer forums")

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
