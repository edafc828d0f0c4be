"""Where the benchmark's Django runs: its settings, its database, its import path."""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SETTINGS = "benchmarks.settings"


def import_paths():
    """The repository (for ``benchmarks``) and the example project (for ``example``)."""
    return [str(REPO), str(REPO / "example_project")]


def setup_django(database_url):
    """Configure Django in this process on ``database_url``."""
    import django

    for path in reversed(import_paths()):
        if path not in sys.path:
            sys.path.insert(0, path)
    # The example project's settings read the database from DATABASE_URL.
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    django.setup()


def django_environment(database_url):
    """The environment in which a child process runs the benchmark's Django on that database."""
    python_path = [*import_paths(), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": database_url,
        "PYTHONPATH": os.pathsep.join(python_path),
    }
