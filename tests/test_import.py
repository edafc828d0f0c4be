"""Editors import a forum's suggestions from a spreadsheet, by command or in the admin: bad
rows are reported with their line numbers and skipped, the rest is imported, and importing
the same file again changes nothing."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.urls import reverse
from openpyxl import Workbook
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend

from tests.support.helpers import make_forum, make_suggestion, make_topic
from wagtail_kundenforum.models import Suggestion, SuggestionStatusChange
from wagtail_kundenforum.tracker.importing import apply as importing
from wagtail_kundenforum.tracker.importing import files as import_files
from wagtail_kundenforum.tracker.importing.apply import import_suggestions
from wagtail_kundenforum.tracker.importing.files import SuggestionImportError, format_from_name
from wagtail_kundenforum.tracker.importing.read import read_sheet

pytestmark = pytest.mark.django_db

HEADER = ["external id", "title", "description", "topic", "status", "answer", "reason"]
IMPORT_URL = "wagtailsnippets_wagtail_kundenforum_suggestion:import"


def csv_bytes(rows, delimiter=",", bom=False):
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return ("\ufeff" if bom else "").encode() + text.getvalue().encode("utf-8")


def xlsx_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(data, forum, file_format="csv", **options):
    return import_suggestions(read_sheet(io.BytesIO(data), file_format), forum, **options)


def lines(rows):
    return [row.line for row in rows]


def snapshot():
    """What an import may write: suggestions, their revisions and history, the last update."""
    return {
        "suggestions": Suggestion.objects.count(),
        "revisions": Revision.objects.count(),
        "history": SuggestionStatusChange.objects.count(),
        "updated_at": Suggestion.objects.aggregate(last=Max("updated_at"))["last"],
    }


def thousand_rows():
    """1,000 rows; the second carries a two-line cell, three further down are wrong."""
    rows = [HEADER]
    for n in range(1, 1001):
        rows.append([f"F1-{n}", f"Vorschlag {n}", "", "", "", "", ""])
    rows[2][2] = "Erste Zeile\nzweite Zeile"
    rows[300][1] = ""  # no title
    rows[600][4] = "erledigt"  # no such status
    rows[1000][4] = "geht-nicht"  # declined without a reason
    return rows


def test_a_thousand_rows_with_three_bad_ones(forum, tmp_path):
    path = tmp_path / "vorschlaege.csv"
    path.write_bytes(csv_bytes(thousand_rows()))
    out = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("kundenforum_import", str(path), "--forum", "1", stdout=out)

    # Row n of the list starts on physical line n + 1, one later after the two-line cell.
    assert failure.value.returncode == 1
    assert "3 rows were not imported" in str(failure.value)
    output = out.getvalue()
    assert "created 997, updated 0, unchanged 0; 3 row(s) with errors" in output
    assert [line for line in output.splitlines() if line.startswith("Line ")] == [
        "Line 302: title: This field cannot be blank.",
        "Line 602: Unknown status “erledigt”; known: geht-nicht, gibt-es-schon, in-der-mache, "
        "in-pruefung, umgesetzt.",
        "Line 1002: reason: Say why a declined suggestion is not possible.",
    ]
    assert Suggestion.objects.filter(forum=forum, live=True).count() == 997
    assert not Suggestion.objects.filter(external_id__in=["F1-300", "F1-600", "F1-1000"])
    second = Suggestion.objects.get(external_id="F1-2")
    assert second.description == "Erste Zeile\nzweite Zeile"
    assert second.status.slug == "in-pruefung"

    before = snapshot()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("kundenforum_import", str(path), "--forum", "1", stdout=out)
    assert "created 0, updated 0, unchanged 997; 3 row(s) with errors" in out.getvalue()
    assert snapshot() == before


def test_new_rows_are_published_with_one_revision(forum):
    make_topic("strom", name="Strom")
    data = csv_bytes([HEADER, ["7", "Hotline mit Festnetznummer", "Bitte", "Strom", "", "", ""]])

    report = run_import(data, forum)

    assert lines(report.created) == [2]
    suggestion = Suggestion.objects.get(forum=forum, external_id="7")
    assert suggestion.live and not suggestion.has_unpublished_changes
    assert suggestion.revisions.count() == 1
    assert suggestion.topic.slug == "strom"
    assert suggestion.status.kind == "open"
    assert suggestion in Suggestion.objects.public()
    # What saving and publishing leave besides the row: searchable, its references and its log
    # recorded, and a revision the admin can edit and publish again.
    assert list(get_search_backend().search("Festnetznummer", Suggestion)) == [suggestion]
    assert ReferenceIndex.get_references_to(forum).filter(object_id=str(suggestion.pk)).exists()
    assert [entry.action for entry in ModelLogEntry.objects.for_instance(suggestion)] == [
        "wagtail.create"
    ]
    draft = suggestion.latest_revision.as_object()
    assert (draft.title, draft.topic, draft.status) == (
        suggestion.title,
        suggestion.topic,
        suggestion.status,
    )
    draft.description = "Im Admin ergänzt"
    draft.save_revision().publish()
    assert Suggestion.objects.get(pk=suggestion.pk).description == "Im Admin ergänzt"


def test_xlsx_with_german_headers(forum):
    make_topic("kundenservice", name="Kundenservice")
    data = xlsx_bytes(
        [
            ["ID", "Titel", "Wortlaut", "Thema", "Status", "Antwort", "Begründung"],
            [17, "Hotline wieder mit Festnetznummer", "Keine 0180!", "kundenservice",
             "Das haben wir umgesetzt", "Seit März: 0351 123456", None],
            [18.0, "Rechnung verständlicher", None, "Kundenservice", "in-der-mache", None, None],
            [19, "Freibad länger offen", None, "Bäder", None, None, None],
        ]
    )  # fmt: skip

    report = run_import(data, forum, "xlsx")

    assert lines(report.created) == [2, 3]
    assert lines(report.failed) == [4]
    assert "Unknown topic “Bäder”" in report.failed[0].errors[0]
    hotline = Suggestion.objects.get(external_id="17")
    assert hotline.status.slug == "umgesetzt"
    assert hotline.original_wording == "Keine 0180!"
    assert hotline.answer == "<p>Seit März: 0351 123456</p>"
    assert Suggestion.objects.get(external_id="18").topic.name == "Kundenservice"


def test_csv_with_byte_order_mark_and_semicolons(forum):
    rows = [
        ["Externe ID", "Titel", "Beschreibung", "Status"],
        ["A-1", "Abschläge online ändern", "Im Portal, bitte", "GIBT-ES-SCHON"],
    ]

    report = run_import(csv_bytes(rows, delimiter=";", bom=True), forum)

    assert lines(report.created) == [2]
    suggestion = Suggestion.objects.get(external_id="A-1")
    assert suggestion.title == "Abschläge online ändern"
    assert suggestion.description == "Im Portal, bitte"
    assert suggestion.status.slug == "gibt-es-schon"


def test_a_declined_row_needs_a_reason(forum):
    rows = [
        HEADER,
        ["1", "Kostenloser Strom", "", "", "Das geht nicht", "", ""],
        ["2", "Bus im 5-Minuten-Takt", "", "", "geht-nicht", "", "Zu wenige Fahrgäste"],
    ]

    report = run_import(csv_bytes(rows), forum)

    assert lines(report.failed) == [2]
    assert report.failed[0].errors == ["reason: Say why a declined suggestion is not possible."]
    assert Suggestion.objects.get(external_id="2").declined_reason == "Zu wenige Fahrgäste"


def test_a_changed_status_on_reimport_is_recorded_in_the_history(forum, client):
    rows = [HEADER, ["1", "Hotline", "", "", "in-pruefung", "", ""]]
    run_import(csv_bytes(rows), forum)
    rows[1][4] = "umgesetzt"
    rows[1][5] = "Erledigt."

    report = run_import(csv_bytes(rows), forum)

    assert [row.changed_labels() for row in report.updated] == [["Public answer", "Status"]]
    suggestion = Suggestion.objects.get(external_id="1")
    assert suggestion.status.slug == "umgesetzt"
    assert suggestion.answer == "<p>Erledigt.</p>"
    public = [(c.from_status.slug, c.to_status.slug) for c in suggestion.public_history()]
    assert public == [("in-pruefung", "umgesetzt")]
    page = client.get(reverse("wagtail_kundenforum:suggestion", args=[suggestion.pk]))
    timeline = page.content.decode().split('class="kf-timeline"', 1)[1].split("</ol>", 1)[0]
    assert 'data-status="umgesetzt"' in timeline
    before = snapshot()
    assert lines(run_import(csv_bytes(rows), forum).unchanged) == [2]
    assert snapshot() == before


def test_reimport_updates_only_what_differs_and_leaves_other_forums_alone(forum):
    other = make_suggestion(forum=make_forum(2), external_id="1", title="Anderes Forum")
    existing = make_suggestion(forum=forum, external_id="1", title="Alter Titel")
    rows = [["ID", "Title"], ["1", "Neuer Titel"]]

    report = run_import(csv_bytes(rows), forum)

    assert [row.changed_labels() for row in report.updated] == [["Title"]]
    existing.refresh_from_db()
    assert existing.title == "Neuer Titel"
    assert existing.revisions.count() == 2
    assert not existing.status_changes.exists()
    other.refresh_from_db()
    assert other.title == "Anderes Forum"


def test_an_empty_status_keeps_the_status_of_an_existing_suggestion(forum):
    make_suggestion(forum=forum, external_id="1", title="Hotline", status="in-der-mache")

    report = run_import(csv_bytes([["ID", "Title", "Status"], ["1", "Hotline", ""]]), forum)

    assert lines(report.unchanged) == [2]
    assert Suggestion.objects.get(external_id="1").status.slug == "in-der-mache"


def test_an_unpublished_suggestion_stays_a_draft(forum):
    draft = make_suggestion(forum=forum, external_id="1", title="Entwurf", live=False)

    rows = [["ID", "Title", "Status"], ["1", "Entwurf, ergänzt", "umgesetzt"]]

    run_import(csv_bytes(rows), forum)

    draft.refresh_from_db()
    assert not draft.live
    assert (draft.title, draft.status.slug) == ("Entwurf, ergänzt", "umgesetzt")
    assert draft.latest_revision.as_object().title == "Entwurf, ergänzt"
    assert not draft.status_changes.exists()


def test_an_answer_formatted_in_the_admin_counts_as_unchanged(forum):
    make_suggestion(
        forum=forum,
        external_id="1",
        title="Hotline",
        answer='<p data-block-key="a1b2">Seit <b>März</b>: 0351&nbsp;123456</p>',
    )
    rows = [["ID", "Title", "Answer"], ["1", "Hotline", "Seit März: 0351 123456"]]

    assert lines(run_import(csv_bytes(rows), forum).unchanged) == [2]


def test_a_twin_created_during_the_import_stops_it_cleanly(forum, monkeypatch):
    planned = importing.plan_import

    def plan_then_twin(sheet, forum):
        plans = planned(sheet, forum)
        make_suggestion(forum=forum, external_id="2", title="Zwilling aus dem Admin")
        return plans

    monkeypatch.setattr(importing, "plan_import", plan_then_twin)
    rows = [["ID", "Title"], ["1", "Eins"], ["2", "Zwei"]]

    with pytest.raises(SuggestionImportError, match="changed during the import"):
        run_import(csv_bytes(rows), forum)
    assert not Suggestion.objects.filter(title__in=["Eins", "Zwei"]).exists()


def test_the_answer_is_plain_text_and_cannot_inject_markup(forum):
    answer = '<script>alert("x")</script> & <b>fett</b>\nZeile zwei\n\nZweiter Absatz'
    rows = [HEADER, ["1", "XSS", "", "", "", answer, ""]]

    run_import(csv_bytes(rows), forum)

    stored = Suggestion.objects.get(external_id="1").answer
    assert "<script" not in stored and "<b>" not in stored
    assert stored == (
        "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;fett&lt;/b&gt;"
        "<br>Zeile zwei</p>\n\n<p>Zweiter Absatz</p>"
    )


def test_row_errors_name_their_problem(forum):
    rows = [
        ["ID", "Title", "Existing service URL"],
        ["1", "Doppelt", ""],
        ["1", "Doppelt", ""],
        ["", "Ohne ID", ""],
        ["4", "Kaputter Link", "javascript:alert(1)"],
        ["5", "Zu viele Zellen", "", "Rest, der verrutscht ist"],
        ["6", "Gut", "https://www.stadtwerke.example/portal"],
    ]

    report = run_import(csv_bytes(rows), forum)

    assert lines(report.created) == [2, 7]
    errors = {row.line: row.errors for row in report.failed}
    assert "was used on line 2 already" in errors[3][0]
    assert errors[4] == ["The external ID is empty."]
    assert errors[5] == ["Existing service URL: Enter a valid URL."]
    assert "more cells than the header row" in errors[6][0]


def test_a_dry_run_writes_nothing(forum, tmp_path):
    make_suggestion(forum=forum, external_id="1", title="Hotline")
    rows = [HEADER, ["1", "Hotline", "", "", "umgesetzt", "", ""], ["2", "Neu", "", "", "", "", ""]]
    path = tmp_path / "vorschlaege.csv"
    path.write_bytes(csv_bytes(rows))
    before = snapshot()
    out = io.StringIO()

    call_command("kundenforum_import", str(path), "--forum", "1", "--dry-run", stdout=out)

    assert snapshot() == before
    output = out.getvalue()
    assert "would create 1, update 1, leave 0 unchanged; 0 row(s) with errors" in output
    assert "Line 2 (ID 1): Status" in output
    assert "Dry run: nothing was saved." in output


@pytest.mark.parametrize(
    ("data", "file_format", "message"),
    [
        (b"", "csv", "The file is empty."),
        (b" \r\n\r\n", "csv", "The file is empty."),
        ("ID;Titel\n1;Prüfung".encode("cp1252"), "csv", "not UTF-8 text"),
        (bytes(range(256)) * 4, "csv", "not UTF-8 text"),
        (b"ID,Title\n1,\x00\x01\x02", "csv", "binary data"),
        (b"ID,Title\n1,Hotline\n", "xlsx", "not an XLSX file"),
        (b"PK\x03\x04 broken zip", "xlsx", "cannot be read as an XLSX workbook"),
        (b"Title,Status\nHotline,\n", "csv", "lacks the required column “external id”"),
        (b"Nummer,Text\n1,Hotline\n", "csv", "required columns “external id”, “title”"),
        (b"ID,Title,Titel\n1,a,b\n", "csv", "“title” appears twice"),
        (b"ID,Title\n", "csv", "header row but no suggestions"),
    ],
)
def test_bad_files_get_a_clear_message(forum, data, file_format, message):
    with pytest.raises(SuggestionImportError) as failure:
        run_import(data, forum, file_format)
    assert message in str(failure.value)
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize(("file_format", "to_bytes"), [("csv", csv_bytes), ("xlsx", xlsx_bytes)])
def test_a_file_with_too_many_rows_is_refused(forum, monkeypatch, file_format, to_bytes):
    monkeypatch.setattr(import_files, "MAX_ROWS", 3)
    rows = [["ID", "Title"], *([str(n), f"Vorschlag {n}"] for n in range(1, 5))]

    with pytest.raises(SuggestionImportError, match="more than 3 rows"):
        run_import(to_bytes(rows), forum, file_format)
    assert lines(run_import(to_bytes(rows[:4]), forum, file_format).created) == [2, 3, 4]


def test_an_xlsx_renamed_to_csv_is_recognised(forum):
    with pytest.raises(SuggestionImportError, match="looks like XLSX"):
        run_import(xlsx_bytes([["ID", "Title"]]), forum, "csv")


def test_the_format_comes_from_the_extension():
    assert format_from_name("Vorschläge.CSV") == "csv"
    assert format_from_name("forum-2.xlsx") == "xlsx"
    with pytest.raises(SuggestionImportError, match="Only CSV and XLSX"):
        format_from_name("forum.xls")


def test_the_command_reports_a_bad_file_without_a_traceback(forum, tmp_path):
    path = tmp_path / "vorschlaege.xlsx"
    path.write_bytes(b"ID,Title\n1,Hotline\n")
    with pytest.raises(CommandError, match="not an XLSX file"):
        call_command("kundenforum_import", str(path), "--forum", "1")
    with pytest.raises(CommandError, match="Cannot open"):
        call_command("kundenforum_import", str(tmp_path / "fehlt.csv"), "--forum", "1")
    with pytest.raises(CommandError, match="no forum number 9"):
        call_command("kundenforum_import", str(path), "--forum", "9")


def test_the_command_takes_the_format_from_an_option(forum, tmp_path):
    path = tmp_path / "vorschlaege.txt"
    path.write_bytes(csv_bytes([["ID", "Title"], ["1", "Hotline"]]))
    with pytest.raises(CommandError, match="--format"):
        call_command("kundenforum_import", str(path), "--forum", "1")
    out = io.StringIO()

    call_command("kundenforum_import", str(path), "--forum", "1", "--format", "csv", stdout=out)

    assert "created 1, updated 0, unchanged 0; 0 row(s) with errors" in out.getvalue()
    assert Suggestion.objects.filter(external_id="1").exists()


# The upload view in the admin.


def user_with(django_user_model, name, *actions):
    user = django_user_model.objects.create_user(name, f"{name}@stadtwerke.example", "pw")
    group = Group.objects.create(name=name)
    codenames = ["access_admin", *(f"{action}_suggestion" for action in actions)]
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    user.groups.add(group)
    return user


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(user_with(django_user_model, "editor", "add", "change", "publish"))
    return client


def upload(data=None, name="vorschlaege.csv", **fields):
    if data is None:
        data = csv_bytes(
            [HEADER, ["1", "Hotline", "", "", "", "", ""], ["2", "", "", "", "", "", ""]]
        )
    return {"file": SimpleUploadedFile(name, data), **fields}


def test_the_upload_form(editor_client, forum):
    response = editor_client.get(reverse(IMPORT_URL))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert f'<option value="{forum.pk}">{forum}</option>' in content
    assert "external id" in content


def test_an_upload_imports_and_shows_the_report(editor_client, forum):
    response = editor_client.post(reverse(IMPORT_URL), upload(forum=forum.pk))

    assert response.status_code == 200
    report = response.context["report"]
    assert (lines(report.created), lines(report.failed)) == ([2], [3])
    content = response.content.decode()
    assert "Import finished" in content
    assert '<tr data-line="3">' in content and "title: This field cannot be blank." in content
    suggestion = Suggestion.objects.get(external_id="1")
    assert suggestion.live
    assert suggestion.latest_revision.user.username == "editor"


@pytest.mark.parametrize("upload_limit", [None, 0], ids=["in memory", "temporary file"])
def test_an_xlsx_upload_imports(editor_client, forum, settings, upload_limit):
    """Django keeps a small upload in memory and writes a bigger one to a temporary file; the
    import reads both where they are."""
    if upload_limit is not None:
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = upload_limit
    data = xlsx_bytes([["ID", "Title"], [1, "Hotline"], [2, "Fahrplan"]])

    response = editor_client.post(reverse(IMPORT_URL), upload(data, "forum.xlsx", forum=forum.pk))

    assert lines(response.context["report"].created) == [2, 3]


def test_a_dry_run_upload_saves_nothing(editor_client, forum):
    response = editor_client.post(reverse(IMPORT_URL), upload(forum=forum.pk, dry_run="on"))

    assert "Dry run: nothing was saved" in response.content.decode()
    assert lines(response.context["report"].created) == [2]
    assert not Suggestion.objects.exists()
    assert response.context["form"]["dry_run"].value() is True


def test_a_form_with_errors_keeps_the_choices(editor_client, forum):
    second = make_forum(2)
    data = upload(b"ID;Titel\n", name="vorschlaege.csv", forum=second.pk)

    response = editor_client.post(reverse(IMPORT_URL), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["file"] == ["The file has a header row but no suggestions."]
    assert str(form["forum"].value()) == str(second.pk)
    assert form["dry_run"].value() is False
    assert f'<option value="{second.pk}" selected>' in response.content.decode()
    assert "report" not in response.context


def test_a_wrong_file_type_is_a_form_error(editor_client, forum):
    response = editor_client.post(reverse(IMPORT_URL), upload(b"x", name="alt.xls", forum=forum.pk))
    assert "Only CSV and XLSX files can be imported" in response.context["form"].errors["file"][0]


@pytest.mark.parametrize("actions", [(), ("add", "change")])
def test_users_who_may_not_publish_suggestions_are_refused(
    client, django_user_model, forum, actions
):
    """Wagtail answers a refused admin page with a redirect to the dashboard and a message,
    and a script (XMLHttpRequest) with 403."""
    client.force_login(user_with(django_user_model, "reader", *actions))
    response = client.get(reverse(IMPORT_URL))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    script = client.post(
        reverse(IMPORT_URL), upload(forum=forum.pk), headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert script.status_code == 403
    assert client.post(reverse(IMPORT_URL), upload(forum=forum.pk)).status_code == 302
    assert not Suggestion.objects.exists()


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(reverse(IMPORT_URL))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
