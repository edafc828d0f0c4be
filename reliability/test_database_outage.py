"""The network to PostgreSQL fails, or PostgreSQL falls silent, while readers post: the post
is refused whole with a friendly 503 that shows the reader's text back, within seconds, and
the site serves again once the database is back. Nothing is half stored."""

import time
import uuid

import pytest

from reliability import database
from reliability.client import READER_NETWORK, comment_form, reader_with_form
from reliability.faults import CuttableLink

DATABASE_UNAVAILABLE = 503
RECOVERY_SECONDS = 15


@pytest.fixture
def database_link():
    """The network path from the server to PostgreSQL, to be cut; closed after the test."""
    link = CuttableLink(target_port=5432)
    link.open()
    yield link
    link.close()


@pytest.fixture
def kept_connection(start_server, database_link, report, secret_key):
    """(server, reader, marker): a server that reaches PostgreSQL through ``database_link``
    and a reader whose first comment (with ``marker``) it stored, so that its workers now
    keep a connection (CONN_MAX_AGE) when the fault comes."""
    server = start_server(DATABASE_URL=database.url(database_link.port))
    marker = uuid.uuid4().hex
    reader = reader_with_form(server.port, report.path)
    first = comment_form(report.page_id, secret_key, f"Vor dem Ausfall. {marker}")
    assert reader.post(report.path, first).accepted
    return server, reader, marker


def wait_for_status(reader, path, status, seconds=RECOVERY_SECONDS):
    deadline = time.monotonic() + seconds
    answer = reader.get(path)
    while answer.status != status and time.monotonic() < deadline:
        time.sleep(0.2)
        answer = reader.get(path)
    return answer


def test_a_comment_sent_while_the_database_is_unreachable_is_refused_whole(
    kept_connection, database_link, report, secret_key, figures
):
    server, reader, marker = kept_connection
    stored_before = database.count_all_comments()

    database_link.cut()
    lost_text = f"Während des Ausfalls geschrieben. {marker}"
    refused = reader.post(report.path, comment_form(report.page_id, secret_key, lost_text))
    page_during = reader.get(report.path).status
    stored_during = database.count_all_comments()
    database_link.restore()
    page_after = wait_for_status(reader, report.path, 200).status
    resent = reader.post(report.path, comment_form(report.page_id, secret_key, lost_text))

    figures(
        refused=refused.status,
        page_during=page_during,
        page_after=page_after,
        resent_accepted=resent.accepted,
        rows_added_during=stored_during - stored_before,
    )
    assert refused.status == DATABASE_UNAVAILABLE
    # The friendly page with the reader's text to copy, not a server error page.
    assert 'class="kf-unavailable"' in refused.body and lost_text in refused.body
    assert page_during == DATABASE_UNAVAILABLE
    assert stored_during == stored_before
    assert page_after == 200 and resent.accepted
    assert database.count_comments(marker) == 2
    assert not database.incomplete(
        database.comments_containing(marker), report.page_id, READER_NETWORK
    )
    assert server.server_errors_logged() == 0


# The production settings' limits (example/settings_production.py): a silent server is given
# up after the statement timeout and a second, and a new connection after the connect timeout.
ANSWER_SECONDS = 6
CONNECT_SECONDS = 3
# Worst case of a request: its kept connection's deadline, then a new connection's attempt.
# Gunicorn kills a worker after 30 s (and answers 500, the reader's text lost).
SILENT_ANSWER_SECONDS = ANSWER_SECONDS + CONNECT_SECONDS + 3
PAGE_VIEWS_DURING_SILENCE = 4


def test_a_comment_sent_while_the_database_is_silent_gets_the_503_in_seconds(
    kept_connection, database_link, report, secret_key, figures
):
    """The database takes connections and never answers (a frozen server, a pooler in front
    of a dead one): TCP sees nothing wrong, so only the application's own limits end the
    wait. The reader gets the 503 page with the text within seconds, not gunicorn's 500."""
    server, reader, marker = kept_connection
    stored_before = database.count_all_comments()

    database_link.hang()
    lost_text = f"Geschrieben, während die Datenbank schweigt. {marker}"
    refused = reader.post(report.path, comment_form(report.page_id, secret_key, lost_text))
    pages = [reader.get(report.path) for _ in range(PAGE_VIEWS_DURING_SILENCE)]
    stored_during = database.count_all_comments()
    database_link.answer_again()
    page_after = wait_for_status(reader, report.path, 200)
    resent = reader.post(report.path, comment_form(report.page_id, secret_key, lost_text))

    page_seconds = [round(page.seconds, 1) for page in pages]
    figures(
        limit_seconds=SILENT_ANSWER_SECONDS,
        refused=refused.status,
        refused_seconds=round(refused.seconds, 1),
        pages_during=[page.status for page in pages],
        page_seconds=page_seconds,
        page_after=page_after.status,
        resent_accepted=resent.accepted,
        rows_added_during=stored_during - stored_before,
    )
    assert refused.status == DATABASE_UNAVAILABLE
    assert 'class="kf-unavailable"' in refused.body and lost_text in refused.body
    assert refused.seconds < SILENT_ANSWER_SECONDS
    assert all(page.status == DATABASE_UNAVAILABLE for page in pages)
    assert all(page.seconds < SILENT_ANSWER_SECONDS for page in pages)
    # A worker that has given its silent connection up waits only for a new one; the other
    # worker may still have its own to give up, once.
    quick = [seconds for seconds in page_seconds if seconds < CONNECT_SECONDS + 2]
    assert len(quick) >= PAGE_VIEWS_DURING_SILENCE - 1
    assert stored_during == stored_before
    assert page_after.status == 200 and resent.accepted
    assert database.count_comments(marker) == 2
    assert server.server_errors_logged() == 0
    assert "WORKER TIMEOUT" not in server.log()  # no worker was killed for waiting
