"""Syndication feeds: RSS 2.0 of a news index's forum reports, Atom of status changes."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.functional import Promise
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from .text import xml_safe
from .tracker.query import public_history_changes

FEED_LENGTH = 20
STATUS_CHANGES_LENGTH = 50
# The name this module gave the rule before ``text.xml_safe`` held it; kept for importers.
xml_text = xml_safe


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


class StatusChangeFeed(Feed):
    """Atom feed of the newest public status changes, each linking to its suggestion's page.

    Only changes readers may see: of published suggestions with a public status, to a public
    status (``tracker.query.public_history_changes``).
    """

    feed_type = XmlSafeAtomFeed

    def get_object(self, request, *args, **kwargs):
        # One instance serves every request: the request travels as the feed's object.
        return request

    def title(self, request):
        return _("Status changes of suggestions")

    def subtitle(self, request):
        return _("What became of the suggestions from our customer forums")

    def link(self, request):
        return "/"

    def feed_guid(self, request):
        return request.build_absolute_uri(request.path)

    def items(self, request):
        changes = public_history_changes().order_by("-date", "-created_at", "-pk")
        return changes[:STATUS_CHANGES_LENGTH]

    def item_title(self, item):
        source, target = item.public_from_status, item.to_status
        if source is None:
            title = _("%(suggestion)s: %(to)s") % {"suggestion": item.suggestion, "to": target}
        else:
            title = _("%(suggestion)s: %(from)s → %(to)s") % {
                "suggestion": item.suggestion,
                "from": source,
                "to": target,
            }
        return title

    def item_description(self, item):
        # Atom's summary is HTML: the plain-text note is escaped, its line breaks kept.
        return linebreaks(item.note, autoescape=True) if item.note else None

    def item_link(self, item):
        return f"{item.suggestion.get_url()}#change-{item.pk}"

    def item_pubdate(self, item):
        recorded = timezone.localtime(item.created_at)
        if recorded.date() == item.date:
            return recorded
        # A change entered later for an earlier date (backfilled history).
        return datetime.datetime.combine(item.date, datetime.time(), recorded.tzinfo)

    def item_updateddate(self, item):
        return self.item_pubdate(item)
