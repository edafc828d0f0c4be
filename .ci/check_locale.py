"""Checks that the app's German translation is complete and compiled.

    python .ci/check_locale.py                check locale/de against the source (make lint, CI)
    python .ci/check_locale.py --compile      write django.mo from django.po (make messages)
    python .ci/check_locale.py --package DIR  check another copy of the package (its tests)

The check extracts the strings from the source as `make messages` does (Django's
makemessages with GNU gettext), in a temporary copy of the package, so that the committed
catalogue is never touched. It fails when a string of the source is missing from django.po,
when an entry of django.po is untranslated or fuzzy, or when the committed django.mo is
missing or says something else than django.po. An entry that the source no longer uses does
not fail it (`make messages` drops it). ``--compile`` uses polib, so developers without GNU
gettext can compile too; the check needs GNU gettext (``apt install gettext``).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parent.parent / "wagtail_kundenforum"
CATALOGUE = Path("locale/de/LC_MESSAGES")


def catalogue(entries):
    """{(msgctxt, msgid, msgid_plural): translation} of the entries, without the header."""
    result = {}
    for entry in entries:
        if entry.msgid:
            plural = {int(n): text for n, text in entry.msgstr_plural.items()}
            result[entry.msgctxt, entry.msgid, entry.msgid_plural] = plural or entry.msgstr
    return result


def problems(po, mo_file):
    """Human-readable reasons why locale/de is not complete, empty when it is."""
    found = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    found += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    if not mo_file.exists():
        return [*found, f"{mo_file.name} is missing: run `make messages`"]
    expected, compiled = catalogue(po.translated_entries()), catalogue(polib.mofile(mo_file))
    keys = expected.keys() | compiled.keys()
    differing = sorted((k for k in keys if expected.get(k) != compiled.get(k)), key=str)
    found += [f"{mo_file.name} differs from django.po: {key[1]!r}" for key in differing]
    return found


def source_strings(package):
    """The entries that makemessages extracts from ``package``'s source, as a new catalogue.

    It runs on a copy without the catalogue, so that it writes a fresh one (nothing merged
    in) and the package's own files stay as they are."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / package.name
        shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.po", "*.mo"))
        # Without settings makemessages configures its own; the caller's must not be imported.
        env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        command = [sys.executable, "-m", "django", "makemessages", "-l", "de", "--no-obsolete"]
        run = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True)
        if run.returncode:
            raise RuntimeError(f"makemessages failed:\n{run.stdout}{run.stderr}")
        return polib.pofile(copy / CATALOGUE / "django.po")


def missing_strings(extracted, po):
    """The strings of the source that django.po has no entry for (an entry there that is
    untranslated or fuzzy is reported by ``problems``)."""
    known = {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}
    found = []
    for entry in extracted:
        if entry.msgid and (entry.msgctxt, entry.msgid) not in known:
            where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:3])
            found.append(f"not in django.po: {entry.msgid!r} ({where})")
    return found


def main(argv):
    package = Path(argv[argv.index("--package") + 1]) if "--package" in argv else PACKAGE
    po_file, mo_file = package / CATALOGUE / "django.po", package / CATALOGUE / "django.mo"
    if not po_file.exists():
        print(f"locale/de: {po_file} is missing")
        return 1
    po = polib.pofile(po_file)
    if "--compile" in argv:
        po.save_as_mofile(mo_file)
        todo = len(po.untranslated_entries()) + len(po.fuzzy_entries())
        print(f"wrote {mo_file.name}: {len(po.translated_entries())} entries, {todo} still to do")
        return 0
    if not shutil.which("xgettext"):
        print("locale/de: the check extracts the source's strings with GNU gettext (xgettext)")
        print("  install it first: apt install gettext")
        return 1
    found = missing_strings(source_strings(package), po) + problems(po, mo_file)
    if found:
        print("locale/de is not complete:", *found, sep="\n  ")
        return 1
    print(f"locale/de complete: {len(po.translated_entries())} entries, every string of the source")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
