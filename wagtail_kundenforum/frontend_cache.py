"""Purging a front-end cache (``wagtail.contrib.frontend_cache``) after a change.

Wagtail purges a page when it is published; a suggestion or a comment changes pages that
were not published: every page that embeds the tracker, the statistics or a featured
suggestion, the suggestion's own page, the API and the feed, or the commented page and the
news list that counts its comments. ``connect`` (called by ``apps.py`` when
``wagtail.contrib.frontend_cache`` is installed) has ``caching.changes_committed`` call
``purge`` once per transaction, after the commit.
"""

import logging

from django.urls import NoReverseMatch, reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.fields import StreamField
from wagtail.models import Page, Site, get_page_models

from .blocks import FeaturedSuggestionBlock, SuggestionStatsBlock, SuggestionTrackerBlock
from .caching import changes_committed

logger = logging.getLogger(__name__)
# The blocks that show suggestions: a page embedding one changes with them.
SUGGESTION_BLOCKS = (SuggestionTrackerBlock, SuggestionStatsBlock, FeaturedSuggestionBlock)


def connect():
    changes_committed.connect(purge, dispatch_uid="kundenforum-frontend-cache")


def purge(sender, changes, **kwargs):
    """Purge what ``changes`` (``caching.CommittedChanges``) names; failures are logged."""
    try:
        batch = PurgeBatch()
        if changes.tracker:
            batch.add_pages(pages_showing_suggestions())
            batch.add_urls(suggestion_urls(changes.suggestion_ids))
        for page in Page.objects.filter(pk__in=changes.comment_page_ids):
            batch.add_page(page)
            parent = page.get_parent()
            if parent is not None and not parent.is_root():
                batch.add_page(parent)
        batch.purge()
    except Exception:
        logger.exception("Purging the front-end cache failed.")


def pages_showing_suggestions():
    """The live pages whose StreamFields embed a block of ``SUGGESTION_BLOCKS``."""
    pks = []
    for model in get_page_models():
        for field in model._meta.get_fields():
            if not isinstance(field, StreamField) or field.model is not model:
                continue
            names = suggestion_block_names(field.stream_block)
            if not names:
                continue
            for pk, body in model.objects.live().values_list("pk", field.name):
                if mentions(_raw(body), names):
                    pks.append(pk)
    return Page.objects.filter(pk__in=pks)


def suggestion_block_names(block):
    """The names under which ``block``'s tree holds a block of ``SUGGESTION_BLOCKS``."""
    names = set()
    children = dict(getattr(block, "child_blocks", {}))
    if getattr(block, "child_block", None) is not None:
        children["item"] = block.child_block
    for name, child in children.items():
        if isinstance(child, SUGGESTION_BLOCKS):
            names.add(name)
        else:
            names |= suggestion_block_names(child)
    return names


def mentions(raw, names):
    """Whether stored StreamField data holds a block of one of ``names``, at any depth."""
    if isinstance(raw, dict):
        if raw.get("type") in names or names & raw.keys():
            return True
        return any(mentions(value, names) for value in raw.values())
    if isinstance(raw, list):
        return any(mentions(item, names) for item in raw)
    return False


def _raw(body):
    # A StreamValue read lazily keeps its stored JSON: reading it converts no block.
    return list(body.raw_data) if hasattr(body, "raw_data") else body


def suggestion_urls(suggestion_ids):
    """The suggestions' own pages, the API and the feed, on every site."""
    paths = []
    try:
        paths.append(reverse("wagtail_kundenforum:suggestion_api"))
        paths.append(reverse("wagtail_kundenforum:status_change_feed"))
        paths += [reverse("wagtail_kundenforum:suggestion", args=[pk]) for pk in suggestion_ids]
    except NoReverseMatch:
        return []  # the site has not mounted the app's URLs: there is nothing to purge
    return [site.root_url + path for site in Site.objects.all() for path in paths]
