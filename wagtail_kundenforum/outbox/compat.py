"""Django's tasks framework: ``django.tasks`` from Django 6 on, the ``django-tasks``
backport (a dependency of Wagtail) on Django 5.2."""

try:
    from django.tasks import task_backends
    from django.tasks.base import Task
except ImportError:
    from django_tasks import task_backends
    from django_tasks.base import Task

__all__ = ["Task", "task_backends"]
