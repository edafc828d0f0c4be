"""Importing a forum's suggestions from a spreadsheet (CSV or XLSX).

Three steps, each in one place: ``read_sheet`` turns a file into numbered rows (the header
being line 1; ``import_files`` reads the file within its bounds), ``plan_import`` checks
every row and works out what it would change, and ``apply_plan`` writes it; a dry run stops
after planning. Rows are matched by their external ID within the forum, so importing the same
file again changes nothing. A status change of an existing suggestion goes through
``status_changes.change_status``, which records its history. ``FORMATS`` and
``format_from_name`` moved to ``import_files`` and are importable from here as before.
"""

import copy
import html
import logging
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import linebreaks, strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.log_actions import log
from wagtail.models import ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends
from wagtail.signals import published

from .caching import retire_at_end, tracker_changed
from .import_files import FORMATS as FORMATS
from .import_files import SuggestionImportError, normalise_text, read_rows
from .import_files import format_from_name as format_from_name
from .models import Forum, Suggestion, SuggestionKind, SuggestionStatus, SuggestionTopic
from .status_changes import change_status

logger = logging.getLogger(__name__)


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


# Checking: each row's cells become field values, or error messages.


class Lookups:
    """What rows refer to, loaded once per import: statuses, topics, the forum's suggestions."""

    def __init__(self, forum):
        statuses = list(SuggestionStatus.objects.all())
        self.statuses = by_name(statuses, "label", "slug")
        self.topics = by_name(SuggestionTopic.objects.all(), "name", "slug")
        self.open_status = next((s for s in statuses if s.kind == SuggestionKind.OPEN), None)
        existing = forum.suggestions.exclude(external_id="").select_related("status")
        self.suggestions = {suggestion.external_id: suggestion for suggestion in existing}


def by_name(objects, *attributes):
    """Objects by each attribute, case-insensitively; later attributes win (slugs)."""
    return {match_key(getattr(obj, attribute)): obj for attribute in attributes for obj in objects}


def clean_external_id(text, lookups):
    if not text:
        raise ValidationError(_("The external ID is empty."))
    return text


def clean_text(text, lookups):
    return text


def clean_topic(text, lookups):
    return find(lookups.topics, text, _("Unknown topic “%(value)s”; known: %(known)s."))


def clean_status(text, lookups):
    """A status, or None for an empty cell: the suggestion keeps its status (new: open)."""
    return find(lookups.statuses, text, _("Unknown status “%(value)s”; known: %(known)s."))


def find(objects, text, message):
    if not text:
        return None
    try:
        return objects[match_key(text)]
    except KeyError:
        known = ", ".join(sorted({obj.slug for obj in objects.values()})) or "-"
        raise ValidationError(message % {"value": text, "known": known}) from None


def clean_answer(text, lookups):
    """The answer is plain text in the file: escaped, paragraphs and line breaks kept, so that
    nothing in a spreadsheet can put markup on the site."""
    return linebreaks(text, autoescape=True) if text else ""


CLEANERS = {
    "external_id": clean_external_id,
    "topic": clean_topic,
    "status": clean_status,
    "answer": clean_answer,
}


def clean_values(values, lookups):
    """{field: value} of a row's cells, and the error messages of the cells that are wrong."""
    cleaned, errors = {}, []
    for name, text in values.items():
        try:
            cleaned[name] = CLEANERS.get(name, clean_text)(text, lookups)
        except ValidationError as error:
            errors.extend(error.messages)
    return cleaned, errors


# Planning: what each row would do. Nothing is written.

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
# Not compared as plain fields: the ID matches rows, the status changes through its own path.
NOT_PLAIN = {"external_id", "status"}
# Checked by the import itself; the model would look each of them up in the database.
NOT_VALIDATED = ["forum", "status", "topic", "existing_service_page"]


@dataclass
class RowPlan:
    """One data row of the file and what importing it does."""

    line: int
    external_id: str = ""
    title: str = ""
    suggestion: Suggestion | None = None  # the existing one with this ID
    changes: dict = field(default_factory=dict)  # field -> new value (all of them when new)
    status: SuggestionStatus | None = None  # set when new, or when the status changes
    result: Suggestion | None = None  # the suggestion as the row leaves it (unsaved)
    errors: list = field(default_factory=list)

    @property
    def action(self):
        if self.errors:
            return ERROR
        if self.suggestion is None:
            return CREATE
        return UPDATE if self.changes or self.status else UNCHANGED

    def changed_labels(self):
        """The names of what an update changes, for the report."""
        names = [*self.changes, *(["status"] if self.status else [])]
        return [str(capfirst(Suggestion._meta.get_field(name).verbose_name)) for name in names]


def plan_import(sheet, forum):
    """A RowPlan for every data row of ``sheet``."""
    lookups = Lookups(forum)
    seen = {}
    return [plan_row(line, cells, sheet, forum, lookups, seen) for line, cells in sheet.rows]


def plan_row(line, cells, sheet, forum, lookups, seen):
    values = sheet.values(cells)
    plan = RowPlan(line=line, external_id=values["external_id"], title=values["title"])
    cleaned, errors = clean_values(values, lookups)
    plan.errors = errors + row_shape_errors(sheet, cells) + duplicate_errors(plan, seen)
    if not plan.errors:
        plan.suggestion = lookups.suggestions.get(plan.external_id)
        status = target_status(plan.suggestion, cleaned.get("status"), lookups)
        plan.errors = status_errors(status) or plan_changes(plan, cleaned, status, forum, sheet)
    return plan


def row_shape_errors(sheet, cells):
    if not sheet.extra_cells(cells):
        return []
    return [
        _(
            "The row has more cells than the header row; is there a text with the delimiter in"
            " it but without quotes?"
        )
    ]


def duplicate_errors(plan, seen):
    if not plan.external_id:
        return []
    first = seen.setdefault(plan.external_id, plan.line)
    if first == plan.line:
        return []
    return [
        _("The external ID “%(id)s” was used on line %(line)d already.")
        % {"id": plan.external_id, "line": first}
    ]


def target_status(suggestion, status, lookups):
    """The status a row ends with: the file's; else the one it has; a new one starts open."""
    if status is not None:
        return status
    return suggestion.status if suggestion else lookups.open_status


def status_errors(status):
    if status is None:
        return [_("The status is empty, and there is no status of kind “open” to start with.")]
    return []


def plan_changes(plan, cleaned, status, forum, sheet):
    """Fill in what the row changes; return the errors of the suggestion it would make."""
    plan.changes = changed_fields(plan.suggestion, cleaned)
    if plan.suggestion is None or plan.suggestion.status_id != status.pk:
        plan.status = status
    if plan.action == UNCHANGED:
        return []
    plan.result = resulting_suggestion(plan, forum)
    return model_errors(plan.result, sheet)


def changed_fields(suggestion, cleaned):
    """The fields to write: all of the file's for a new suggestion, else those that differ."""
    plain = {name: value for name, value in cleaned.items() if name not in NOT_PLAIN}
    if suggestion is None:
        return plain
    return {name: value for name, value in plain.items() if differs(suggestion, name, value)}


def differs(suggestion, name, value):
    if name == "topic":
        return suggestion.topic_id != (value.pk if value else None)
    if name == "answer":
        # Editors may format an answer in the admin: only a change of its text counts.
        return answer_text(suggestion.answer) != answer_text(value)
    return normalise_text(getattr(suggestion, name)) != value


def answer_text(answer):
    """The answer's characters without markup and whitespace, for comparing."""
    return "".join(html.unescape(strip_tags(answer)).split())


def resulting_suggestion(plan, forum):
    if plan.suggestion is None:
        # Given empty child lists, a new suggestion serialises without asking the database.
        return Suggestion(
            forum=forum,
            external_id=plan.external_id,
            status=plan.status,
            status_changes=[],
            related_pages=[],
            **plan.changes,
        )
    result = copy.copy(plan.suggestion)
    for name, value in [*plan.changes.items(), ("status", plan.status or result.status)]:
        setattr(result, name, value)
    return result


def model_errors(suggestion, sheet):
    """The model's own rules (lengths, web addresses, a declined suggestion's reason), each
    message led by the name of its column in the file."""
    try:
        suggestion.full_clean(
            exclude=NOT_VALIDATED, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        return [
            message if name == NON_FIELD_ERRORS else f"{sheet.column_name(name)}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


# Writing.


def apply_plan(plans, user=None):
    """Create and update what the plans say."""
    create_suggestions([plan.result for plan in plans if plan.action == CREATE], user)
    for plan in plans:
        if plan.action == UPDATE:
            update_suggestion(plan, user)


def create_suggestions(suggestions, user):
    """Publish new suggestions, each with one revision: what ``save``, ``save_revision`` and
    ``publish`` leave behind, written in a few queries for all of them (an import brings
    hundreds at once, and each publish would cost dozens of queries)."""
    if not suggestions:
        return
    now = timezone.now()
    for suggestion in suggestions:
        suggestion.live, suggestion.has_unpublished_changes = True, False
        suggestion.first_published_at = suggestion.last_published_at = now
    Suggestion.objects.bulk_create(suggestions)
    revisions = Revision.objects.bulk_create([first_revision(s, user, now) for s in suggestions])
    for suggestion, revision in zip(suggestions, revisions, strict=True):
        suggestion.latest_revision = suggestion.live_revision = revision
    Suggestion.objects.bulk_update(suggestions, ["latest_revision", "live_revision"])
    after_bulk_create(suggestions, revisions, user)


def first_revision(suggestion, user, now):
    return Revision(
        content_object=suggestion,
        base_content_type=suggestion.get_base_content_type(),
        user=user,
        content=suggestion.serializable_data(),
        object_str=str(suggestion),
        created_at=now,
    )


def after_bulk_create(suggestions, revisions, user):
    """What the signals of ``save`` and ``publish`` would do: bulk writes send none."""
    add_to_search_index(suggestions)
    tracker_changed(suggestion.pk for suggestion in suggestions)
    for suggestion, revision in zip(suggestions, revisions, strict=True):
        ReferenceIndex.create_or_update_for_object(suggestion)
        # One entry in the suggestion's history: created, and published with it.
        log(instance=suggestion, action="wagtail.create", user=user, revision=revision)
        published.send(sender=Suggestion, instance=suggestion, revision=revision)


def add_to_search_index(suggestions):
    for backend in get_search_backends(with_auto_update=True):
        try:
            backend.add_bulk(Suggestion, suggestions)
        # As Wagtail's own index updates: a search outage must not lose the import.
        except Exception:
            logger.exception("Could not add imported suggestions to the search index.")


def update_suggestion(plan, user):
    """The status first, through the one place that records its history; then the other fields
    as a new revision, published when the suggestion is live (a draft stays a draft)."""
    if plan.status:
        reason = plan.changes.get("declined_reason", "")
        change_status(plan.suggestion, plan.status, reason=reason, user=user)
    if plan.changes:
        save_fields(Suggestion.objects.get(pk=plan.suggestion.pk), plan.changes, user)


def save_fields(suggestion, changes, user):
    for name, value in changes.items():
        setattr(suggestion, name, value)
    if not suggestion.live:
        suggestion.save()
    revision = suggestion.save_revision(user=user, log_action=True)
    if suggestion.live:
        revision.publish(user=user)


# The whole import.


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), row by row."""

    forum: object
    plans: list
    dry_run: bool = False
    ignored_columns: list = field(default_factory=list)

    def rows(self, action):
        return [plan for plan in self.plans if plan.action == action]

    @property
    def created(self):
        return self.rows(CREATE)

    @property
    def updated(self):
        return self.rows(UPDATE)

    @property
    def unchanged(self):
        return self.rows(UNCHANGED)

    @property
    def failed(self):
        return self.rows(ERROR)


def import_suggestions(sheet, forum, *, dry_run=False, user=None):
    """Import ``sheet`` into ``forum``: rows with errors are skipped, the rest is written
    (nothing in a dry run). Returns an ImportReport."""
    try:
        with transaction.atomic():
            # One import into a forum at a time: each matches its rows against what exists.
            Forum.objects.select_for_update().filter(pk=forum.pk).first()
            plans = plan_import(sheet, forum)
            if not dry_run:
                with retire_at_end():  # the tracker's version last (see caching)
                    apply_plan(plans, user=user)
    except IntegrityError:
        # Someone gave a suggestion of this forum one of the file's IDs meanwhile.
        raise SuggestionImportError(
            _(
                "The forum's suggestions changed during the import; nothing was saved. "
                "Please try again."
            )
        ) from None
    return ImportReport(forum, plans, dry_run=dry_run, ignored_columns=sheet.ignored_columns)
