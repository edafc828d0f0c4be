"""Classic XSS filter-evasion payloads in every field never become markup on the page."""

from html.parser import HTMLParser

import pytest

from tests.support.helpers import comment_data, make_index, make_report
from wagtail_kundenforum.models import CommentState, KundenforumSettings, ReaderComment

pytestmark = pytest.mark.django_db

# Vectors in the style of the OWASP XSS filter evasion cheat sheet.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',  # noqa: E501
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="https://xss.example/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<svg/onload=alert('XSS')>",
    '<a href="javascript:alert(1)">klick</a>',
    '"><script>alert(document.cookie)</script>',
    "'><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    'https://example.org/"onmouseover="alert(1)',
    "www.example.org/<script>alert(1)</script>",
    "<STYLE>@import'https://xss.example/xss.css';</STYLE>",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    '<OBJECT TYPE="text/x-scriptlet" DATA="https://xss.example/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv" AllowScriptAccess="always"></EMBED>',  # noqa: E501
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
]


# The attributes whose value a browser follows or loads as an address.
URL_ATTRIBUTES = {
    *("href", "src", "srcset", "action", "formaction", "poster", "cite", "data", "ping"),
    *("background", "longdesc", "usemap", "codebase", "archive", "icon", "manifest"),
    *("xlink:href", "lowsrc", "dynsrc"),
}


class MarkupCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes, self.values = set(), set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add(name)
            # Only addresses can run a scheme: the text of <meta content> may start with one.
            if name in URL_ATTRIBUTES:
                self.values.append((value or "").strip().lower())


def markup(html):
    collector = MarkupCollector()
    collector.feed(html)
    return collector


@pytest.fixture
def report():
    report = make_report(make_index())
    site_settings = KundenforumSettings.for_site(report.get_site())
    site_settings.moderation_required = False
    site_settings.save()
    return report


def page_with_comment(client, report, settings, **fields):
    settings.KUNDENFORUM_RATE_LIMITS = []
    client.post(report.url, comment_data(report, **fields))
    ReaderComment.objects.update(state=CommentState.APPROVED)  # links send some to moderation
    html = client.get(report.url).content.decode()
    ReaderComment.objects.all().delete()
    return html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_add_no_element_or_attribute(client, report, settings, payload):
    baseline = markup(
        page_with_comment(
            client,
            report,
            settings,
            name="Erika",
            url="https://erika.example",
            text="Zeile\nhttps://example.org",
        )
    )
    html = page_with_comment(
        client, report, settings, name=payload[:100], text=payload, url="https://erika.example"
    )
    found = markup(html)
    assert found.tags <= baseline.tags
    assert found.attributes <= baseline.attributes
    assert not [value for value in found.values if value.startswith(("javascript:", "data:"))]
    assert html.count("<script") == page_count_of_scripts(baseline)
    assert ReaderComment.objects.count() == 0


def page_count_of_scripts(collector):
    return 1 if "script" in collector.tags else 0  # the page's own JSON-LD


@pytest.mark.parametrize("payload", PAYLOADS[:8])
def test_payloads_as_website_are_refused_or_harmless(client, report, settings, payload):
    settings.KUNDENFORUM_RATE_LIMITS = []
    response = client.post(report.url, comment_data(report, url=payload))
    assert response.status_code == 400
    assert not [v for v in markup(response.content.decode()).values if v.startswith("javascript:")]
