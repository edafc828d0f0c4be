"""The outbox sends an HTML alternative beside the plain text, and extra headers such as
List-Unsubscribe (RFC 8058), as a real SMTP server on loopback receives them; a header that
holds a line break is refused before anything is stored."""

import pytest

from tests.support.smtp_servers import ReceivingServer
from wagtail_kundenforum import outbox
from wagtail_kundenforum.models import OutboxMessage

pytestmark = pytest.mark.django_db

SUBJECT = "Neue Antwort zu „Fernwärme“"
TEXT = "Grüße aus Köln: „Die Straße ist gesperrt“, schrieb Jürgen Öztürk."
HTML = "<p>Grüße aus Köln: <q>„Die Straße ist gesperrt“</q>, schrieb Jürgen Öztürk.</p>"
UNSUBSCRIBE = (
    "<https://forum.stadtwerke.example/benachrichtigungen/abmelden/9f2c41d7e8/>, "
    "<mailto:abmelden@stadtwerke.example?subject=9f2c41d7e8>"
)
ONE_CLICK = {
    "List-Unsubscribe": UNSUBSCRIBE,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}


@pytest.fixture
def mail_server(smtp_port):
    """A real SMTP server on a free loopback port, which the settings send to."""
    with ReceivingServer(smtp_port) as server:
        yield server


def send_one(mail_server, **options):
    """Enqueue one e-mail, let the sweep send it, and return it as the server received it."""
    outbox.enqueue(SUBJECT, TEXT, ["leserin@example.org"], **options)
    assert outbox.deliver_due() == 1
    [received] = mail_server.received()
    return received


def test_an_html_alternative_arrives_after_the_plain_text(mail_server):
    received = send_one(mail_server, html_body=HTML)
    assert received.get_content_type() == "multipart/alternative"
    parts = list(received.iter_parts())
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    assert [part.get_content_charset() for part in parts] == ["utf-8", "utf-8"]
    assert parts[0].get_content().strip() == TEXT
    assert parts[1].get_content().strip() == HTML
    assert received["Subject"] == SUBJECT


def test_list_unsubscribe_headers_arrive_exactly(mail_server):
    received = send_one(mail_server, html_body=HTML, headers=ONE_CLICK)
    # Django 5.2 folds a long value right after the colon; unfolding keeps that space,
    # which RFC 5322 does not count as part of the value.
    assert received["List-Unsubscribe"].strip() == UNSUBSCRIBE
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert len(received.get_all("List-Unsubscribe")) == 1
    # Sent as it is, not as an encoded word that a mail provider's unsubscribe would miss.
    assert mail_server.count_containing("<mailto:abmelden@stadtwerke.example?subject=") == 1


def test_a_message_without_them_arrives_as_plain_text_alone(mail_server):
    received = send_one(mail_server)
    assert not received.is_multipart()
    assert received.get_content_type() == "text/plain"
    assert received.get_content_charset() == "utf-8"
    assert received.get_content().strip() == TEXT
    assert "List-Unsubscribe" not in received
    assert "List-Unsubscribe-Post" not in received


@pytest.mark.parametrize(
    "headers",
    [
        {"List-Unsubscribe": "<https://example.org/>\r\nBcc: everyone@example.org"},
        {"List-Unsubscribe": "<https://example.org/>\nBcc: everyone@example.org"},
        {"List-Unsubscribe": "<https://example.org/>\x00"},
        {"List-Unsubscribe": "<https://example.org/>\u2028"},
        {"List-Unsubscribe: <https://example.org/>": "x"},
        {"List Unsubscribe": "<https://example.org/>"},
        {"List-Unsubscribe\r\nBcc": "everyone@example.org"},
        {"": "<https://example.org/>"},
    ],
    ids=[
        "crlf-in-value",
        "lf-in-value",
        "nul-in-value",
        "separator-in-value",
        "colon-in-name",
        "space-in-name",
        "crlf-in-name",
        "empty-name",
    ],
)
def test_a_header_that_could_not_be_sent_is_refused_and_nothing_is_stored(headers):
    with pytest.raises(ValueError):
        outbox.enqueue(SUBJECT, TEXT, ["leserin@example.org"], headers=headers)
    assert not OutboxMessage.objects.exists()


def test_headers_and_the_html_alternative_are_stored_with_the_message():
    outbox.enqueue(SUBJECT, TEXT, ["leserin@example.org"], html_body=HTML, headers=ONE_CLICK)
    stored = OutboxMessage.objects.get()
    assert (stored.html_body, stored.headers) == (HTML, ONE_CLICK)
