"""A friendly 503 instead of a server error while the database cannot be reached.

Add ``wagtail_kundenforum.middleware.DatabaseUnavailableMiddleware`` to ``MIDDLEWARE``. A
request whose view fails because the database is down, restarting or refusing connections
gets a short page that says so, with ``Retry-After``; a comment being sent is shown back to
the reader to copy, since it could not be stored. The page uses no database and no site
template, which might need one.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

TEMPLATE = "wagtail_kundenforum/503.html"
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error(
            "Database unavailable: %s %s answered 503.",
            request.method,
            request.path,
            exc_info=exception,
        )
        # Only the text the reader wrote; never the e-mail address or other fields.
        text = request.POST.get("text", "") if request.method == "POST" else ""
        html = render_to_string(TEMPLATE, {"text": text[:5000]})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
