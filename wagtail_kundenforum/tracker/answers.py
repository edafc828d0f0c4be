"""Every conversion of a suggestion's public answer, each named for what it converts.

The answer is stored as rich text (Wagtail's database form). It is shown as HTML that is
inert however it was stored, compared by its characters alone, exported as plain text, and
an import brings it as plain text.

The rich-text editor already limits an answer to its features, but the import, a bulk
action or code write the field directly. So every answer is whitelisted again before it is
shown: only the elements and attributes of the answer's own features survive (Wagtail's
rules for them), links keep only safe addresses or an internal page reference, and then
Wagtail expands the internal references into real links.
"""

from functools import cache
from html import unescape

from django.utils.html import escape, linebreaks, strip_tags
from django.utils.safestring import mark_safe
from wagtail.admin.rich_text.converters.editor_html import (
    EditorHTMLConverter,
    LinkTypeRule,
    WhitelistRule,
)
from wagtail.rich_text import expand_db_html
from wagtail.whitelist import Whitelister, allow_without_attributes

from ..models.suggestions import ANSWER_FEATURES

# Between answers rendered together; cleaned answers never contain a comment.
_SEPARATOR = "<!--kf-answer-->"


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


def whitelisted_answer(html):
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
    cleaned = [whitelisted_answer(html) for html in answers]
    expanded = expand_db_html(_SEPARATOR.join(cleaned)).split(_SEPARATOR)
    # Safe: only whitelisted markup is left, and Wagtail writes the expanded links escaped.
    return [mark_safe(html) for html in expanded]


def answer_from_plain_text(text):
    """The stored answer of plain text from an import: escaped, paragraphs and line breaks
    kept, so that nothing in a spreadsheet can put markup on the site."""
    return linebreaks(text, autoescape=True) if text else ""


def answer_comparison_text(answer):
    """The answer's characters without markup and whitespace: an import compares answers by
    them, since editors may format an answer in the admin."""
    return "".join(unescape(strip_tags(answer)).split())


def answer_export_text(answer):
    """The stored answer as plain text, for spreadsheets."""
    return strip_tags(answer or "").strip()
