"""Reading an import's file (CSV or XLSX) into numbered rows of text cells, within bounds.

Files come from people at the admin's upload page, so nothing trusts what a file says about
itself before it is read: its size is checked first (``KUNDENFORUM_IMPORT_MAX_BYTES``); an
XLSX workbook's archive next, by the sizes its members declare (Python's zipfile, and so
openpyxl, never inflates a member past its declared size: the rest is cut off and fails the
checksum); CSV is decoded and split into rows while it is read. Reading stops one row past
the limit. A worker's memory is so bounded by the limits, whatever a file inflates to.
"""

import csv
import io
import zipfile
from contextlib import closing
from itertools import chain, islice
from pathlib import Path

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ...conf import get_setting

FORMATS = ("csv", "xlsx")
# More rows than any forum produces; a bigger file is a mistake, and would tie up the admin.
MAX_ROWS = 10_000
MAX_COLUMNS = 50
ZIP_SIGNATURE = b"PK\x03\x04"
# A workbook may unpack to this many times the upload limit: 10,000 rows with 600 characters
# of text each make 9.5 MB of sheet XML (openpyxl), and 6 MB of CSV, over the limit already.
# openpyxl holds all shared strings in memory: 10 MB of tiny distinct ones, the worst case,
# cost a worker about 65 MB and 6 s (twice that at 20 MB).
UNPACKED_PER_UPLOADED = 2
# Deflate packs a real sheet's XML about 10:1; a bomb packs its filler about 1000:1. Only parts
# big enough to matter are judged (small ones have odd ratios and cost nothing).
MAX_COMPRESSION_RATIO = 100
RATIO_JUDGED_FROM_BYTES = 1 << 20
# A workbook has a dozen or two parts; thousands would only make its directory expensive.
MAX_WORKBOOK_PARTS = 1_000


class SuggestionImportError(Exception):
    """The file cannot be imported at all; the message says why, for the user."""


def format_from_name(name):
    """``csv`` or ``xlsx``, from a file name's extension."""
    extension = Path(name).suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise SuggestionImportError(
            _("Only CSV and XLSX files can be imported; “%(name)s” is neither.")
            % {"name": Path(name).name}
        )
    return extension


def max_upload_bytes():
    return get_setting("KUNDENFORUM_IMPORT_MAX_BYTES")


def read_rows(file, file_format):
    """The non-empty rows of a binary, seekable ``file`` as (line, cells) pairs, the header
    first; a file over the size limit or with more than MAX_ROWS data rows is refused."""
    if not checked_size(file):
        raise SuggestionImportError(_("The file is empty."))
    reader = csv_rows if file_format == "csv" else xlsx_rows
    with closing(reader(file)) as numbered_rows:
        return take_rows(numbered_rows)


def take_rows(numbered_rows):
    """Up to the header and MAX_ROWS data rows; one more refuses the file, unread beyond it."""
    filled = ((line, cells) for line, cells in numbered_rows if any(cells))
    rows = list(islice(filled, MAX_ROWS + 2))
    if len(rows) > MAX_ROWS + 1:
        raise too_many_rows()
    return rows


def too_many_rows():
    return SuggestionImportError(
        _("The file has more than %(count)d rows; please split it.") % {"count": MAX_ROWS}
    )


def checked_size(file):
    """The file's size, found without reading it; a file over the limit is refused."""
    size = file.seek(0, io.SEEK_END)
    file.seek(0)
    limit = max_upload_bytes()
    if size > limit:
        raise SuggestionImportError(
            _("The file is %(size)s; the import takes files of up to %(limit)s. Please split it.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    return size


def starts_like_zip(file):
    """Whether the file starts as a ZIP archive (as XLSX does); the file is left at its start."""
    head = file.read(len(ZIP_SIGNATURE))
    file.seek(0)
    return head == ZIP_SIGNATURE


def normalise_text(value):
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


# CSV: decoded and parsed line by line, as it is read.


def csv_rows(file):
    """(line, cells) pairs; the line is the physical line where the row starts, so that cells
    spanning several lines do not shift the numbers of the rows after them."""
    if starts_like_zip(file):
        raise SuggestionImportError(
            _("This is not a CSV file (it looks like XLSX): name it .xlsx.")
        )
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        yield from parsed_csv(text_lines(text))
    except UnicodeDecodeError:
        raise SuggestionImportError(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
        ) from None
    finally:
        text.detach()  # closing the wrapper would close the caller's file


def text_lines(text):
    for line in text:
        if "\x00" in line:
            raise SuggestionImportError(_("The file holds binary data, not CSV text."))
        yield line


def parsed_csv(lines):
    leading = leading_lines(lines)
    reader = csv.reader(chain(leading, lines), delimiter=csv_delimiter(leading[-1]))
    start = 1
    try:
        for cells in reader:
            yield start, [normalise_text(value) for value in cells]
            start = reader.line_num + 1
    except csv.Error as error:
        raise SuggestionImportError(
            _("Line %(line)d cannot be read as CSV: %(error)s") % {"line": start, "error": error}
        ) from None


def leading_lines(lines):
    """The lines up to the first that is not blank (the header): it tells the delimiter."""
    leading = []
    for line in lines:
        leading.append(line)
        if line.strip():
            break
    return leading or [""]


def csv_delimiter(header):
    """``;`` or ``,``: whichever the header line uses more (German spreadsheets write ``;``)."""
    return ";" if header.count(";") > header.count(",") else ","


# XLSX: the archive checked first, then the first worksheet read row by row.


def xlsx_rows(file):
    """(row number, cells) pairs of the workbook's first worksheet."""
    if not starts_like_zip(file):
        raise SuggestionImportError(_("This is not an XLSX file."))
    check_workbook_archive(file)
    workbook = open_workbook(file)
    try:
        for line, row in enumerate(worksheet_rows(workbook), 1):
            # Counted with empty rows: openpyxl makes up every row in a gap of row numbers.
            if line > MAX_ROWS + 1:
                raise too_many_rows()
            yield line, [cell_text(value) for value in row]
    finally:
        workbook.close()


def unreadable_workbook():
    return SuggestionImportError(
        _(
            "The file cannot be read as an XLSX workbook. Save it from your spreadsheet"
            " program as “Excel workbook (.xlsx)”."
        )
    )


def check_workbook_archive(file):
    """Refuse an archive that is broken, or that would unpack to more than the bounds."""
    parts = archive_parts(file)
    if len(parts) > MAX_WORKBOOK_PARTS:
        raise SuggestionImportError(
            _("The workbook consists of more than %(count)d parts, which no spreadsheet does.")
            % {"count": MAX_WORKBOOK_PARTS}
        )
    check_unpacked_size(parts)
    for part in parts:
        check_compression_ratio(part)


def archive_parts(file):
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.infolist()
    # A broken directory fails in several ways (BadZipFile, EOFError, ValueError …).
    except Exception:
        raise unreadable_workbook() from None
    finally:
        file.seek(0)


def check_unpacked_size(parts):
    limit = UNPACKED_PER_UPLOADED * max_upload_bytes()
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limit:
        raise SuggestionImportError(
            _(
                "The workbook unpacks to %(size)s; the import reads workbooks of up to %(limit)s"
                " unpacked. Please split it."
            )
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(limit)}
        )


def check_compression_ratio(part):
    if part.file_size < RATIO_JUDGED_FROM_BYTES:
        return
    if part.file_size > MAX_COMPRESSION_RATIO * max(part.compress_size, 1):
        raise SuggestionImportError(
            _(
                "The workbook's part “%(name)s” is packed more than %(ratio)d to 1, which no"
                " spreadsheet is; the file is refused."
            )
            % {"name": part.filename, "ratio": MAX_COMPRESSION_RATIO}
        )


def open_workbook(file):
    # Read-only: worksheets are parsed as they are iterated, not loaded whole.
    from openpyxl import load_workbook

    try:
        return load_workbook(file, read_only=True, data_only=True)
    # openpyxl fails in many ways on broken or foreign files; all of them mean the same here.
    except Exception:
        raise unreadable_workbook() from None


def worksheet_rows(workbook):
    """The first worksheet's rows, only the first MAX_COLUMNS cells of each (a sheet may claim
    thousands of empty columns)."""
    try:
        yield from workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True)
    except Exception:
        raise unreadable_workbook() from None


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an ID typed as 17 is stored as 17.0
    return normalise_text(str(value))
