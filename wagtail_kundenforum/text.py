"""Which characters a reader's text may hold, and which may leave the app in XML and XLSX.

XML 1.0 forbids the C0 control characters other than tab, line feed and carriage return,
the surrogates, and U+FFFE/U+FFFF; openpyxl refuses the same control characters. Input
forms refuse them (``validate_plain_text``, ``validate_single_line``, ``validate_name``);
text stored before that, or arriving by another path (the import, the admin), is cleaned on
its way out with ``xml_safe``.
"""

import re
import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# Everything XML 1.0 does not allow in a document (https://www.w3.org/TR/xml/#charsets).
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# All controls (C0 with tab, CR and LF; DEL; C1 with NEL) and the Unicode line and paragraph
# separators: nothing a browser's one-line input sends, and each breaks a CSV row or a header.
LINE_BREAKS_AND_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Marks, embeddings, overrides and isolates that turn the direction of the text around them:
# a name could show as something else than was typed, and flip the text that follows it.
DIRECTION_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Format characters (zero-width space, U+FEFF, word joiner …), controls and spaces.
INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})
# Letters and marks that fonts draw as nothing: the combining grapheme joiner, Hangul and
# Khmer fillers, the Braille blank, and the variation selectors.
BLANK_LOOKING = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef]"
)

CONTROLS_IN_TEXT = _(
    "Your comment contains invisible control characters, which often come along when "
    "copying text. Please type the copied part again."
)
CONTROLS_IN_LINE = _("This contains invisible control characters. Please type it again.")
CONTROLS_IN_NAME = _(
    "Your name must be on one line and must not contain control characters. Please type it again."
)
DIRECTION_IN_NAME = _(
    "Your name contains invisible characters that change the writing direction. "
    "Please type it again."
)
INVISIBLE_NAME = _("Your name consists only of invisible characters. Please type your name.")


def xml_safe(value):
    """``value`` without the characters XML (and so RSS, Atom and XLSX) refuses."""
    if not isinstance(value, str):
        return value
    return XML_FORBIDDEN.sub("", value)


def is_invisible(value):
    """True when nothing of ``value`` would show: only spaces, controls, format characters
    and characters that are drawn blank."""
    return all(_looks_blank(char) for char in value)


def _looks_blank(char):
    return unicodedata.category(char) in INVISIBLE_CATEGORIES or BLANK_LOOKING.match(char)


def validate_plain_text(value):
    """Multi-line text (a comment): tab and line breaks are fine, what XML refuses is not."""
    if XML_FORBIDDEN.search(value):
        raise ValidationError(CONTROLS_IN_TEXT, code="control_characters")


def validate_single_line(value, message=CONTROLS_IN_LINE):
    """A one-line value (an e-mail or web address): no controls, no line breaks."""
    if LINE_BREAKS_AND_CONTROLS.search(value) or XML_FORBIDDEN.search(value):
        raise ValidationError(message, code="control_characters")


def validate_name(value):
    """A person's name as shown to others: one line, no direction changes, something visible."""
    validate_single_line(value, CONTROLS_IN_NAME)
    if DIRECTION_CONTROLS.search(value):
        raise ValidationError(DIRECTION_IN_NAME, code="direction_characters")
    if is_invisible(value):
        raise ValidationError(INVISIBLE_NAME, code="invisible")


# Characters browsers drop from a web address, however the address was stored.
_UNSEEN_IN_URLS = re.compile(r"[\x00-\x20\x7f-\xa0\s]+")


def public_link(url):
    """``url`` when it is a web address (http or https), else ""."""
    url = (url or "").strip()
    try:
        # Browsers ignore control characters and spaces in a scheme ("java\tscript:").
        parts = urlsplit(_UNSEEN_IN_URLS.sub("", url))
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


# German writes umlauts and ß out in ASCII (Wärme → Waerme), and German sites spell their
# addresses that way; ASCII folding alone would drop the umlaut's e (Warme).
GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "SS"}
)


def german_slug(value):
    """An ASCII slug of ``value`` as a German site writes it: "Wärme für Straße" →
    "waerme-fuer-strasse". Other accents lose their marks (é → e)."""
    # NFC first: an umlaut typed on some systems arrives as a letter and a combining mark.
    composed = unicodedata.normalize("NFC", str(value))
    return slugify(composed.translate(GERMAN_TRANSLITERATION))
