# The same service selection as the app's suite: deselect what this machine lacks, and say so.
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from tests.conftest import (  # noqa: F401
    pytest_collection_modifyitems,
    pytest_report_header,
    pytest_sessionfinish,
    pytest_sessionstart,
    pytest_terminal_summary,
    pytest_testnodedown,
)
from tests.support.browser_fixtures import browser, browser_page, new_page  # noqa: F401


@pytest.fixture(autouse=True, scope="session")
def demo_port_file(tmp_path_factory):
    """Where kundenforum_demo writes down its port in tests: never the developer's demo's."""
    with override_settings(DEMO_PORT_FILE=tmp_path_factory.mktemp("demo") / "port"):
        yield settings.DEMO_PORT_FILE


@pytest.fixture(scope="module")
def demo(request, django_db_setup, django_db_blocker):
    """The demo content of the module's ``run_demo()``, created once for the module and
    rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        request.module.run_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(demo, db):
    """Each test runs inside its own transaction on top of the module's demo content."""


def read(client, url):
    """The page at ``url``, parsed; it must answer 200."""
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")
