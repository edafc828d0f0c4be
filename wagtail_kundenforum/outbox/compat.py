"""Django's tasks framework: ``django.tasks`` from Django 6 on, the ``django-tasks``
backport (a dependency of Wagtail) on Django 5.2."""

try:
    from django.tasks import task, task_backends
    from django.tasks.backends.immediate import ImmediateBackend
except ImportError:
    from django_tasks import task, task_backends
    from django_tasks.backends.immediate import ImmediateBackend

__all__ = ["ImmediateBackend", "task", "task_backends"]
