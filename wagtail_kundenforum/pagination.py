"""Paging of public lists: a bad ``page`` value is ignored with a note, never an error."""

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext_lazy as _

# A page number as the lists' own links write it.
CANONICAL_NUMBER = re.compile(r"[1-9][0-9]{0,8}")

INVALID_PAGE_NOTE = _("The requested page does not exist; showing the first page instead.")


@dataclass
class PageOfList:
    page: Page
    note: str = ""


def paginate(object_list, raw_number, per_page):
    """Return the page ``raw_number`` of ``object_list``, or the first page with a note.

    ``raw_number`` comes straight from the query string: missing means page 1; anything
    that is not a page of the list (``abc``, ``-1``, ``999999``) shows page 1 and says so.
    """
    paginator = Paginator(object_list, per_page)
    if raw_number in (None, ""):
        return PageOfList(paginator.page(1))
    try:
        number = int(raw_number)
    except (TypeError, ValueError):
        number = 0
    if 1 <= number <= paginator.num_pages:
        return PageOfList(paginator.page(number))
    return PageOfList(paginator.page(1), str(INVALID_PAGE_NOTE))


def canonical_page_number(raw_number):
    """The page number ``raw_number`` asks for when written as the list's links write it (1
    when missing), else None: ``01``, `` 2`` or ``x`` are never part of a cache key."""
    if raw_number in (None, ""):
        return 1
    if CANONICAL_NUMBER.fullmatch(raw_number):
        return int(raw_number)
    return None
