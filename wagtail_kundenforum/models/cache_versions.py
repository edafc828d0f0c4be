from django.db import models
from django.utils.translation import gettext_lazy as _


class CacheVersion(models.Model):
    """The current version of one cached scope (``caching``): what every process reads.

    It lives in the database, beside the data it versions, and is replaced in the same
    transaction as the change: so it is new exactly when the change becomes visible, in every
    process, whatever the cache is and whether or not the cache could be written.
    """

    scope = models.CharField(_("scope"), max_length=100, primary_key=True)
    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("cache version")
        verbose_name_plural = _("cache versions")

    def __str__(self):
        return f"{self.scope}: {self.token}"
