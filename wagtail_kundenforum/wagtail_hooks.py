from wagtail.snippets.models import register_snippet

from .viewsets import KundenforumViewSetGroup

register_snippet(KundenforumViewSetGroup)
