"""``make bench``: the app's pages and comment posts measured against a bare Wagtail page.

    python -m benchmarks.run [--rounds N] [--posts N] [--load-posts N] [--output PATH]

Renders through Django's test client with DEBUG off, on a database of its own: PostgreSQL
(database ``kundenforum_bench`` on the server of DATABASE_URL) when DATABASE_URL names a
PostgreSQL database, else a temporary SQLite file. Then posts comments: sequentially
through the test client, and from client threads against gunicorn on PostgreSQL (when a
server answers) and on SQLite with the example project's settings. Prints the table and
writes it to ``benchmarks/results.json``. Servers listen on 127.0.0.1 only; servers,
databases and temporary files are gone when it ends, however it ends.
"""

import argparse
import contextlib
import os
import platform
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from . import databases, report
from .environment import setup_django

RESULTS = Path(__file__).resolve().parent / "results.json"
THREADS = 8


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="timed rounds (default 20)")
    parser.add_argument("--posts", type=int, default=200, help="sequential posts (200)")
    parser.add_argument(
        "--load-posts", type=int, default=400, help="posts against each server (400)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="the JSON file")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    # SIGTERM and SIGHUP unwind like Ctrl-C: servers stop and databases go in every case.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda signum, frame: sys.exit(128 + signum))
    with contextlib.ExitStack() as cleanup:
        workdir = tempfile.mkdtemp(prefix="kundenforum-bench-")
        cleanup.callback(shutil.rmtree, workdir, ignore_errors=True)
        database = main_database(cleanup)
        say(f"Database of the render benchmark: {database.vendor} (a database of its own)")
        setup_django(database.url)
        cleanup.callback(close_connections)
        rows = in_process_rows(database, args)
        close_connections()
        rows += server_rows(database, args, cleanup, workdir)
    for row in rows:
        row["database"] = row.get("database", database.vendor)
    finish(report.add_ratios(rows), database, args)


def main_database(cleanup):
    server = databases.postgres_server_url()
    if server:
        return databases.create_postgres(server, cleanup)
    return databases.create_sqlite(cleanup)


def in_process_rows(database, args):
    from django.core.management import call_command

    from . import content, posting, render

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    site = content.build_site()
    say(f"Migrated and filled in {time.monotonic() - started:.0f} s")
    say(f"Rendering {args.rounds} interleaved rounds")
    rows = render.measure(site, args.rounds)
    say(f"Posting {args.posts} comments through the test client")
    name = f"post, sequential, test client ({database.vendor})"
    rows.append(posting.sequential(site.post_page, args.posts, "post-sequential", name))
    return rows


def server_rows(database, args, cleanup, workdir):
    """One row per database the gunicorn load runs on: PostgreSQL, then SQLite."""
    from . import posting

    rows = []
    for vendor, target in server_databases(database, cleanup):
        key = f"gunicorn-{vendor}"
        name = f"post, {THREADS} threads -> gunicorn 2 workers ({vendor})"
        if isinstance(target, str):
            say(f"Skipped the load on {vendor}: {target}")
            rows.append({"id": key, "name": name, "database": vendor, "note": f"skipped: {target}"})
            continue
        say(f"Posting {args.load_posts} comments from {THREADS} threads to gunicorn on {vendor}")
        log = os.path.join(workdir, f"gunicorn-{vendor}.log")
        row = posting.concurrent(target, args.load_posts, THREADS, log, key, name)
        rows.append({**row, "database": vendor})
    return rows


def server_databases(database, cleanup):
    """(vendor, database or why not) for PostgreSQL and SQLite; the render database is
    reused where it is of that kind."""
    if database.vendor == "postgresql":
        postgres = database
    else:
        server = databases.postgres_server_url() or databases.LOCAL_POSTGRES
        why_not = databases.postgres_answers(server)
        postgres = why_not or databases.create_postgres(server, cleanup)
    sqlite = database if database.vendor == "sqlite" else databases.create_sqlite(cleanup)
    return [("postgresql", postgres), ("sqlite", sqlite)]


def close_connections():
    from django.db import connections

    connections.close_all()


def finish(rows, database, args):
    import django
    import wagtail

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print()
    print(
        f"wagtail-kundenforum benchmark: Wagtail {wagtail.__version__}, Django "
        f"{django.get_version()}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {load}; renders on {database.vendor}, median of {args.rounds} rounds"
    )
    print(report.table(rows))
    print(report.LEGEND)
    print()
    print(report.targets_text(rows))
    report.write_json(rows, args.output)
    print(f"\nWritten to {args.output}")


def say(message):
    print(f"[bench] {message}", flush=True)


if __name__ == "__main__":
    main()
