import json
import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from ..following.form import FollowForm
from ..tracker.answers import answer_html

register = template.Library()

# The characters that could end the <script> element or open markup inside it.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def kf_json_ld(context, page):
    """A page's ``get_json_ld()`` as a JSON-LD script element, safe inside HTML."""
    data = json.dumps(page.get_json_ld(context.get("request")), ensure_ascii=False)
    # Safe: with <, > and & written as JSON escapes the data cannot leave the script element.
    escaped = mark_safe(data.translate(_JSON_SCRIPT_ESCAPES))
    return format_html('<script type="application/ld+json">{}</script>', escaped)


LINE_BREAK = SafeString("<br>")

# A web address in a comment: http(s):// or www. up to the next space or angle bracket.
_URL = re.compile(r"\b((?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]])", re.IGNORECASE)


@register.filter
def kf_comment_text(text):
    """A reader's plain text as HTML: escaped, line breaks kept, web addresses linked.

    Links carry rel="nofollow ugc noopener" so that comment spam earns no ranking.
    """
    pieces = []
    for position, part in enumerate(_URL.split(text or "")):
        if position % 2:
            href = part if "://" in part else f"https://{part}"
            pieces.append(
                format_html('<a href="{}" rel="nofollow ugc noopener">{}</a>', href, part)
            )
        else:
            pieces.append(linebreaks_kept(part))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def linebreaks_kept(part):
    lines = part.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return format_html_join(LINE_BREAK, "{}", ((line,) for line in lines))


@register.filter
def kf_answer_html(answer):
    """A suggestion's stored answer as inert HTML (see ``wagtail_kundenforum.tracker.answers``)."""
    return answer_html(answer)


@register.inclusion_tag(
    "wagtail_kundenforum/following/includes/follow_form.html", takes_context=True
)
def kf_follow_form(context, target, followed=None):
    """The follow form for ``target`` ("suggestion", "forum", "tracker") and ``followed``;
    it posts to the app's follow page and comes back to this page."""
    request = context.get("request")
    return {
        "follow_form": FollowForm(target=target, followed=followed),
        "back_url": request.get_full_path() if request else "",
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
