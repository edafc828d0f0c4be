"""DSGVO: the retention purge, and a reader's data on request (export and erasure)."""

import datetime
import io
import itertools
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.support.helpers import make_index, make_report
from wagtail_kundenforum.models import CommentState, ReaderComment

pytestmark = pytest.mark.django_db

IP = "192.0.2.0"
texts = (f"Comment number {n}" for n in itertools.count())


@pytest.fixture
def report():
    return make_report(make_index(), title="Zweites Kundenforum")


def comment(page, days_ago, state=CommentState.APPROVED, **fields):
    fields.setdefault("name", "Frau M.")
    fields.setdefault("email", "m@example.org")
    fields.setdefault("text", next(texts))
    fields.setdefault("ip_address", IP)
    created_at = timezone.now() - datetime.timedelta(days=days_ago)
    return ReaderComment.objects.create(page=page, state=state, created_at=created_at, **fields)


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def ip_of(comment):
    comment.refresh_from_db()
    return comment.ip_address


def exists(*comments):
    return [ReaderComment.objects.filter(pk=c.pk).exists() for c in comments]


# --- kundenforum_purge --------------------------------------------------------------------------


def test_purge_removes_ip_addresses_only_after_the_retention_period(report):
    old, recent = comment(report, days_ago=8), comment(report, days_ago=6)
    output = run("kundenforum_purge")
    assert (ip_of(old), ip_of(recent)) == (None, IP)
    assert "Removed the IP address of 1 comment(s) older than 7 day(s)." in output


def test_purge_deletes_only_rejected_and_spam_comments_after_30_days(report):
    rejected = comment(report, days_ago=31, state=CommentState.REJECTED)
    spam = comment(report, days_ago=40, state=CommentState.SPAM)
    recent_spam = comment(report, days_ago=29, state=CommentState.SPAM)
    approved = comment(report, days_ago=400, state=CommentState.APPROVED)
    pending = comment(report, days_ago=400, state=CommentState.PENDING)
    output = run("kundenforum_purge")
    assert exists(rejected, spam) == [False, False]
    assert exists(recent_spam, approved, pending) == [True, True, True]
    assert "Deleted 2 rejected or spam comment(s) older than 30 day(s)" in output


def test_purge_takes_the_replies_of_a_deleted_comment_with_it_and_says_so(report):
    rejected = comment(report, days_ago=31, state=CommentState.REJECTED)
    reply = comment(report, days_ago=31, parent=rejected, name="Stadtwerke", is_official=True)
    output = run("kundenforum_purge")
    assert exists(rejected, reply) == [False, False]
    assert "Deleted 1 rejected or spam comment(s) older than 30 day(s) and 1 repl" in output


def test_dry_run_counts_and_changes_nothing(report):
    old = comment(report, days_ago=8)
    spam = comment(report, days_ago=31, state=CommentState.SPAM)
    output = run("kundenforum_purge", "--dry-run")
    assert ip_of(old) == IP
    assert exists(spam) == [True]
    assert "Would remove the IP address of 2 comment(s)" in output
    assert "Would delete 1 rejected or spam comment(s)" in output
    assert "nothing was changed" in output


def test_retention_setting_and_options_override_the_defaults(report, settings):
    three_days, five_days = comment(report, days_ago=3), comment(report, days_ago=5)
    spam = comment(report, days_ago=11, state=CommentState.SPAM)
    settings.KUNDENFORUM_IP_RETENTION_DAYS = 4
    run("kundenforum_purge")
    assert (ip_of(three_days), ip_of(five_days), exists(spam)) == (IP, None, [True])
    run("kundenforum_purge", "--ip-days", "2", "--days", "10")
    assert (ip_of(three_days), exists(spam)) == (None, [False])


def test_purge_rejects_negative_days():
    with pytest.raises(CommandError):
        run("kundenforum_purge", "--days", "-1")


# --- kundenforum_personal_data --export ---------------------------------------------------------


def test_export_holds_every_comment_of_the_address_and_nothing_of_others(report):
    other_report = make_report(report.get_parent(), n=2, title="Erstes Kundenforum")
    comment(report, days_ago=2, email="Anna@Example.org", text="Festnetznummer, bitte!")
    comment(other_report, days_ago=1, email="anna@example.org", url="https://anna.example")
    comment(report, days_ago=1, email="bernd@example.org", text="Bernds Idee")
    document = json.loads(run("kundenforum_personal_data", "ANNA@example.org", "--export"))
    comments = document["comments"]
    assert [c["page"]["title"] for c in comments] == ["Zweites Kundenforum", "Erstes Kundenforum"]
    assert comments[0]["page"]["url"].endswith(report.url)
    assert comments[0]["text"] == "Festnetznummer, bitte!"
    assert comments[1]["website"] == "https://anna.example"
    assert {c["email"].lower() for c in comments} == {"anna@example.org"}
    assert set(comments[0]) == {
        "page",
        "name",
        "email",
        "website",
        "text",
        "state",
        "created",
        "official",
        "ip_address",
    }
    assert comments[0]["ip_address"] == IP  # the reader's own, truncated address
    text = json.dumps(document)
    assert "Bernd" not in text
    assert ReaderComment.objects.get(text="Festnetznummer, bitte!").content_hash not in text


def test_export_writes_a_file_with_output(report, tmp_path):
    comment(report, days_ago=1, email="anna@example.org", text="Festnetznummer, bitte!")
    target = tmp_path / "anna.json"
    output = run("kundenforum_personal_data", "anna@example.org", "--export", "--output", target)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [c["text"] for c in document["comments"]] == ["Festnetznummer, bitte!"]
    assert f"Wrote 1 comment(s) of anna@example.org to {target}" in output


def test_an_empty_address_matches_no_official_reply(report):
    comment(report, days_ago=1, email="", name="Stadtwerke", is_official=True)
    document = json.loads(run("kundenforum_personal_data", "", "--export"))
    assert document["comments"] == []


# --- kundenforum_personal_data --erase ----------------------------------------------------------


def test_erase_deletes_the_comments_of_the_address_and_their_replies_only(report):
    anna = comment(report, days_ago=3, email="Anna@example.org")
    anna_again = comment(report, days_ago=2, email="anna@EXAMPLE.org")
    reply = comment(report, days_ago=1, email="", parent=anna, name="Stadtwerke")
    bernd = comment(report, days_ago=1, email="bernd@example.org")
    output = run("kundenforum_personal_data", "anna@example.org", "--erase", "--yes")
    assert exists(anna, anna_again, reply, bernd) == [False, False, False, True]
    assert "Deleted 3 comment(s): 2 of anna@example.org, and 1 repl" in output


def test_erase_asks_first_and_keeps_everything_unless_confirmed(report, monkeypatch):
    anna = comment(report, days_ago=1, email="anna@example.org")
    monkeypatch.setattr("builtins.input", lambda question: "no")
    with pytest.raises(CommandError, match="Nothing was erased"):
        run("kundenforum_personal_data", "anna@example.org", "--erase")
    assert exists(anna) == [True]
    monkeypatch.setattr("builtins.input", lambda question: "yes")
    run("kundenforum_personal_data", "anna@example.org", "--erase")
    assert exists(anna) == [False]


def test_export_and_erase_cannot_be_combined():
    with pytest.raises(CommandError):
        run("kundenforum_personal_data", "anna@example.org", "--export", "--erase")
