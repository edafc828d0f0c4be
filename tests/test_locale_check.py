"""`make lint`'s locale check reads the source: a string that the German catalogue lacks or
leaves untranslated fails it, and the check never writes to the committed catalogue.

The check runs as CI runs it, on a copy of the package that gets one new string, and on the
package itself.
"""

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / ".ci" / "check_locale.py"
PACKAGE = ROOT / "wagtail_kundenforum"
CATALOGUE = Path("locale/de/LC_MESSAGES")

pytestmark = pytest.mark.skipif(
    not shutil.which("xgettext"), reason="the check needs GNU gettext (apt install gettext)"
)


def check(package=None):
    arguments = ["--package", str(package)] if package else []
    return subprocess.run(
        [sys.executable, str(CHECK), *arguments], cwd=ROOT, capture_output=True, text=True
    )


def fingerprint(package):
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((package / CATALOGUE).iterdir())
    }


@pytest.fixture
def package_copy(tmp_path):
    copy = tmp_path / PACKAGE.name
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_the_package_passes_and_its_catalogue_stays_as_committed():
    before = fingerprint(PACKAGE)
    result = check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "locale/de complete" in result.stdout
    assert fingerprint(PACKAGE) == before


def test_a_new_string_in_the_python_source_fails(package_copy):
    (package_copy / "new_feature.py").write_text(
        "from django.utils.translation import gettext_lazy as _\n\n"
        'LABEL = _("Opening hours of the service centre")\n'
    )
    before = fingerprint(package_copy)
    result = check(package_copy)
    assert result.returncode == 1
    assert "not in django.po: 'Opening hours of the service centre' (new_feature.py:3)" in (
        result.stdout
    )
    assert fingerprint(package_copy) == before


def test_a_new_string_in_a_template_fails(package_copy):
    template = package_copy / "templates" / "wagtail_kundenforum" / "opening_hours.html"
    template.write_text('{% load i18n %}<p>{% translate "Closed on public holidays" %}</p>\n')
    result = check(package_copy)
    assert result.returncode == 1
    assert "not in django.po: 'Closed on public holidays'" in result.stdout


def test_a_fuzzy_entry_fails_as_untranslated(package_copy):
    po_file = package_copy / CATALOGUE / "django.po"
    text = po_file.read_text()
    first_entry = text.index("\n\n#: ") + 2
    po_file.write_text(text[:first_entry] + "#, fuzzy\n" + text[first_entry:])
    result = check(package_copy)
    assert result.returncode == 1
    assert "fuzzy: " in result.stdout
