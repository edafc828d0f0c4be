"""Every admin export writes any stored text: characters that XLSX refuses (a reader's ESC or
BEL, an imported title with U+FFFE) are left out, and a CSV cell never runs as a formula."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.support.helpers import make_comment, make_forum, make_index, make_report, make_suggestion

pytestmark = pytest.mark.django_db

# What XML and so XLSX refuse, as an anonymous reader or an imported spreadsheet can store it.
REFUSED = "\x1b\x07\ufffe"


def list_url(model_name):
    return reverse(f"wagtailsnippets_wagtail_kundenforum_{model_name}:list")


def export(client, model_name, export_format):
    response = client.get(list_url(model_name), {"export": export_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def xlsx_rows(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def csv_rows(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def cells(rows):
    return {str(value) for row in rows[1:] for value in row if value is not None}


@pytest.fixture
def stored_text():
    """A comment and a suggestion holding every refused character in each text field."""
    report = make_report(make_index())
    make_comment(
        report,
        name=f"Anna{REFUSED}",
        text=f"Hallo{REFUSED} Welt",
        url=f"https://example.org/{REFUSED}",
    )
    make_suggestion(
        make_forum(1, title=f"Forum{REFUSED}", place=f"Rathaus{REFUSED}"),
        title=f"Hotline{REFUSED}",
        description=f"Bitte{REFUSED}",
        original_wording=f'{REFUSED}=HYPERLINK("https://evil.example")',
    )


EXPORTS = ["readercomment", "suggestion", "forum"]
EXPECTED = {
    "readercomment": {"Anna", "Hallo Welt"},
    "suggestion": {"Hotline", "Bitte", "Forum"},
    "forum": {"Forum", "Rathaus"},
}


@pytest.mark.parametrize("model_name", EXPORTS)
def test_the_xlsx_export_opens_without_refused_characters(admin_client, stored_text, model_name):
    rows = xlsx_rows(export(admin_client, model_name, "xlsx"))

    assert EXPECTED[model_name] <= cells(rows)
    assert not any(char in value for value in cells(rows) for char in REFUSED)


@pytest.mark.parametrize("model_name", EXPORTS)
def test_the_csv_export_writes_the_same_text(admin_client, stored_text, model_name):
    rows = csv_rows(export(admin_client, model_name, "csv"))

    assert EXPECTED[model_name] <= cells(rows)
    assert not any(char in value for value in cells(rows) for char in REFUSED)


def test_a_formula_behind_a_removed_character_stays_text_in_the_csv(admin_client, stored_text):
    """Left out first, then defused: ESC would otherwise hide the "=" from the check."""
    values = cells(csv_rows(export(admin_client, "suggestion", "csv")))

    assert '\'=HYPERLINK("https://evil.example")' in values
    assert not any(value.startswith("=") for value in values)


def test_the_xlsx_export_keeps_a_formula_as_text(admin_client, stored_text):
    content = export(admin_client, "suggestion", "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(content))

    formulas = [
        cell
        for row in workbook.active.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert formulas and all(cell.data_type == "s" for cell in formulas)


def test_forum_data_typed_as_a_formula_stays_text_in_the_csv(admin_client):
    make_forum(1, title="=1+1", place="@SUM(A1)")

    values = cells(csv_rows(export(admin_client, "forum", "csv")))

    assert {"'=1+1", "'@SUM(A1)"} <= values
