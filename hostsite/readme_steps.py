"""The README's "Install it into your Wagtail site", step by step, applied to a site made by
``wagtail start``.

Every piece of code that goes into the site is quoted from the README: ``quoted()`` refuses
a snippet that the README's section does not contain, so when a step changes in the README,
the check fails until this file changes with it. The edits are those a developer makes by
hand: lines added to a list, a block added to a template, a page type and its template.
"""

import re
import textwrap
from pathlib import Path

SECTION = "## Install it into your Wagtail site"


class ReadmeMismatch(AssertionError):
    pass


def install_section(readme_path):
    """The README's install section: from its heading up to the next heading of its level."""
    text = Path(readme_path).read_text(encoding="utf-8")
    start = text.find(SECTION + "\n")
    if start < 0:
        raise ReadmeMismatch(f"README has no section {SECTION!r}")
    end = text.find("\n## ", start + len(SECTION))
    return text[start : end if end >= 0 else len(text)]


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


class Readme:
    def __init__(self, readme_path):
        self.section = install_section(readme_path)
        self.squeezed = squeeze(self.section)

    def quoted(self, snippet):
        """``snippet`` (dedented), after checking that the install section holds it."""
        snippet = textwrap.dedent(snippet).strip("\n")
        if squeeze(snippet) not in self.squeezed:
            raise ReadmeMismatch(
                "the README's install section no longer says:\n"
                + textwrap.indent(snippet, "    ")
                + "\nchange hostsite/readme_steps.py with the README"
            )
        return snippet


def insert_before(path, anchor, lines, what):
    """Insert ``lines`` above the first line of ``path`` that ``anchor`` matches."""
    text = Path(path).read_text(encoding="utf-8")
    match = re.search(anchor, text, flags=re.MULTILINE)
    if match is None:
        raise AssertionError(f"{path.name}: no line for {what} (looked for {anchor!r})")
    line_start = text.rfind("\n", 0, match.start()) + 1
    Path(path).write_text(text[:line_start] + lines + "\n" + text[line_start:], encoding="utf-8")


def append(path, text):
    with open(path, "a", encoding="utf-8") as target:
        target.write("\n\n" + text + "\n")


def as_lines(snippet, indent):
    """The snippet's lines that are code (no "# ..." placeholders), at ``indent``."""
    code = [line.strip() for line in snippet.splitlines() if line.strip()]
    code = [line for line in code if not line.startswith("# ...")]
    return "\n".join(indent + line for line in code)


def step_2_settings(readme, site):
    """INSTALLED_APPS: after the site's own apps, above Wagtail's; then TASKS and language."""
    apps = readme.quoted(
        """
        "wagtail_kundenforum",
        "wagtail.contrib.settings",
        "wagtail.contrib.routable_page",
        "django_tasks_db",
        """
    )
    readme.quoted("# ... your own apps ...")
    readme.quoted("# ... Wagtail's own apps, modelcluster, taggit, Django's apps, as before ...")
    settings = site.settings_file
    insert_before(settings, r'^\s+"wagtail\.', as_lines(apps, "    "), "Wagtail's first app")
    append(
        settings,
        readme.quoted(
            """
            # The app's e-mail (the moderators' notice) goes to an outbox, and a worker
            # sends it outside the reader's request; Wagtail's own tasks still run at once.
            TASKS = {
                "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
                "kundenforum_mail": {"BACKEND": "django_tasks_db.DatabaseBackend"},
            }
            KUNDENFORUM_MAIL_TASK_BACKEND = "kundenforum_mail"

            # German pages and dates.
            LANGUAGE_CODE = "de"
            TIME_ZONE = "Europe/Berlin"
            """
        ),
    )


def step_3_urls(readme, site):
    """The app's URLs, above Wagtail's catch-all."""
    mount = readme.quoted('path("kundenforum/", include("wagtail_kundenforum.urls")),')
    readme.quoted('path("", include(wagtail_urls)),')
    insert_before(
        site.urls_file,
        r'^\s+path\("", include\(wagtail_urls\)\),',
        "    " + mount,
        "Wagtail's catch-all",
    )


def step_4_base_template(readme, site):
    """The stylesheet and the ``extra_head`` block, inside <head>."""
    head = readme.quoted(
        """
        <link rel="stylesheet" href="{% static 'wagtail_kundenforum/css/kundenforum.css' %}">
        {% block extra_head %}{% endblock %}
        </head>
        """
    )
    base = site.base_template
    if not re.search(r"{%\s*load\s[^%]*\bstatic\b", base.read_text(encoding="utf-8")):
        raise AssertionError(f"{base.name} does not load static, as the README says it does")
    lines = as_lines(head.rsplit("</head>", 1)[0], "        ")
    insert_before(base, r"^\s*</head>", lines, "</head>")


def step_5_page_type(readme, site):
    """CommentablePageMixin and the blocks on the site's own page type, and its template."""
    models = readme.quoted(
        """
        from wagtail import blocks
        from wagtail.admin.panels import FieldPanel
        from wagtail.fields import StreamField
        from wagtail.models import Page

        from wagtail_kundenforum.blocks import SuggestionStatsBlock, SuggestionTrackerBlock
        from wagtail_kundenforum.models import CommentablePageMixin


        class ArticlePage(CommentablePageMixin, Page):
            body = StreamField(
                [
                    ("paragraph", blocks.RichTextBlock()),
                    ("tracker", SuggestionTrackerBlock()),
                    ("stats", SuggestionStatsBlock()),
                ],
                blank=True,
            )

            content_panels = [*Page.content_panels, FieldPanel("body")]
            # "Allow comments", in the page's Settings tab.
            settings_panels = [*Page.settings_panels, *CommentablePageMixin.comment_panels]
        """
    )
    # A developer would merge the imports into those at the top; appended, they work alike.
    append(site.home_app / "models.py", models)
    template = readme.quoted(
        """
        {% extends "base.html" %}
        {% load wagtailcore_tags %}

        {% block content %}
        <article>
            <h1>{{ page.title }}</h1>
            {% for block in page.body %}{% include_block block %}{% endfor %}
            {% include "wagtail_kundenforum/includes/comments.html" %}
        </article>
        {% endblock content %}
        """
    )
    path = site.home_app / "templates" / "home" / "article_page.html"
    path.write_text(template + "\n", encoding="utf-8")


def commands(readme, *snippets):
    """Shell commands of the README, split into words (none of them needs quoting)."""
    return [readme.quoted(snippet).split() for snippet in snippets]
