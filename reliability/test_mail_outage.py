"""The mail server is unreachable while moderators are to be told of a new comment: the
reader's comment is stored and acknowledged all the same, and the failure is logged."""

import uuid

import pytest

from reliability import database
from reliability.client import comment_form, reader_with_form


@pytest.fixture
def moderators_to_notify():
    """Moderation notices on: the site's settings name a moderator to tell of each comment."""
    database.set_moderator_emails(["moderation@stadtwerke.example"])
    yield
    database.set_moderator_emails([])


def test_a_comment_is_stored_when_the_mail_server_is_unreachable(
    shared_server, report, secret_key, moderators_to_notify, figures
):
    # The shared server's EMAIL_PORT is a port where nothing listens.
    marker = uuid.uuid4().hex
    reader = reader_with_form(shared_server.port, report.path)
    text = f"Die Straßenbeleuchtung geht zu früh aus. {marker}"

    answer = reader.post(report.path, comment_form(report.page_id, secret_key, text))

    stored = database.comment_ids(marker)
    logged = bool(stored) and shared_server.wait_for_log(
        f"Could not tell the moderators about comment {stored[0]}."
    )
    figures(status=answer.status, rows=len(stored), failure_logged=logged)
    assert answer.accepted
    assert len(stored) == 1
    assert logged
