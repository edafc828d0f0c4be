# The same service selection as the app's suite: deselect what this machine lacks, and say so.
import pytest
from django.conf import settings
from django.test import override_settings

from tests.conftest import (  # noqa: F401
    pytest_collection_modifyitems,
    pytest_report_header,
    pytest_sessionfinish,
    pytest_terminal_summary,
)
from tests.support.browser_fixtures import browser, browser_page, new_page  # noqa: F401


@pytest.fixture(autouse=True, scope="session")
def demo_port_file(tmp_path_factory):
    """Where kundenforum_demo writes down its port in tests: never the developer's demo's."""
    with override_settings(DEMO_PORT_FILE=tmp_path_factory.mktemp("demo") / "port"):
        yield settings.DEMO_PORT_FILE
