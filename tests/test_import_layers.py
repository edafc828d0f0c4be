"""The import contracts that make lint checks (.importlinter) cover the whole package.

Import-linter checks only the modules its layers name: a new module left out of them could
import anything. The package's own __init__ files that import nothing (the app's, which
holds the version, and those that describe a room) are the exception.
"""

import configparser
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "wagtail_kundenforum"
IMPORT_STATEMENT = re.compile(r"^(?:from|import) ", re.MULTILINE)


def layered_modules():
    config = configparser.ConfigParser()
    config.read(REPO / ".importlinter")
    layers = config["importlinter:contract:layers"]["layers"]
    return set(re.findall(r"wagtail_kundenforum[\w.]*", layers))


def module_name(path):
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def in_a_layer(name, layers):
    return any(name == layer or name.startswith(f"{layer}.") for layer in layers)


def is_bare_package(path):
    return path.name == "__init__.py" and not IMPORT_STATEMENT.search(path.read_text())


def test_every_module_of_the_package_is_in_a_layer():
    layers = layered_modules()
    outside = [
        module_name(path)
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts
        and not is_bare_package(path)
        and not in_a_layer(module_name(path), layers)
    ]
    assert outside == []
