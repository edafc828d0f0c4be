"""Editors changing the same suggestion's status at the same moment, from the admin's bulk
action on both worker processes: the changes are applied one after the other, and the public
history stays one unbroken chain that ends in the status that is live.
"""

import datetime
import itertools
from zoneinfo import ZoneInfo

from reliability import database
from reliability.client import Browser, run_together
from reliability.server import SUPERUSER

LOGIN = "/admin/login/"
ROUNDS = 6
# Every status at once; the declined one needs a reason, which the others ignore.
TARGETS = ("in-pruefung", "umgesetzt", "gibt-es-schon", "in-der-mache", "geht-nicht")
REASON = "Das ist technisch nicht möglich."
SITE_TIME_ZONE = ZoneInfo("Europe/Berlin")  # the site's TIME_ZONE: the form refuses tomorrow


def logged_in_editor(port, password):
    editor = Browser(port)
    editor.get(LOGIN)
    answer = editor.post(LOGIN, {"username": SUPERUSER, "password": password, "next": "/admin/"})
    assert answer.status == 302 and "sessionid" in editor.cookies, answer.body[-2000:]
    return editor


def bulk_change_url(suggestion_id):
    return f"/admin/bulk/wagtail_kundenforum/suggestion/change_status/?id={suggestion_id}"


def change_form(status_id):
    today = datetime.datetime.now(SITE_TIME_ZONE).date()
    return {"status": status_id, "note": "", "date": today.isoformat(), "reason": REASON}


def breaks(history):
    """Where a change does not start from the status the previous one ended in."""
    return [
        (index, earlier, later)
        for index, (earlier, later) in enumerate(itertools.pairwise(history))
        if later[0] != earlier[1]
    ]


def test_concurrent_bulk_status_changes_leave_one_consistent_history(
    shared_server, superuser_password, figures
):
    suggestion = database.first_suggestion_id()
    status_ids = database.status_ids()
    editor = logged_in_editor(shared_server.port, superuser_password)
    url = bulk_change_url(suggestion)
    assert editor.get(url).status == 200  # the confirmation form; a fresh CSRF token
    recorded_before = len(database.status_history(suggestion))

    answers = []
    for _ in range(ROUNDS):
        forms = [change_form(status_ids[slug]) for slug in TARGETS]
        answers += run_together([lambda form=form: editor.post(url, form) for form in forms])

    history = database.status_history(suggestion)
    added = len(history) - recorded_before
    figures(requests=len(answers), history_rows_added=added, breaks=len(breaks(history)))
    statuses = [answer.status for answer in answers]
    assert statuses == [302] * len(answers), shared_server.last_server_error()
    assert breaks(history) == []
    assert history[-1][1] == database.current_status(suggestion)
    # Within a round only the first change applied can find its status already set.
    assert added >= ROUNDS * (len(TARGETS) - 1)
