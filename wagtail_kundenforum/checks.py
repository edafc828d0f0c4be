"""System checks: settings that work, but not as an operator would want."""

from django.core import checks

from .conf import get_setting

MAIL_IN_THE_REQUEST = "wagtail_kundenforum.W001"


def mail_sent_outside_requests(app_configs, **kwargs):
    """Warn when the outbox's task backend runs its tasks at once: a hung mail server would
    then hold the reader's request (``EMAIL_TIMEOUT``) after every comment that waits."""
    from .outbox.compat import task_backends

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


def register():
    checks.register(mail_sent_outside_requests)
