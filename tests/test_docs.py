"""The README and the documentation name only what exists, and document every setting.

A site developer copies names from the docs into settings, crontabs and scripts: a setting
that was renamed, a command that never existed or a `make` target that went away fails
there without a word. These tests read README.md and docs/*.md as text (mkdocs is not
needed) and list every offender by name and file.
"""

import ast
import re
from pathlib import Path

from django.core.management import get_commands

from wagtail_kundenforum.conf import DEFAULTS

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SETTINGS_PAGE = ROOT / "docs" / "settings.md"
REPOSITORY = "https://github.com/wagtail-kundenforum/wagtail-kundenforum"

SETTING_NAME = re.compile(r"\bKUNDENFORUM_[A-Z0-9_]*[A-Z0-9]")
FENCED_BLOCK = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
COMMAND_AFTER_MANAGE = re.compile(r"\b(?:manage\.py|django-admin)\s+([a-z][a-z0-9_]*)")
APP_COMMAND_NAME = re.compile(r"(?<![\w./-])kundenforum_[a-z0-9_]+")
MAKE_TARGET = re.compile(r"(?<![\w$(-])make\s+([a-z][a-z0-9-]*)")
READ_FROM_ENVIRONMENT = re.compile(
    r"(?:environ\.get\(|environ\[|getenv\(|in os\.environ)\s*[\"'](KUNDENFORUM_\w+)"
    r"|[\"'](KUNDENFORUM_\w+)[\"']\s+in\s+os\.environ"
)
EXAMPLE_SETTING = re.compile(r"^(KUNDENFORUM_\w+)\s*=", re.MULTILINE)

# Names of the form kundenforum_* in the docs that are not management commands, each with
# the file that defines it or is named after it (checked below, so that this list cannot
# go stale either).
OTHER_KUNDENFORUM_NAMES = {
    "kundenforum_mail": "example_project/example/settings.py",  # the example's TASKS alias
    "kundenforum_tags": "wagtail_kundenforum/templatetags/kundenforum_tags.py",  # {% load %}
    "kundenforum_bench": "benchmarks/databases.py",  # the benchmark's own database
    "kundenforum_prod": "example_project/serve_prod.py",  # make serve-prod's database
}


def documents():
    """(name shown in messages, text) of the README and every page of the docs."""
    return [(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")) for path in DOCUMENTS]


def code_of(text):
    """The fenced code blocks and the inline code spans of a Markdown text."""
    blocks = FENCED_BLOCK.findall(text)
    spans = [match.group(2) for match in CODE_SPAN.finditer(FENCED_BLOCK.sub("", text))]
    return blocks + spans


def named(pattern, in_code=True):
    """{name: sorted documents naming it} for every match of ``pattern``'s first group."""
    found = {}
    for document, text in documents():
        for chunk in code_of(text) if in_code else [text]:
            for match in pattern.finditer(chunk):
                name = match.group(match.lastindex or 0)
                found.setdefault(name, set()).add(document)
    return found


def offenders(found, exists):
    """Lines "name (in files)" for each name that does not exist, sorted."""
    return [
        f"{name} (in {', '.join(sorted(found[name]))})"
        for name in sorted(found)
        if not exists(name)
    ]


def repository_python_files():
    skip = {".venv", ".venv-oldest", ".git", "node_modules"}
    for path in ROOT.rglob("*.py"):
        if not skip.intersection(path.relative_to(ROOT).parts):
            yield path


def environment_variables():
    """KUNDENFORUM_* names that the project's code reads from the environment."""
    names = set()
    for path in repository_python_files():
        for match in READ_FROM_ENVIRONMENT.finditer(path.read_text(encoding="utf-8")):
            names.add(match.group(1) or match.group(2))
    return names


def example_settings():
    """KUNDENFORUM_* settings that the example project defines for itself."""
    names = set()
    for path in (ROOT / "example_project" / "example").glob("settings*.py"):
        names.update(EXAMPLE_SETTING.findall(path.read_text(encoding="utf-8")))
    return names


def management_commands():
    """The commands of the test settings' apps, plus the example project's own."""
    commands = set(get_commands())
    for path in (ROOT / "example_project").glob("*/*/management/commands/*.py"):
        commands.add(path.stem)
    return commands


def make_targets():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z0-9-]*)\s*:(?!=)", makefile, re.MULTILINE))


def documented_defaults():
    """{setting: default cell} from the table rows of the settings page."""
    rows = re.findall(
        r"^\|\s*`(KUNDENFORUM_\w+)`\s*\|\s*([^|]*?)\s*\|",
        SETTINGS_PAGE.read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    return dict(rows)


def test_every_setting_the_docs_name_exists():
    known = set(DEFAULTS) | environment_variables() | example_settings()
    missing = offenders(named(SETTING_NAME, in_code=False), known.__contains__)
    assert not missing, (
        "Settings named in the docs that neither wagtail_kundenforum/conf.py (DEFAULTS), "
        "the example project's settings nor an environment read knows:\n  " + "\n  ".join(missing)
    )


def test_every_setting_in_conf_is_documented_with_its_default():
    defaults = documented_defaults()
    undocumented = sorted(set(DEFAULTS) - set(defaults))
    assert not undocumented, (
        f"Settings in wagtail_kundenforum/conf.py without a row in {SETTINGS_PAGE.name}:\n  "
        + "\n  ".join(undocumented)
    )
    wrong = []
    for name, cell in sorted(defaults.items()):
        literal = re.match(r"`([^`]*)`", cell)
        try:
            value = ast.literal_eval(literal.group(1)) if literal else cell
        except (SyntaxError, ValueError):
            value = cell
        if name in DEFAULTS and value != DEFAULTS[name]:
            wrong.append(f"{name}: documented {cell!r}, conf.py has {DEFAULTS[name]!r}")
    assert not wrong, f"Defaults in {SETTINGS_PAGE.name} that differ from conf.py:\n  " + (
        "\n  ".join(wrong)
    )


def test_every_management_command_the_docs_name_exists():
    commands = management_commands()
    found = named(COMMAND_AFTER_MANAGE)
    for name, where in named(APP_COMMAND_NAME).items():
        if name not in OTHER_KUNDENFORUM_NAMES:
            found.setdefault(name, set()).update(where)
    missing = offenders(found, commands.__contains__)
    assert not missing, "Management commands named in the docs that do not exist:\n  " + (
        "\n  ".join(missing)
    )


def test_the_names_that_are_not_commands_are_where_the_list_says():
    stale = [
        f"{name} (not in {path})"
        for name, path in sorted(OTHER_KUNDENFORUM_NAMES.items())
        if name not in path and name not in (ROOT / path).read_text(encoding="utf-8")
    ]
    assert not stale, "OTHER_KUNDENFORUM_NAMES is out of date:\n  " + "\n  ".join(stale)


def test_every_make_target_the_docs_name_exists():
    missing = offenders(named(MAKE_TARGET), make_targets().__contains__)
    assert not missing, "make targets named in the docs that the Makefile lacks:\n  " + (
        "\n  ".join(missing)
    )


def heading_anchors(text):
    """The anchors GitHub and MkDocs give the headings of a Markdown text."""
    headings = re.findall(r"^#{1,6} (.+)$", FENCED_BLOCK.sub("", text), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def repository_links(text):
    """(blob or raw, path, anchor) of each absolute link into this repository's main branch."""
    return re.findall(rf"{re.escape(REPOSITORY)}/(blob|raw)/main/([\w./-]+)(?:#([\w-]+))?", text)


def broken_links(text):
    broken = []
    for kind, path, anchor in repository_links(text):
        target = ROOT / path
        if not target.is_file():
            broken.append(f"{kind}/main/{path}: no such file")
        elif anchor and anchor not in heading_anchors(target.read_text(encoding="utf-8")):
            broken.append(f"{kind}/main/{path}#{anchor}: no such heading")
    return broken


def test_the_readmes_absolute_links_into_the_repository_exist():
    """The README is the package index's page too, so it links into docs/ (and to the
    screenshots) by absolute URL, which the strict MkDocs build does not see."""
    broken = broken_links((ROOT / "README.md").read_text(encoding="utf-8"))
    assert not broken, "Links in README.md that lead nowhere:\n  " + "\n  ".join(broken)


def test_the_docs_name_what_these_tests_look_for():
    """Guards the patterns: a regex that silently matched nothing would pass every test."""
    assert "kundenforum_send_mail" in named(APP_COMMAND_NAME)
    assert "db_worker" in named(COMMAND_AFTER_MANAGE)
    assert {"demo", "test"} <= set(named(MAKE_TARGET))
    assert "KUNDENFORUM_RATE_LIMITS" in documented_defaults()
    readme_links = {
        path for _, path, _ in repository_links((ROOT / "README.md").read_text(encoding="utf-8"))
    }
    assert {"docs/settings.md", "docs/screenshots/report-1280.png"} <= readme_links
