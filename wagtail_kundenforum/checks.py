"""System checks: settings that work, but not as an operator would want."""

from django.core import checks
from django.template import TemplateDoesNotExist

from .conf import get_setting
from .outbox.compat import task_backends
from .templating import FALLBACK_BASE_TEMPLATE, rendered_blocks

MAIL_IN_THE_REQUEST = "wagtail_kundenforum.W001"
BASE_TEMPLATE_LACKS_BLOCK = "wagtail_kundenforum.W002"
BASE_TEMPLATE_MISSING = "wagtail_kundenforum.W003"
BASE_TEMPLATE_UNREADABLE = "wagtail_kundenforum.W004"

# What a reader loses when the base template lacks the block, and where the block belongs.
LOST_WITHOUT = {
    "title": "their titles in the browser's tab and in search results",
    "extra_head": "their feed links (RSS/Atom) and the reports' structured data (JSON-LD)",
    "content": "everything they show: they render empty",
}
BELONGS = {
    "title": "inside <title>",
    "extra_head": "inside <head>",
    "content": "where a page's main content goes",
}


def mail_sent_outside_requests(app_configs, **kwargs):
    """Warn when the outbox's task backend runs its tasks at once: a hung mail server would
    then hold the reader's request (``EMAIL_TIMEOUT``) after every comment that waits."""
    alias = get_setting("KUNDENFORUM_MAIL_TASK_BACKEND")
    if alias is None:
        return []
    try:
        backend = task_backends[alias]
    except Exception as error:  # an unknown alias or a backend that cannot be loaded
        return [
            checks.Error(
                f"KUNDENFORUM_MAIL_TASK_BACKEND names the task backend {alias!r}: {error}",
                id="wagtail_kundenforum.E001",
            )
        ]
    if type(backend).__name__ != "ImmediateBackend":
        return []
    return [
        checks.Warning(
            f"The outbox's e-mail is sent by the task backend {alias!r}, which runs each task "
            "at once, inside the request that caused it.",
            hint="Give KUNDENFORUM_MAIL_TASK_BACKEND a backend with a worker (for example "
            "django-tasks-db), or set it to None and run kundenforum_send_mail from cron.",
            id=MAIL_IN_THE_REQUEST,
        )
    ]


def base_template_has_blocks(app_configs, **kwargs):
    """Warn when KUNDENFORUM_BASE_TEMPLATE is missing or lacks a block the app's pages fill:
    the pages still render, and what goes into the missing block is silently left out."""
    name = get_setting("KUNDENFORUM_BASE_TEMPLATE")
    try:
        blocks, path = rendered_blocks(name)
    except TemplateDoesNotExist:
        return [_base_template_missing(name)]
    except Exception as error:  # a syntax error, a variable {% extends %}, another engine
        return [_base_template_unreadable(name, error)]
    return [_lacks_block(name, path, block) for block in LOST_WITHOUT if block not in blocks]


def _lacks_block(name, path, block):
    return checks.Warning(
        f"The base template {name!r} has no {{% block {block} %}}: the forum pages "
        f"extend it and lose {LOST_WITHOUT[block]}.",
        hint=f"Add {{% block {block} %}}{{% endblock %}} to {path}, {BELONGS[block]}; or "
        "name a template that has it in KUNDENFORUM_BASE_TEMPLATE.",
        id=BASE_TEMPLATE_LACKS_BLOCK,
    )


def _base_template_missing(name):
    return checks.Warning(
        f"KUNDENFORUM_BASE_TEMPLATE names {name!r}, which no template loader finds: the forum "
        f"pages fall back to the app's bare {FALLBACK_BASE_TEMPLATE!r}, without the site's "
        "header, navigation and styles.",
        hint="Set KUNDENFORUM_BASE_TEMPLATE to the site's base template, the one its pages extend.",
        id=BASE_TEMPLATE_MISSING,
    )


def _base_template_unreadable(name, error):
    return checks.Warning(
        f"The base template {name!r} could not be checked for the blocks the forum pages "
        f"fill ({', '.join(LOST_WITHOUT)}): {type(error).__name__}: {error}",
        hint="Make sure the template renders with Django's template engine and extends a "
        "template by a fixed name.",
        id=BASE_TEMPLATE_UNREADABLE,
    )


def register():
    checks.register(mail_sent_outside_requests)
    checks.register(base_template_has_blocks, checks.Tags.templates)
