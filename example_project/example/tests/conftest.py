# The same service selection as the app's suite: deselect what this machine lacks, and say so.
from tests.conftest import (  # noqa: F401
    pytest_collection_modifyitems,
    pytest_report_header,
    pytest_sessionfinish,
    pytest_terminal_summary,
)
from tests.support.browser_fixtures import browser, browser_page, new_page  # noqa: F401
