"""The benchmark's own databases: created for a run, dropped or deleted after it.

PostgreSQL: a database named ``BENCH_DATABASE`` on the server of ``DATABASE_URL`` (or of
the local server at 127.0.0.1:5432), never the database that ``DATABASE_URL`` names.
SQLite: a file in a temporary directory.
"""

import os
import shutil
import tempfile
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "kundenforum_bench"
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
CONNECT_TIMEOUT = 3


@dataclass
class BenchDatabase:
    vendor: str  # "sqlite" or "postgresql"
    url: str


def postgres_server_url():
    """The PostgreSQL server to use: DATABASE_URL's when set, else the local one."""
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme in ("postgres", "postgresql", "pgsql"):
        return url
    return None


def with_database_name(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql", path=f"/{name}"))


def postgres_answers(server_url):
    """None when we may create databases there, else why not."""
    try:
        _admin_connection(server_url).close()
    except Exception as error:  # any driver or network failure means: not usable here
        return str(error).strip().splitlines()[0]
    return None


def _admin_connection(server_url):
    import psycopg

    url = with_database_name(server_url, "postgres")
    return psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)


def create_postgres(server_url, cleanup):
    """A fresh, empty ``BENCH_DATABASE`` on that server, dropped when ``cleanup`` closes."""
    _recreate(server_url, drop_only=False)
    cleanup.callback(_recreate, server_url, drop_only=True)
    return BenchDatabase("postgresql", with_database_name(server_url, BENCH_DATABASE))


def _recreate(server_url, drop_only):
    from psycopg import sql

    name = sql.Identifier(BENCH_DATABASE)
    with _admin_connection(server_url) as conn:
        # A left-over of an interrupted run goes first; FORCE ends its stray sessions.
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def create_sqlite(cleanup):
    """A SQLite file in a temporary directory, deleted (with its WAL files) afterwards."""
    directory = tempfile.mkdtemp(prefix="kundenforum-bench-")
    cleanup.callback(shutil.rmtree, directory, ignore_errors=True)
    return BenchDatabase("sqlite", f"sqlite:///{os.path.join(directory, 'bench.sqlite3')}")
