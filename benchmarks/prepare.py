"""A benchmark database for a server, from a child process: ``python -m benchmarks.prepare``.

``prepare``: migrate the database of DATABASE_URL and add a fresh report for comments to
it; prints ``{"page_id": ..., "path": ...}`` as JSON. ``count PAGE_ID``: print how many
comments that page has stored. A child process, because one process holds one database
configuration, and the server may use another database than the render benchmark.
"""

import json
import os
import secrets
import sys


def prepare():
    from django.core.management import call_command

    from .content import ensure_home, ensure_index, make_report

    call_command("migrate", verbosity=0, interactive=False)
    index = ensure_index(ensure_home())
    report = make_report(index, f"dauerlast-{secrets.token_hex(4)}", "Bericht für den Lasttest")
    return {"page_id": report.pk, "path": report.url}


def count(page_id):
    from wagtail_kundenforum.models import ReaderComment

    return ReaderComment.objects.filter(page_id=page_id).count()


def main(argv):
    from .environment import setup_django

    setup_django(os.environ["DATABASE_URL"])
    if argv[:1] == ["prepare"]:
        print(json.dumps(prepare()))
    elif argv[:1] == ["count"] and len(argv) == 2:
        print(json.dumps(count(int(argv[1]))))
    else:
        sys.exit("usage: python -m benchmarks.prepare (prepare | count PAGE_ID)")


if __name__ == "__main__":
    main(sys.argv[1:])
