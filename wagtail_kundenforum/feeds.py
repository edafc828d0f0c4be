"""Syndication feeds: RSS 2.0 of a news index's forum reports, Atom of status changes."""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from .tracker import public_history_changes

FEED_LENGTH = 20
STATUS_CHANGES_LENGTH = 50
# Control characters that XML 1.0 cannot carry (an import may have stored some).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(text):
    """``text`` without the control characters that would make the feed fail."""
    return _NOT_XML.sub("", text)


class ForumReportFeed(Feed):
    """The newest reports of one ``ForumIndexPage``; served at ``<index url>feed/``."""

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return xml_text(self.index_page.title)

    def link(self):
        return self.index_page.get_url(self.request)

    def description(self):
        return xml_text(self.index_page.intro) or _("Reports from our customer forums")

    def items(self):
        return self.index_page.get_reports()[:FEED_LENGTH]

    def item_title(self, item):
        return xml_text(item.title)

    def item_description(self, item):
        return xml_text(item.teaser)

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
    status (``tracker.public_history_changes``).
    """

    feed_type = Atom1Feed

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
        return xml_text(title)

    def item_description(self, item):
        # Atom's summary is HTML: the plain-text note is escaped, its line breaks kept.
        return linebreaks(xml_text(item.note), autoescape=True) if item.note else None

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
