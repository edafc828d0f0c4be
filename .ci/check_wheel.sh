#!/usr/bin/env bash
# Builds the sdist and, from it, the wheel (as `python -m build` does); checks both with twine,
# compares the wheel's files with the package tree in git (so no kind of file can go missing
# again), then installs the wheel into a clean venv and serves a report page from a tiny
# Wagtail site outside the repo: proves that templates, static files, migrations and the
# compiled German translation ship and work.
#
# bash .ci/check_wheel.sh [DIR]: with DIR, the sdist and the wheel are copied there once
# every check has passed (make dist).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
KEEP_IN=${1:+$(mkdir -p "$1" && cd "$1" && pwd)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PIP=(--quiet --disable-pip-version-check)

without_location_warnings() { grep -v '^WARNING: Location' || true; }

echo "== building the sdist and the wheel"
# From a copy of what git tracks or would track: an egg-info folder that an editable install
# or an earlier build left in the checkout feeds its old file list into the sdist, and would
# hide a file that the packaging rules miss.
mkdir "$TMP/src"
git -C "$REPO" ls-files -z --cached --others --exclude-standard |
    tar -C "$REPO" --null --files-from=- --ignore-failed-read -cf - 2>/dev/null |
    tar -C "$TMP/src" -xf -
if ! "$REPO/.venv/bin/python" -m build --outdir "$TMP/dist" "$TMP/src" >"$TMP/build.log" 2>&1; then
    cat "$TMP/build.log"
    exit 1
fi
SDIST=$(ls "$TMP"/dist/wagtail_kundenforum-*.tar.gz)
WHEEL=$(ls "$TMP"/dist/wagtail_kundenforum-*.whl)
echo "sdist: $(basename "$SDIST")"
echo "wheel: $(basename "$WHEEL")"

echo "== twine check"
"$REPO/.venv/bin/python" -m twine check --strict "$SDIST" "$WHEEL"

echo "== the artefacts hold the whole package tree"
git -C "$REPO" ls-files -z -- wagtail_kundenforum >"$TMP/tracked"
git -C "$REPO" ls-files -z -- 'LICEN[CS]E*' 'COPYING*' 'NOTICE*' >"$TMP/licences"
cat > "$TMP/compare.py" <<'EOF'
"""The package files of the wheel and the sdist against the package tree that git holds."""

import re
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

from trove_classifiers import classifiers as known_classifiers

repo, tracked_file, licences_file, sdist, wheel = sys.argv[1:]


def names(path):
    return {name for name in Path(path).read_text().split("\0") if name}


def is_bytecode(name):
    return "__pycache__/" in name or name.endswith((".pyc", ".pyo"))


# A file deleted but not yet committed is not part of the tree being built.
tracked = {n for n in names(tracked_file) if not is_bytecode(n) and Path(repo, n).is_file()}
# Every catalogue ships compiled, whether or not its .mo is committed.
tree = tracked | {name[: -len(".po")] + ".mo" for name in tracked if name.endswith(".po")}

with zipfile.ZipFile(wheel) as archive:
    wheel_files = set(archive.namelist())
    metadata_name = next(n for n in wheel_files if n.endswith(".dist-info/METADATA"))
    metadata = Parser().parsestr(archive.read(metadata_name).decode())
with tarfile.open(sdist) as archive:
    # Without the top folder, wagtail_kundenforum-<version>/.
    sdist_files = {m.name.split("/", 1)[1] for m in archive.getmembers() if m.isfile()}

failures = []


def compare(artefact, files):
    package = {name for name in files if name.startswith("wagtail_kundenforum/")}
    for name in sorted(tree - package):
        failures.append(f"{artefact} lacks {name}")
    for name in sorted(package - tree):
        failures.append(f"{artefact} holds {name}, which git does not (add it or delete it)")
    print(f"{artefact}: {len(package)} files of the package; the tree: {len(tree)}")


compare("wheel", wheel_files)
compare("sdist", sdist_files)

needed = {"README.md", "CHANGELOG.md", "MANIFEST.in", "pyproject.toml", "setup.cfg"}
for name in sorted((needed | names(licences_file)) - sdist_files):
    failures.append(f"sdist lacks {name}")

version = metadata["Version"]
changelog = (Path(repo) / "CHANGELOG.md").read_text()
if not re.search(rf"^## \[{re.escape(version)}\]", changelog, re.MULTILINE):
    failures.append(f"CHANGELOG.md has no section '## [{version}]' for the version built")

# PyPI refuses an upload with a classifier it does not know; twine check does not look.
for classifier in metadata.get_all("Classifier") or []:
    if classifier not in known_classifiers:
        failures.append(f"unknown classifier: {classifier}")

for failure in failures:
    print("!!", failure)
if failures:
    sys.exit(1)
print(f"ok: version {version}; the wheel and the sdist hold every file of the package tree")
EOF
"$REPO/.venv/bin/python" "$TMP/compare.py" "$REPO" "$TMP/tracked" "$TMP/licences" "$SDIST" "$WHEEL"

echo "== installing it into a clean venv"
python3 -m venv "$TMP/venv"
"$TMP/venv/bin/python" -m pip install "${PIP[@]}" "$WHEEL" dj-database-url 2>&1 |
    without_location_warnings
"$TMP/venv/bin/python" -m pip list --disable-pip-version-check 2>/dev/null | grep -iE '^(wagtail|django) ' || true

mkdir "$TMP/site"
cat > "$TMP/site/wheel_site_settings.py" <<'EOF'
"""A minimal Wagtail site that uses the installed wheel (no base.html of its own)."""

import os

import dj_database_url

SECRET_KEY = "wheel-check-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "wheel_site_urls"
LANGUAGE_CODE = "de"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
WAGTAIL_SITE_NAME = "Wheel check"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAIL_ENABLE_UPDATE_CHECK = False
DATABASES = {"default": dj_database_url.parse(os.environ["WHEEL_SITE_DATABASE_URL"])}

INSTALLED_APPS = [
    "wagtail_kundenforum",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
EOF
cat > "$TMP/site/wheel_site_urls.py" <<'EOF'
from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [
    path("kundenforum/", include("wagtail_kundenforum.urls")),
    path("", include(wagtail_urls)),
]
EOF
cat > "$TMP/site/check.py" <<'EOF'
import datetime
import gettext
import os
from pathlib import Path

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "wheel_site_settings"
django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402
from django.template.loader import get_template  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import translation  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

import wagtail_kundenforum  # noqa: E402
from wagtail_kundenforum.models import (  # noqa: E402
    Forum,
    ForumIndexPage,
    ForumReportPage,
    Suggestion,
    SuggestionStatus,
)

repo = Path(os.environ["KUNDENFORUM_REPO"]).resolve()
package = Path(wagtail_kundenforum.__file__).resolve().parent
print("wagtail_kundenforum.__file__:", wagtail_kundenforum.__file__)
assert not package.is_relative_to(repo), f"the package was imported from the repo: {package}"

call_command("migrate", interactive=False, verbosity=0)
loader = MigrationLoader(connection)
ours = {key for key in loader.disk_migrations if key[0] == "wagtail_kundenforum"}
assert ours, "the wheel ships no migrations of wagtail_kundenforum"
assert ours <= loader.applied_migrations.keys(), f"not applied: {ours - loader.applied_migrations.keys()}"
print(f"ok: {len(ours)} migration(s) of wagtail_kundenforum applied")

welcome = Page.get_first_root_node().get_first_child()
Site.objects.update_or_create(
    is_default_site=True, defaults={"root_page": welcome, "hostname": "localhost"}
)
index = ForumIndexPage(title="Aktuelles", slug="aktuelles")
welcome.add_child(instance=index)
index.save_revision().publish()
report = ForumReportPage(
    title="Erstes Kundenforum im Rathaus",
    slug="erstes-kundenforum",
    teaser="Vierzig Kundinnen und Kunden diskutierten mit den Stadtwerken.",
    date=datetime.date(2025, 5, 14),
)
index.add_child(instance=report)
report.save_revision().publish()

url = report.get_url()
response = Client().get(url)
html = response.content.decode()
assert response.status_code == 200, f"GET {url}: {response.status_code}"
assert "kf-report" in html, "the report template did not render (no kf-report)"
assert report.title in html, "the report's title is not on its page"
assert "Zurück" in html, "no German 'Zurück' on the page"
print(f"ok: GET {url} -> 200 with kf-report, the title and 'Zurück'")

statuses = SuggestionStatus.objects.filter(is_public=True).count()
assert statuses == 5, f"the data migration made {statuses} public statuses, not 5"
forum = Forum.objects.create(number=1, title="Erstes Kundenforum", date=report.date)
suggestion = Suggestion(
    forum=forum, status=SuggestionStatus.objects.get(slug="in-pruefung"), title="Festnetznummer"
)
suggestion.save()
suggestion.save_revision().publish()
api = Client().get("/kundenforum/api/suggestions/")
assert api.status_code == 200, f"GET the suggestions API: {api.status_code}"
assert api.json()["count"] == 1, f"the API counts {api.json()['count']}, not 1"
page = Client().get(suggestion.get_url())
assert page.status_code == 200 and "Festnetznummer" in page.content.decode()
print(f"ok: the suggestions API and {suggestion.get_url()} answer")

# Wagtail's own catalogue also says "Zurück": prove that Django serves the wheel's django.mo.
mo = package / "locale/de/LC_MESSAGES/django.mo"
assert mo.exists(), f"the wheel ships no {mo.relative_to(package)}"
with mo.open("rb") as catalogue:
    ours = gettext.GNUTranslations(catalogue)._catalog.items()
plain = {msgid: text for msgid, text in ours if isinstance(msgid, str) and msgid}
with translation.override("de"):
    wrong = [msgid for msgid, text in plain.items() if translation.gettext(msgid) != text]
assert plain and not wrong, f"German of the wheel's django.mo not in use: {wrong}"
print(f"ok: the wheel's locale/de/LC_MESSAGES/django.mo is in use ({len(plain)} messages)")

css = finders.find("wagtail_kundenforum/css/kundenforum.css")
assert css, "static file wagtail_kundenforum/css/kundenforum.css not found"
print("ok: static file found at", css)

# Every template the wheel ships loads (the e-mail notices were once missing from it).
templates = package / "templates"
loaded = [get_template(str(p.relative_to(templates))) for p in templates.rglob("*") if p.is_file()]
print(f"ok: all {len(loaded)} templates of the wheel load")
EOF

echo "== serving a report page from the installed wheel"
cd "$TMP/site"
env -u PYTHONPATH -u DATABASE_URL KUNDENFORUM_REPO="$REPO" \
    WHEEL_SITE_DATABASE_URL="sqlite:///$TMP/site/db.sqlite3" \
    "$TMP/venv/bin/python" check.py
echo "wheel check passed"
if [ -n "$KEEP_IN" ]; then
    cp "$SDIST" "$WHEEL" "$KEEP_IN/"
    echo "checked artefacts in $KEEP_IN: $(basename "$SDIST") $(basename "$WHEEL")"
fi
