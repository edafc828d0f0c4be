"""Bad input in the comment form: names with controls, line breaks, direction changes or
nothing visible; text and addresses with characters that XML and spreadsheets refuse; an
invalid website reported once. Each is refused with a clear message and the input kept."""

import html

import pytest

from tests.support.helpers import comment_data
from wagtail_kundenforum.models import ReaderComment

pytestmark = pytest.mark.django_db

TEXT = "Mein Vorschlag zur Hotline"
ONE_LINE = "Your name must be on one line and must not contain control characters."
DIRECTION = "Your name contains invisible characters that change the writing direction."
INVISIBLE = "Your name consists only of invisible characters."
CONTROLS_IN_TEXT = "Your comment contains invisible control characters"
CONTROLS_IN_LINE = "This contains invisible control characters."


def post(client, page, **fields):
    fields.setdefault("text", TEXT)
    return client.post(page.url, comment_data(page, **fields))


def refused_with(response, message):
    """The form came back (400) with ``message``, nothing stored, the comment text kept."""
    page = html.unescape(response.content.decode())
    return (
        response.status_code == 400
        and message in page
        and f"{TEXT}</textarea>" in page
        and not ReaderComment.objects.exists()
    )


@pytest.mark.parametrize(
    "name",
    [
        "Erika\x1b[31m Muster",  # ESC: breaks the XLSX export
        "Erika\x07",
        "Erika\x00",
        "Erika\tMuster",
        "Erika\x7f",
        "Erika\x85Muster",  # C1: next line
        "Erika\x9bMuster",  # C1: control sequence introducer
        "Erika\r\nBcc: someone@example.org",
        "Erika\nMuster",
        "Erika\u2028Muster",
        "Erika\ufffe",
    ],
)
def test_a_name_with_control_characters_or_line_breaks_is_refused(client, report, name):
    assert refused_with(post(client, report, name=name), ONE_LINE)


@pytest.mark.parametrize(
    "name",
    [
        "Erika\u202eretsuM",  # right-to-left override
        "\u202aErika\u202c",
        "\u202bErika",
        "Erika\u202d",
        "\u2066Erika\u2069",
        "\u2067Erika",
        "\u2068Erika",
        "Erika\u200e",
        "Erika\u200f",
        "Erika\u061c",
    ],
)
def test_a_name_that_changes_the_writing_direction_is_refused(client, report, name):
    assert refused_with(post(client, report, name=name), DIRECTION)


@pytest.mark.parametrize(
    "name",
    ["\u200b", "\ufeff", "\u2060", " \u200b\u200c\u200d ", "\u3164", "\u2800", "\u00ad\u034f"],
)
def test_a_name_of_invisible_characters_only_is_refused(client, report, name):
    assert refused_with(post(client, report, name=name), INVISIBLE)


def test_the_refused_name_is_shown_back_as_typed(client, report):
    page = post(client, report, name="Erika\u202eMuster").content.decode()
    assert 'value="Erika\u202eMuster"' in page


@pytest.mark.parametrize(
    "name",
    [
        "Zoë Çelik-Øster",
        "שרה כהן",  # Hebrew: right to left without any override
        "محمد",
        "Ali\u200cReza",  # zero-width non-joiner, needed in Persian names
        "Erika \U0001f469\u200d\U0001f4bb",  # an emoji joined with a zero-width joiner
        "O’Brien",
    ],
)
def test_real_names_are_taken(client, report, name):
    assert post(client, report, name=name).status_code == 302
    assert ReaderComment.objects.get().name == name


@pytest.mark.parametrize(
    "bad", ["\x1b", "\x07", "\x00", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff"]
)
def test_comment_text_with_characters_xml_refuses_is_refused_and_kept(client, report, bad):
    response = post(client, report, text=f"{TEXT}{bad} weiter")
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and CONTROLS_IN_TEXT in page
    assert f"{TEXT}{bad} weiter</textarea>" in page
    assert not ReaderComment.objects.exists()


def test_comment_text_keeps_tabs_and_line_breaks(client, report):
    text = "Erstens:\tHotline\r\nZweitens:\tFestnetz\nDrittens"
    assert post(client, report, text=text).status_code == 302
    assert ReaderComment.objects.get().text == text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", '"erika\x1b"@example.org'),  # a quoted local part passes EmailValidator
        ("email", '"erika\x7f"@example.org'),
        ("url", "https://example.org/seite\x1b\x07"),  # URLValidator lets these through
        ("url", "https://example.org/a\x85b"),
        ("url", "https://exa\x1bmple.org/"),
    ],
)
def test_addresses_with_control_characters_are_refused_once(client, report, field, value):
    response = post(client, report, **{field: value})
    assert refused_with(response, CONTROLS_IN_LINE)
    # One message per place: the field and the summary; no format error besides.
    page = html.unescape(response.content.decode())
    assert page.count(CONTROLS_IN_LINE) == 2
    assert "Enter a valid" not in page


def test_an_invalid_website_is_reported_once_at_the_field_and_once_in_the_summary(client, report):
    response = post(client, report, url="not a url")
    assert response.status_code == 400
    page = response.content.decode()
    summary = page[page.index('class="kf-error-summary"') : page.index("</ul>")]
    field = page[page.index('id="id_url_error"') :]
    field = field[: field.index("</p>")]
    assert summary.count("Enter a valid URL.") == 1
    assert field.count("Enter a valid URL.") == 1
    assert page.count("Enter a valid URL.") == 2
    assert 'value="not a url"' in page


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/", "mailto:a@b.de"])
def test_a_website_other_than_http_is_refused_once(client, report, url):
    page = post(client, report, url=url).content.decode()
    assert page.count("Enter a valid URL.") == 2
    assert not ReaderComment.objects.exists()


def test_a_valid_website_is_taken(client, report):
    assert post(client, report, url="example.org/kunden").status_code == 302
    assert ReaderComment.objects.get().url == "https://example.org/kunden"
