"""A host site's templates: ``manage.py check`` says when the base template lacks a block the
forum pages fill, and the pages stay usable without the app's stylesheet."""

from pathlib import Path

import pytest
import wagtail
from bs4 import BeautifulSoup
from django.core.checks import run_checks
from django.template import Context, Engine
from django.test import override_settings

from tests.support.helpers import comment_data
from wagtail_kundenforum.checks import (
    BASE_TEMPLATE_LACKS_BLOCK,
    BASE_TEMPLATE_MISSING,
    BASE_TEMPLATE_UNREADABLE,
    base_template_has_blocks,
)
from wagtail_kundenforum.models import ReaderComment


def wagtail_start_base():
    """The base.html that `wagtail start` writes (title, CSS and JS blocks, no extra_head),
    from the installed Wagtail's project template."""
    path = Path(wagtail.__file__).parent / "project_template/project_name/templates/base.html"
    return Engine().from_string(path.read_text()).render(Context({"project_name": "mysite"}))


STARTED_BASE = wagtail_start_base()

HEAD_BLOCK = "{% block extra_head %}{% endblock %}"

HOST_TEMPLATES = {
    "started/base.html": STARTED_BASE,
    "complete/base.html": STARTED_BASE.replace("</head>", HEAD_BLOCK + "</head>"),
    # A child's own block shows only where its parent has one: extra_head here never does.
    "child/base.html": '{% extends "started/base.html" %}{% block extra_head %}{% endblock %}',
    # Inside a block of the parent that it overrides, the child's new block does show.
    "nested/base.html": '{% extends "started/base.html" %}'
    "{% block extra_css %}<link>{% block extra_head %}{% endblock %}{% endblock %}",
    "broken/base.html": "<title>{% block title %}</title>{% block content %}{% endblock %}",
    "variable/base.html": "{% extends layout %}",
    "empty/base.html": "<!DOCTYPE html><title>Stadtwerke</title><p>Willkommen</p>",
}


def with_host_templates(base):
    """Settings with the templates above before the apps' and ``base`` as the base template."""
    loaders = [
        ("django.template.loaders.locmem.Loader", HOST_TEMPLATES),
        "django.template.loaders.app_directories.Loader",
    ]
    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": loaders,
                "context_processors": ["django.template.context_processors.request"],
            },
        }
    ]
    return override_settings(TEMPLATES=templates, KUNDENFORUM_BASE_TEMPLATE=base)


def warnings_for(base):
    with with_host_templates(base):
        return base_template_has_blocks(None)


def lacking(base):
    return {
        word
        for message in warnings_for(base)
        if message.id == BASE_TEMPLATE_LACKS_BLOCK
        for word in ("title", "extra_head", "content")
        if f"{{% block {word} %}}" in message.msg
    }


def test_a_base_template_without_extra_head_is_warned_about():
    (warning,) = warnings_for("started/base.html")
    assert warning.id == BASE_TEMPLATE_LACKS_BLOCK
    assert "{% block extra_head %}" in warning.msg and "JSON-LD" in warning.msg
    assert "Add {% block extra_head %}{% endblock %} to started/base.html" in warning.hint
    assert "inside <head>" in warning.hint


def test_a_base_template_with_every_block_is_not():
    assert warnings_for("complete/base.html") == []


def test_the_warning_names_the_template_at_the_top_of_the_chain():
    (warning,) = warnings_for("child/base.html")
    assert "child/base.html" in warning.msg
    assert "to started/base.html," in warning.hint, "the block belongs where it is shown"


def test_a_block_inside_an_overridden_block_of_the_parent_counts():
    assert warnings_for("nested/base.html") == []


def test_each_missing_block_is_named():
    assert lacking("empty/base.html") == {"title", "extra_head", "content"}


def test_a_missing_base_template_is_warned_about():
    (warning,) = warnings_for("nowhere/base.html")
    assert warning.id == BASE_TEMPLATE_MISSING
    assert "'nowhere/base.html'" in warning.msg


@pytest.mark.parametrize("base", ["broken/base.html", "variable/base.html"])
def test_a_template_that_cannot_be_read_is_a_warning_not_a_crash(base):
    (warning,) = warnings_for(base)
    assert warning.id == BASE_TEMPLATE_UNREADABLE
    assert "TemplateSyntaxError" in warning.msg


def test_manage_py_check_runs_it():
    with with_host_templates("started/base.html"):
        ids = [message.id for message in run_checks(tags=["templates"])]
    assert BASE_TEMPLATE_LACKS_BLOCK in ids


# Without the app's stylesheet (the test site's base template links none).


def honeypot(html):
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "kf_topic"})
    return field, field.find_parent(class_="kf-hp")


@override_settings(KUNDENFORUM_BASE_TEMPLATE="testapp/site_base.html")
def test_the_honeypot_is_hidden_by_the_markup_itself(client, report):
    html = client.get(report.url).content.decode()
    assert "kundenforum.css" not in html
    field, wrapper = honeypot(html)
    assert wrapper.has_attr("hidden"), "hidden from sight and screen readers without CSS"
    assert field["tabindex"] == "-1" and field["autocomplete"] == "off"
    assert "{#" not in html, "no template comment shows on the page"


def test_a_bot_filling_the_hidden_honeypot_is_still_answered_as_a_reader(client, report):
    response = client.post(report.url, comment_data(report, kf_topic="cheap pills"))
    assert response["Location"].endswith("?kf_comment=pending#kf-comments")
    assert not ReaderComment.objects.exists()
