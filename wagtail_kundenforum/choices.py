"""Choices shared by models and blocks (kept apart so blocks need not import the models)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ForumMethod(models.TextChoices):
    WORLD_CAFE = "world_cafe", _("World Café")
    DYNAMIC_FACILITATION = "dynamic_facilitation", _("Dynamic Facilitation")
    OPEN_SPACE = "open_space", _("Open space")
    OTHER = "other", _("Other")
