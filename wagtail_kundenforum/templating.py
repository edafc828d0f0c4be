"""Template helpers shared by the app's pages and views."""

from django.template.loader import select_template

from .conf import get_setting

FALLBACK_BASE_TEMPLATE = "wagtail_kundenforum/base.html"


def get_base_template():
    """The template the app's pages extend: the site's own, else the app's minimal one.

    ``{% extends %}`` accepts the returned template object, so a site without a
    ``base.html`` still renders the app's pages.
    """
    return select_template([get_setting("KUNDENFORUM_BASE_TEMPLATE"), FALLBACK_BASE_TEMPLATE])
