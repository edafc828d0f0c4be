"""The example site's main menu."""

from django import template
from wagtail.models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context, site):
    """The menu pages under ``site``'s root, each with its ``aria-current`` value: "page" for
    the page shown, "true" for the section it lies in (a report in the news, a suggestion's
    own page in the tracker's), else None."""
    if site is None:
        return []
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    # A suggestion's page is no Wagtail page; the app gives it the tracker page it belongs to.
    here = page or context.get("tracker_page")
    return [
        (item, current_state(item, page, here))
        for item in site.root_page.get_children().live().in_menu()
    ]


def current_state(item, page, here):
    if page is not None and item.pk == page.pk:
        return "page"
    if here is not None and here.path.startswith(item.path):
        return "true"
    return None
