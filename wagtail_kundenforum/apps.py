from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KundenforumConfig(AppConfig):
    name = "wagtail_kundenforum"
    label = "wagtail_kundenforum"
    verbose_name = _("Customer forum")
    # Explicit, so that Django 6 (BigAutoField by default) generates no migrations of its own.
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from . import caching, checks, invalidation

        caching.connect()
        invalidation.connect()
        checks.register()
