"""Import bombs uploaded by an editor to the production server's admin import page: an XLSX
whose shared strings inflate to 200 MB (it once drove a worker to 1.5 GB and got it killed),
a 50 MB CSV and a CSV with five times the rows allowed. Each is refused on the form with a
message, nothing is imported, the worker that took it is still there, its peak memory grew
little, and the next request answers 200.
"""

import re
from pathlib import Path

import pytest

from reliability import database
from reliability.test_status_changes import logged_in_editor
from tests.support.import_bombs import (
    MIB,
    multipart_body,
    suggestion_rows,
    write_csv,
    write_csv_of_size,
    write_xlsx_bomb,
)

IMPORT = "/admin/snippets/wagtail_kundenforum/suggestion/import/"
# tracker.importing.files.MAX_ROWS of the app (the suite loads no Django)
ROW_LIMIT = 10_000
# What one refused upload may add to a worker's peak memory (a bomb read would add gigabytes).
PEAK_GROWTH_BYTES = 64 * MIB
# The messages, in English or German: the sizes as Django formats them in either language.
BOMBS = {
    "xlsx_bomb": (
        "vorschlaege.xlsx",
        lambda path: write_xlsx_bomb(path, 200 * MIB),
        r"200[.,]0\xa0MB",
    ),
    "csv_50_mb": (
        "vorschlaege.csv",
        lambda path: write_csv_of_size(path, 50 * MIB),
        r"5[.,]0\xa0MB",
    ),
    "csv_too_many_rows": (
        "vorschlaege.csv",
        lambda path: write_csv(path, suggestion_rows(ROW_LIMIT * 5)),
        str(ROW_LIMIT),
    ),
}
ERROR_MESSAGE = re.compile(r'<p class="error-message">\s*(.*?)\s*</p>', re.DOTALL)


def peak_rss_bytes(pid):
    """The process's peak resident memory since it started (VmHWM in /proc)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1)) * 1024


def workers_peak(server):
    return {pid: peak_rss_bytes(pid) for pid in server.wait_for_workers()}


def upload(editor, forum_id, filename, data):
    """The import form sent as a browser sends it: multipart, with its CSRF token."""
    fields = {"csrfmiddlewaretoken": editor.csrf_token, "forum": forum_id}
    body, content_type = multipart_body(fields, {"file": (filename, data)})
    headers = {
        "Content-Type": content_type,
        "Referer": f"{editor.origin}{IMPORT}",
        "Origin": editor.origin,
    }
    return editor.request("POST", IMPORT, body=body, headers=headers)


def suggestion_count():
    return database.value("SELECT count(*) FROM wagtail_kundenforum_suggestion")


@pytest.mark.parametrize("bomb", list(BOMBS))
def test_an_import_bomb_is_refused_and_the_worker_survives(
    shared_server, superuser_password, figures, tmp_path, bomb
):
    filename, build, limit = BOMBS[bomb]
    data = build(tmp_path / filename).read_bytes()
    forum_id = database.value("SELECT id FROM wagtail_kundenforum_forum ORDER BY number LIMIT 1")
    editor = logged_in_editor(shared_server.port, superuser_password)
    assert editor.get(IMPORT).status == 200  # the form, and a fresh CSRF token
    before, errors_before, suggestions = (
        workers_peak(shared_server),
        shared_server.server_errors_logged(),
        suggestion_count(),
    )

    answer = upload(editor, forum_id, filename, data)
    after = editor.get(IMPORT)

    peak = workers_peak(shared_server)
    growth = max(peak.get(pid, 0) - rss for pid, rss in before.items())
    messages = ERROR_MESSAGE.findall(answer.body)
    figures(
        upload_bytes=len(data),
        answer_status=answer.status,
        answer_seconds=round(answer.seconds, 2),
        worker_peak_rss_mb=round(max(peak.values()) / MIB, 1),
        worker_peak_growth_mb=round(growth / MIB, 1),
        next_request_status=after.status,
    )
    assert answer.status == 200, shared_server.last_server_error() or answer.body[-2000:]
    assert len(messages) == 1 and re.search(limit, messages[0]), messages
    assert set(peak) == set(before), "a worker died"
    assert growth < PEAK_GROWTH_BYTES
    assert after.status == 200
    assert shared_server.server_errors_logged() == errors_before
    assert suggestion_count() == suggestions
