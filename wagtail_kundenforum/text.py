"""Text that other formats refuse: one rule for what may leave the app in XML and XLSX.

XML 1.0 forbids the C0 control characters other than tab, line feed and carriage return,
the surrogates, and U+FFFE/U+FFFF; openpyxl refuses the same control characters. Input
forms refuse them; text stored before that, or arriving by another path (the import, the
admin), is cleaned on its way out with ``xml_safe``.
"""

import re

# Everything XML 1.0 does not allow in a document (https://www.w3.org/TR/xml/#charsets).
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value):
    """``value`` without the characters XML (and so RSS, Atom and XLSX) refuses."""
    if not isinstance(value, str):
        return value
    return XML_FORBIDDEN.sub("", value)
