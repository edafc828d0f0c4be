"""The suite's own PostgreSQL database: created fresh for a run, prepared once with the
example's demo content, read with plain SQL, dropped at the end.

The servers under test write through Django; the suite checks what they wrote directly in
the tables, as an operator would after an incident.
"""

import hashlib
import os
from dataclasses import dataclass

import psycopg

# A role that may create databases and connects without a password (trust on 127.0.0.1): the
# cluster's superuser on a developer's machine; CI may name its own (``.ci/run`` trusts
# ``kundenforum``, which has CREATEDB).
USER = os.environ.get("RELIABILITY_POSTGRES_USER", "postgres")
POSTGRES = f"postgresql://{USER}@127.0.0.1:5432"
NAME = "kundenforum_reliability"
CONNECT_SECONDS = 5
COMMENTS = "wagtail_kundenforum_readercomment"
STATES = {"pending", "approved", "rejected", "spam"}


def server_reachable():
    """None when PostgreSQL answers, else why not (for a clear failure message)."""
    try:
        with psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=CONNECT_SECONDS):
            return None
    except psycopg.Error as error:
        return f"PostgreSQL at {POSTGRES} is not reachable: {error}"


def url(port=5432):
    """DATABASE_URL of the suite's database, reached on ``port`` (a fault proxy's, say)."""
    return f"postgres://{USER}@127.0.0.1:{port}/{NAME}"


def recreate():
    """Drop what a crashed run left behind and create the database empty."""
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{NAME}"')


def drop():
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')


def rows(sql, params=()):
    with psycopg.connect(f"{POSTGRES}/{NAME}", autocommit=True) as connection:
        return connection.execute(sql, params).fetchall()


def value(sql, params=()):
    return rows(sql, params)[0][0]


def execute(sql, params=()):
    with psycopg.connect(f"{POSTGRES}/{NAME}", autocommit=True) as connection:
        connection.execute(sql, params)


# The demo content


@dataclass(frozen=True)
class Report:
    """A forum report page of the demo content: where readers comment."""

    page_id: int
    path: str


def first_report():
    """The first live report page and its public path (its url_path below the site root)."""
    page_id, url_path = rows(
        "SELECT p.id, p.url_path FROM wagtailcore_page p "
        "JOIN django_content_type t ON t.id = p.content_type_id "
        "WHERE t.app_label = 'wagtail_kundenforum' AND t.model = 'forumreportpage' AND p.live "
        "ORDER BY p.path LIMIT 1"
    )[0]
    root = value(
        "SELECT p.url_path FROM wagtailcore_site s JOIN wagtailcore_page p "
        "ON p.id = s.root_page_id WHERE s.is_default_site"
    )
    return Report(page_id, "/" + url_path.removeprefix(root))


def first_suggestion_id():
    return value("SELECT min(id) FROM wagtail_kundenforum_suggestion WHERE live")


def status_ids():
    """{slug: id} of the suggestion statuses."""
    return dict(rows("SELECT slug, id FROM wagtail_kundenforum_suggestionstatus"))


def set_moderator_emails(addresses):
    execute(
        "UPDATE wagtail_kundenforum_kundenforumsettings SET moderator_emails = %s",
        ["\n".join(addresses)],
    )


# Reader comments


def comments_containing(marker):
    """The stored comments whose text holds ``marker`` (each test run writes its own)."""
    return rows(
        f"SELECT page_id, name, email, text, state, created_at, ip_address, content_hash "
        f"FROM {COMMENTS} WHERE text LIKE %s ORDER BY id",
        [f"%{marker}%"],
    )


def comment_ids(marker):
    return [
        row[0] for row in rows(f"SELECT id FROM {COMMENTS} WHERE text LIKE %s", [f"%{marker}%"])
    ]


def count_comments(marker):
    return value(f"SELECT count(*) FROM {COMMENTS} WHERE text LIKE %s", [f"%{marker}%"])


def count_all_comments():
    return value(f"SELECT count(*) FROM {COMMENTS}")


def incomplete(comment_rows, page_id, ip_address):
    """The rows that are not whole comments as a reader sent them through the proxy."""
    return [row for row in comment_rows if not is_complete(row, page_id, ip_address)]


def is_complete(row, page_id, ip_address):
    page, name, email, text, state, created_at, stored_ip, content_hash = row
    return (
        page == page_id
        and bool(name and email and text and created_at)
        and state in STATES
        and str(stored_ip) == ip_address
        and content_hash == comment_hash(page, email, text)
    )


def comment_hash(page_id, email, text):
    """As ``wagtail_kundenforum.models.comments.comment_hash`` stores it (kept in step by
    hand: the suite does not load Django)."""
    key = f"{page_id}\n{email.strip().lower()}\n{text.strip()}"
    return hashlib.sha256(key.encode()).hexdigest()


# Suggestion history


def status_history(suggestion_id):
    """(from_status_id, to_status_id) of each recorded change, in the order recorded."""
    return rows(
        "SELECT from_status_id, to_status_id FROM wagtail_kundenforum_suggestionstatuschange "
        "WHERE suggestion_id = %s ORDER BY created_at, id",
        [suggestion_id],
    )


def current_status(suggestion_id):
    return value(
        "SELECT status_id FROM wagtail_kundenforum_suggestion WHERE id = %s", [suggestion_id]
    )
