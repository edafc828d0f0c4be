"""A reader's first steps on the demo site, in real Chromium."""

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_reader_opens_the_news_index_and_follows_a_report(live_server, browser_page):
    port = int(live_server.url.rsplit(":", 1)[1])
    call_command("kundenforum_demo", "--port", str(port))
    browser_page.goto(f"{live_server.url}/aktuelles/")
    assert browser_page.locator("h1").inner_text() == "Aktuelles"
    browser_page.get_by_role(
        "link", name="Zweites Kundenforum: 30 Vorschläge ausführlich besprochen"
    ).click()
    browser_page.wait_for_url("**/aktuelles/zweites-kundenforum/")
    heading = browser_page.locator(".kf-report h1")
    assert heading.inner_text() == "Zweites Kundenforum: 30 Vorschläge ausführlich besprochen"
    browser_page.get_by_role("link", name="Zurück").click()
    browser_page.wait_for_url("**/aktuelles/")
