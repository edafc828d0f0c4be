"""Checks that the app's German translation is complete and compiled.

    python .ci/check_locale.py            check locale/de (make lint, CI)
    python .ci/check_locale.py --compile  write django.mo from django.po (make messages)

The check fails when an entry of django.po is untranslated or fuzzy, or when the committed
django.mo is missing or says something else than django.po. ``--compile`` uses polib, so
developers without GNU gettext can compile too.
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "wagtail_kundenforum/locale/de/LC_MESSAGES"
PO_FILE = LOCALE / "django.po"
MO_FILE = LOCALE / "django.mo"


def catalogue(entries):
    """{(msgctxt, msgid, msgid_plural): translation} of the entries, without the header."""
    result = {}
    for entry in entries:
        if entry.msgid:
            plural = {int(n): text for n, text in entry.msgstr_plural.items()}
            result[entry.msgctxt, entry.msgid, entry.msgid_plural] = plural or entry.msgstr
    return result


def problems(po):
    """Human-readable reasons why locale/de is not complete, empty when it is."""
    found = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    found += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    if not MO_FILE.exists():
        return [*found, f"{MO_FILE.name} is missing: run `make messages`"]
    expected, compiled = catalogue(po.translated_entries()), catalogue(polib.mofile(MO_FILE))
    keys = expected.keys() | compiled.keys()
    differing = sorted((k for k in keys if expected.get(k) != compiled.get(k)), key=str)
    found += [f"{MO_FILE.name} differs from {PO_FILE.name}: {key[1]!r}" for key in differing]
    return found


def main(argv):
    if not PO_FILE.exists():
        print(f"locale/de: {PO_FILE} is missing")
        return 1
    po = polib.pofile(PO_FILE)
    if "--compile" in argv:
        po.save_as_mofile(MO_FILE)
        todo = len(po.untranslated_entries()) + len(po.fuzzy_entries())
        print(f"wrote {MO_FILE.name}: {len(po.translated_entries())} entries, {todo} still to do")
        return 0
    found = problems(po)
    if found:
        print("locale/de is not complete:", *found, sep="\n  ")
        return 1
    print(f"locale/de complete: {len(po.translated_entries())} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
