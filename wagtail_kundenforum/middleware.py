"""A friendly 503 instead of a server error while the database cannot be reached or does not
answer.

Add ``wagtail_kundenforum.middleware.DatabaseUnavailableMiddleware`` to ``MIDDLEWARE``. A
request whose view fails because the database is down, restarting or refusing connections
gets a short page that says so, with ``Retry-After``; a comment being sent is shown back to
the reader to copy, since it could not be stored. The page uses no database and no site
template, which might need one.

A database that takes the connection and then says nothing (a frozen server, a pooler in
front of a dead one) is worse: neither PostgreSQL's own timeouts nor TCP keepalives end a
wait for a server whose machine still acknowledges every packet, so the worker waits until
the WSGI server kills it and the reader's text is lost with it. Set
``KUNDENFORUM_DATABASE_ANSWER_SECONDS`` and the middleware bounds every wait for an answer
on the serving process's PostgreSQL connections (psycopg 3.3 or newer): when it passes, the
connection is closed and the request gets the page above. Set it a little above the
server's ``statement_timeout``, so that a slow query is ended by the server first, and give
the connection attempt its own ``connect_timeout`` in the database ``OPTIONS``.
"""

import functools
import inspect
import logging
import time

from django.db import InterfaceError, OperationalError
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.template.loader import render_to_string

from .conf import get_setting

logger = logging.getLogger(__name__)

TEMPLATE = "wagtail_kundenforum/503.html"
RETRY_AFTER_SECONDS = 30
# Its default, None, waits for the database as long as it takes (psycopg's own behaviour).
ANSWER_SECONDS_SETTING = "KUNDENFORUM_DATABASE_ANSWER_SECONDS"


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Only processes that serve requests load middleware: management commands (imports,
        # migrations) keep waiting as long as their work takes.
        connection_created.connect(bound_answer_waits, dispatch_uid=f"{__name__}.answer_deadline")

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


def bound_answer_waits(sender, connection, **kwargs):
    """``connection_created``: give a new PostgreSQL connection the answer deadline."""
    seconds = get_setting(ANSWER_SECONDS_SETTING)
    if seconds and connection.vendor == "postgresql":
        bind_answer_deadline(connection.connection, seconds)


def bind_answer_deadline(raw_connection, seconds):
    """End every wait of ``raw_connection`` (psycopg 3's) for the server after ``seconds``;
    other drivers are left alone."""
    try:
        import psycopg  # here: a site on SQLite or psycopg2 has none
    except ImportError:
        return
    if type(raw_connection) not in (psycopg.Connection, answer_deadline_connection_class()):
        return
    if "timeout" not in inspect.signature(psycopg.Connection.wait).parameters:
        logger.warning("%s needs psycopg 3.3 or newer: not applied.", ANSWER_SECONDS_SETTING)
        return
    # Django creates the connection itself and offers no way to choose its class: the one
    # created becomes a subclass that adds only the deadline.
    raw_connection.__class__ = answer_deadline_connection_class()
    raw_connection.answer_seconds = seconds


@functools.cache
def answer_deadline_connection_class():
    import psycopg

    class AnswerDeadlineConnection(psycopg.Connection):
        """A psycopg connection whose every wait for the server ends after
        ``answer_seconds``.

        psycopg routes each round trip (queries, commit, rollback, Django's health check)
        through ``Connection.wait``, which takes a timeout since psycopg 3.3. The connection
        is closed when the time has passed, since its query is still in flight, and the
        caller gets an ``OperationalError`` like any lost connection.
        """

        answer_seconds = None

        def wait(self, gen, *args, timeout=None, **kwargs):
            if timeout is not None:  # psycopg's own bounded waits (notifies, cancelling)
                return super().wait(gen, *args, timeout=timeout, **kwargs)
            started = time.monotonic()
            try:
                return super().wait(gen, *args, timeout=self.answer_seconds, **kwargs)
            except psycopg.OperationalError as error:
                if time.monotonic() - started < self.answer_seconds:
                    raise  # an error the server sent, not silence
                self.close()
                message = f"The database gave no answer within {self.answer_seconds} s."
                raise psycopg.OperationalError(message) from error

    return AnswerDeadlineConnection
