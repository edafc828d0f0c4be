"""Public views of the suggestion tracker: each suggestion's page and the JSON API."""

from django.http import Http404


def suggestion_page(request, pk):  # to be written
    raise Http404


def suggestion_api(request):  # to be written
    raise Http404
