"""System checks that tell an operator what the settings will do."""

from wagtail_kundenforum.checks import MAIL_IN_THE_REQUEST, mail_sent_outside_requests

IMMEDIATE = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
QUEUE = {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}


def check_ids():
    return [message.id for message in mail_sent_outside_requests(None)]


def test_mail_sent_in_the_request_is_warned_about(settings):
    settings.TASKS = {"default": IMMEDIATE}
    settings.KUNDENFORUM_MAIL_TASK_BACKEND = "default"
    assert MAIL_IN_THE_REQUEST in check_ids()


def test_mail_sent_by_a_worker_or_the_sweep_is_not(settings):
    settings.TASKS = {"default": IMMEDIATE, "kundenforum_mail": QUEUE}
    settings.KUNDENFORUM_MAIL_TASK_BACKEND = "kundenforum_mail"
    assert MAIL_IN_THE_REQUEST not in check_ids()
    settings.KUNDENFORUM_MAIL_TASK_BACKEND = None
    assert MAIL_IN_THE_REQUEST not in check_ids()


def test_an_unknown_task_backend_is_an_error(settings):
    settings.TASKS = {"default": IMMEDIATE}
    settings.KUNDENFORUM_MAIL_TASK_BACKEND = "nowhere"
    assert "wagtail_kundenforum.E001" in check_ids()


def test_the_check_is_registered():
    from django.core.checks.registry import registry

    assert mail_sent_outside_requests in registry.get_checks()
