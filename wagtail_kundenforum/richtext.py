"""The public answer as HTML that is inert however it was stored.

The rich-text editor already limits an answer to its features, but the import, a bulk
action or code write the field directly. So every answer is whitelisted again before it is
shown: only the elements and attributes of the answer's own features survive (Wagtail's
rules for them), links keep only safe addresses or an internal page reference, and then
Wagtail expands the internal references into real links.
"""

import re
from functools import cache
from html import unescape
from urllib.parse import urlsplit

from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.admin.rich_text.converters.editor_html import (
    EditorHTMLConverter,
    LinkTypeRule,
    WhitelistRule,
)
from wagtail.rich_text import expand_db_html
from wagtail.whitelist import Whitelister, allow_without_attributes

from .models.suggestions import ANSWER_FEATURES

# Between answers rendered together; cleaned answers never contain a comment.
_SEPARATOR = "<!--kf-answer-->"
_UNSEEN_IN_URLS = re.compile(r"[\x00-\x20\x7f-\xa0\s]+")


class AnswerWhitelister(Whitelister):
    """Keeps what the answer's features allow, in the stored (database) form of rich text."""

    def __init__(self, features):
        rules = EditorHTMLConverter(features=features).converter_rules
        self.element_rules = {
            "[document]": allow_without_attributes,
            "p": allow_without_attributes,
            "br": allow_without_attributes,
            **{rule.element: rule.handler for rule in rules if isinstance(rule, WhitelistRule)},
        }
        self.link_types = {rule.link_type for rule in rules if isinstance(rule, LinkTypeRule)}

    def clean_tag_node(self, doc, tag):
        if tag.name == "a" and "a" in self.element_rules and self._is_internal(tag):
            for child in list(tag.contents):
                self.clean_node(doc, child)
            tag.attrs = {"linktype": tag["linktype"], "id": tag["id"]}
            return
        super().clean_tag_node(doc, tag)

    def _is_internal(self, tag):
        """A stored link to a page (``<a linktype="page" id="3">``) of an allowed type."""
        return tag.get("linktype") in self.link_types and str(tag.get("id", "")).isdigit()


@cache
def _whitelister():
    return AnswerWhitelister(ANSWER_FEATURES)


def clean_answer(html):
    """``html`` reduced to the answer's features, still in the stored form."""
    if "<" not in (html or ""):
        # Plain text (an import may store it so) needs no parser, which would take a bare
        # address for a URL to fetch and warn.
        return escape(unescape(html or ""))
    return _whitelister().clean(html)


def answer_html(html):
    """The answer ready to show: cleaned, internal links expanded; marked safe."""
    return answers_html([html])[0]


def answers_html(answers):
    """Like ``answer_html`` for many answers, with one look-up for all their page links."""
    if not answers:
        return []
    cleaned = [clean_answer(html) for html in answers]
    expanded = expand_db_html(_SEPARATOR.join(cleaned)).split(_SEPARATOR)
    # Safe: only whitelisted markup is left, and Wagtail writes the expanded links escaped.
    return [mark_safe(html) for html in expanded]


def public_link(url):
    """``url`` when it is a web address (http or https), else ""."""
    url = (url or "").strip()
    try:
        # Browsers ignore control characters and spaces in a scheme ("java\tscript:").
        parts = urlsplit(_UNSEEN_IN_URLS.sub("", url))
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""
