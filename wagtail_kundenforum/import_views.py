"""The admin's upload view for importing a forum's suggestions (to be written)."""

from django.http import HttpResponse
from django.views import View


class SuggestionImportView(View):
    def get(self, request):
        return HttpResponse("")
