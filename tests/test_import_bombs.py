"""Files built to overload the import are refused with a clear message, by the command and the
upload page alike, while the memory they cost stays small: an XLSX workbook whose shared
strings inflate to 200 MB, a CSV over the size limit, and one with more rows than allowed."""

import io
import tracemalloc
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from openpyxl import Workbook

from tests.support.import_bombs import (
    MIB,
    suggestion_rows,
    understate_size,
    write_csv,
    write_csv_of_size,
    write_packed_zip,
    write_xlsx_bomb,
)
from wagtail_kundenforum.conf import DEFAULTS
from wagtail_kundenforum.models import Suggestion
from wagtail_kundenforum.tracker.importing.files import MAX_ROWS, SuggestionImportError
from wagtail_kundenforum.tracker.importing.read import read_sheet

pytestmark = pytest.mark.django_db

IMPORT_URL = "wagtailsnippets_wagtail_kundenforum_suggestion:import"
LIMIT = DEFAULTS["KUNDENFORUM_IMPORT_MAX_BYTES"]
# What refusing a bomb may cost in Python allocations; reading it would cost hundreds of MB.
REFUSAL_PEAK_BYTES = 16 * MIB


@pytest.fixture(scope="module")
def xlsx_bomb(tmp_path_factory):
    """About 500 KB on disk, 200 MB of shared strings unpacked."""
    return write_xlsx_bomb(tmp_path_factory.mktemp("bombs") / "vorschlaege.xlsx")


@pytest.fixture(scope="module")
def oversize_csv(tmp_path_factory):
    return write_csv_of_size(tmp_path_factory.mktemp("bombs") / "vorschlaege.csv", LIMIT + 1)


@contextmanager
def peak_memory():
    """{"peak": bytes}: the most Python allocated at once inside the block."""
    measured = {}
    tracemalloc.start()
    try:
        yield measured
    finally:
        measured["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def refusal(path, file_format):
    """The message of reading the file at ``path``, and the memory that cost."""
    with (
        peak_memory() as memory,
        open(path, "rb") as file,
        pytest.raises(SuggestionImportError) as failure,
    ):
        read_sheet(file, file_format)
    return str(failure.value), memory["peak"]


class UnreadableFile(io.BytesIO):
    """A file that fails the test if anything reads its content."""

    def read(self, *args):
        raise AssertionError("the file was read")

    read1 = readinto = read


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked(xlsx_bomb):
    assert xlsx_bomb.stat().st_size < 1 * MIB

    message, peak = refusal(xlsx_bomb, "xlsx")

    assert message == (
        "The workbook unpacks to 200.0\xa0MB; the import reads workbooks of up to 10.0\xa0MB"
        " unpacked. Please split it."
    )
    assert peak < REFUSAL_PEAK_BYTES


def test_a_bomb_that_understates_its_size_is_cut_off_at_the_size_it_states(xlsx_bomb, tmp_path):
    """zipfile stops inflating at the declared size and fails the checksum, so the declared
    sizes that the check adds up are the most that openpyxl can ever get."""
    liar = tmp_path / "klein.xlsx"
    liar.write_bytes(xlsx_bomb.read_bytes())
    understate_size(liar, "xl/sharedStrings.xml", 1 * MIB)

    message, peak = refusal(liar, "xlsx")

    assert message.startswith("The file cannot be read as an XLSX workbook.")
    assert peak < REFUSAL_PEAK_BYTES


def test_a_part_packed_like_a_bomb_is_refused(tmp_path):
    path = write_packed_zip(tmp_path / "dicht.xlsx", {"xl/sharedStrings.xml": bytes(5 * MIB)})

    message, _peak = refusal(path, "xlsx")

    assert message == (
        "The workbook's part “xl/sharedStrings.xml” is packed more than 100 to 1, which no"
        " spreadsheet is; the file is refused."
    )


def test_a_workbook_of_too_many_parts_is_refused(tmp_path):
    parts = {f"xl/media/bild{n}.xml": b"" for n in range(1001)}
    path = write_packed_zip(tmp_path / "viele.xlsx", parts)

    message, _peak = refusal(path, "xlsx")

    assert "more than 1000 parts" in message


def test_a_workbook_of_the_most_rows_with_long_texts_is_read(tmp_path):
    """The bounds leave room for the largest honest file: 10,000 rows of 600 characters."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["external id", "title", "description", "answer"])
    text = "Bitte die Haltestelle am Markt überdachen, dort wartet man lange. " * 4
    for number in range(1, MAX_ROWS + 1):
        sheet.append([number, f"Vorschlag {number}", text, text])
    workbook.save(tmp_path / "gross.xlsx")

    with open(tmp_path / "gross.xlsx", "rb") as file:
        sheet = read_sheet(file, "xlsx")

    assert len(sheet.rows) == MAX_ROWS
    assert sheet.rows[-1][1][:2] == [str(MAX_ROWS), f"Vorschlag {MAX_ROWS}"]


def test_an_oversize_csv_is_refused_without_being_read(oversize_csv):
    size = oversize_csv.stat().st_size
    with pytest.raises(SuggestionImportError) as failure:
        read_sheet(UnreadableFile(oversize_csv.read_bytes()), "csv")

    assert str(failure.value) == (
        f"The file is {filesizeformat(size)}; the import takes files of up to 5.0\xa0MB. "
        "Please split it."
    )


def test_a_csv_with_too_many_rows_is_refused_one_row_past_the_limit(tmp_path):
    """The rows after the limit are never read: the file is parsed as it is read."""
    path = write_csv(tmp_path / "lang.csv", suggestion_rows(MAX_ROWS * 5))
    size = path.stat().st_size
    assert size < LIMIT

    with open(path, "rb") as file:
        with pytest.raises(SuggestionImportError, match=f"more than {MAX_ROWS} rows"):
            read_sheet(file, "csv")
        read_up_to = file.tell()

    assert read_up_to < size / 4


def test_the_limit_is_a_setting_read_at_call_time(settings, tmp_path):
    settings.KUNDENFORUM_IMPORT_MAX_BYTES = 1024
    path = write_csv(tmp_path / "klein.csv", suggestion_rows(100))

    message, _peak = refusal(path, "csv")

    assert "files of up to 1.0\xa0KB" in message


# The command and the upload page.


@pytest.mark.parametrize(
    ("bomb", "message"),
    [("xlsx_bomb", "unpacks to 200.0\xa0MB"), ("oversize_csv", "files of up to 5.0\xa0MB")],
)
def test_the_command_refuses_a_bomb(request, forum, bomb, message):
    path = request.getfixturevalue(bomb)
    with pytest.raises(CommandError, match=message):
        call_command("kundenforum_import", str(path), "--forum", "1")
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize(
    ("bomb", "message"),
    [("xlsx_bomb", "unpacks to 200.0\xa0MB"), ("oversize_csv", "files of up to 5.0\xa0MB")],
)
def test_the_upload_page_refuses_a_bomb(request, admin_client, forum, bomb, message):
    path = request.getfixturevalue(bomb)
    with open(path, "rb") as file:
        response = admin_client.post(reverse(IMPORT_URL), {"file": file, "forum": forum.pk})

    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert "report" not in response.context
    assert not Suggestion.objects.exists()


def test_the_upload_page_names_the_limit(admin_client, settings):
    assert "of up to 5.0\xa0MB" in admin_client.get(reverse(IMPORT_URL)).content.decode()
    settings.KUNDENFORUM_IMPORT_MAX_BYTES = 2 * MIB
    assert "of up to 2.0\xa0MB" in admin_client.get(reverse(IMPORT_URL)).content.decode()
