"""Django's tasks framework: ``django.tasks`` from Django 6 on, the ``django-tasks``
backport (a dependency of Wagtail) on Django 5.2."""

try:
    from django.tasks import task, task_backends
except ImportError:
    from django_tasks import task, task_backends

__all__ = ["task", "task_backends"]
