import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
