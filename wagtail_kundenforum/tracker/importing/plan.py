"""Importing, step two: each row of a Sheet is checked and planned. Nothing is written.

Rows are matched by their external ID within the forum, so importing the same file again
plans no change.
"""

import copy
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ...models import Suggestion, SuggestionKind, SuggestionStatus, SuggestionTopic
from ..answers import answer_comparison_text, answer_from_plain_text
from .files import normalise_text
from .read import match_key

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


CLEANERS = {
    "external_id": clean_external_id,
    "topic": clean_topic,
    "status": clean_status,
    "answer": lambda text, lookups: answer_from_plain_text(text),
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
        return answer_comparison_text(suggestion.answer) != answer_comparison_text(value)
    return normalise_text(getattr(suggestion, name)) != value


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
