"""Syndication feeds: the Atom feed of status changes (the news index's RSS feed and what
every feed shares are in ``syndication.py``)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from .syndication import FEED_LENGTH, ForumReportFeed, XmlSafeAtomFeed
from .text import xml_safe
from .tracker.query import public_history_changes

# Importable here as before the news index's feed moved below the models.
__all__ = [
    "FEED_LENGTH",
    "STATUS_CHANGES_LENGTH",
    "ForumReportFeed",
    "StatusChangeFeed",
    "xml_text",
]

STATUS_CHANGES_LENGTH = 50
# The name this module gave the rule before ``text.xml_safe`` held it; kept for importers.
xml_text = xml_safe


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
