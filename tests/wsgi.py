"""WSGI entry of the test suite's live server (``tests.support.server`` runs it under gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings_server")

application = get_wsgi_application()
