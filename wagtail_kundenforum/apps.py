from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class KundenforumConfig(AppConfig):
    name = "wagtail_kundenforum"
    label = "wagtail_kundenforum"
    verbose_name = _("Customer forum")
    # Explicit, so that Django 6 (BigAutoField by default) generates no migrations of its own.
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from . import caching, checks, invalidation
        from .following import events

        caching.connect()
        invalidation.connect()
        events.connect()
        checks.register()
        # The cache layer only announces its changes; purging them is the front-end cache's
        # business, wired up where a site installs it.
        if apps.is_installed("wagtail.contrib.frontend_cache"):
            from . import frontend_cache

            frontend_cache.connect()
