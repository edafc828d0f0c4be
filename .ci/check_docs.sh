#!/usr/bin/env bash
# Builds the documentation site (mkdocs.yml, docs/) with warnings as errors, into a
# temporary directory that is removed afterwards: a link to a missing page or heading, or a
# page left out of the navigation, fails the build.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
MKDOCS="$REPO/.venv/bin/mkdocs"
[ -x "$MKDOCS" ] || MKDOCS=mkdocs
SITE=$(mktemp -d)
trap 'rm -rf "$SITE"' EXIT

cd "$REPO"
"$MKDOCS" build --strict --site-dir "$SITE"
echo "documentation built without warnings: $(find "$SITE" -name index.html | wc -l) pages"
