"""Importing, step one: the file becomes a Sheet of numbered rows of text cells.

The documented columns and the names they answer to live here; ``files`` reads the file
itself within its bounds (size limits, the XLSX archive check, CSV as a stream).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ...models import Suggestion
from .files import SuggestionImportError, read_rows


@dataclass(frozen=True)
class Column:
    """A documented column: the model field it fills, the header names it answers to (the
    documented English name first) and what it holds."""

    field: str
    names: tuple
    help: str
    required: bool = False

    @property
    def name(self):
        return self.names[0]


COLUMNS = (
    Column(
        "external_id",
        ("external id", "id", "externe id"),
        gettext_lazy("The suggestion's number or code, unique in the forum: rows match by it."),
        required=True,
    ),
    Column("title", ("title", "titel"), gettext_lazy("A short title."), required=True),
    Column(
        "original_wording",
        ("original wording", "wording", "wortlaut", "originaltext"),
        gettext_lazy("As written on the forum card."),
    ),
    Column("description", ("description", "beschreibung"), gettext_lazy("Plain text.")),
    Column(
        "topic",
        ("topic", "thema"),
        gettext_lazy("The slug or name of an existing topic; empty for none."),
    ),
    Column(
        "status",
        ("status",),
        gettext_lazy(
            "The slug or label of an existing status; empty keeps the status (a new suggestion"
            " gets the first status of kind open)."
        ),
    ),
    Column(
        "answer",
        ("answer", "antwort"),
        gettext_lazy("The public answer, plain text; blank lines separate paragraphs."),
    ),
    Column(
        "declined_reason",
        ("reason", "begründung", "begruendung", "grund"),
        gettext_lazy("Why it is not possible; required for a status of kind declined."),
    ),
    Column(
        "existing_service_url",
        ("existing service url", "service url", "url", "link", "adresse"),
        gettext_lazy("For a suggestion that exists already: the web address of the service."),
    ),
)


def match_key(name):
    """Names in a file (of columns, statuses, topics) match case-insensitively, with "_" or "-"
    for spaces."""
    return " ".join(name.replace("_", " ").replace("-", " ").casefold().split())


COLUMN_BY_NAME = {match_key(name): column for column in COLUMNS for name in column.names}


# Reading: a file becomes a Sheet of numbered rows of text cells.


@dataclass
class Sheet:
    header: list  # the header row's cells
    columns: dict  # model field -> index of its cell
    rows: list  # (line number, [cell text, ...])
    ignored_columns: list = field(default_factory=list)

    def values(self, cells):
        """The text of each known column in a row of ``cells``."""
        return {name: cell(cells, index) for name, index in self.columns.items()}

    def extra_cells(self, cells):
        """Filled cells to the right of the header: the row was split wrongly."""
        return [text for text in cells[len(self.header) :] if text]

    def column_name(self, name):
        """How the file names the column of the model field ``name``."""
        if name in self.columns:
            return self.header[self.columns[name]]
        return str(Suggestion._meta.get_field(name).verbose_name)


def cell(cells, index):
    return cells[index] if index < len(cells) else ""


def read_sheet(file, file_format):
    """A Sheet from a binary, seekable ``file`` in ``file_format`` (``csv`` or ``xlsx``)."""
    return build_sheet(read_rows(file, file_format))


def build_sheet(rows):
    """A Sheet from the non-empty (line, cells) rows of a file, the header first."""
    if not rows:
        raise SuggestionImportError(_("The file is empty."))
    (_line, header), *data = rows
    columns, ignored = map_columns(header)
    if not data:
        raise SuggestionImportError(_("The file has a header row but no suggestions."))
    return Sheet(header=header, columns=columns, rows=data, ignored_columns=ignored)


def map_columns(header):
    """{model field: cell index} and the header names that are not ours."""
    columns, ignored = {}, []
    for index, name in enumerate(header):
        column = COLUMN_BY_NAME.get(match_key(name))
        if column is None:
            ignored += [name] if name else []
        elif column.field in columns:
            raise SuggestionImportError(
                _("The column “%(name)s” appears twice in the header.") % {"name": column.name}
            )
        else:
            columns[column.field] = index
    check_required_columns(header, columns)
    return columns, ignored


def check_required_columns(header, columns):
    missing = [column.name for column in COLUMNS if column.required and column.field not in columns]
    if not missing:
        return
    message = ngettext(
        "The header row lacks the required column %(missing)s. It has: %(found)s.",
        "The header row lacks the required columns %(missing)s. It has: %(found)s.",
        len(missing),
    )
    raise SuggestionImportError(
        message % {"missing": quoted(missing), "found": quoted(header) or "-"}
    )


def quoted(names):
    return ", ".join(f"“{name}”" for name in names if name)
