"""Real SMTP servers on loopback for the outbox's tests: one that receives and counts (aiosmtpd),
and one that accepts connections and never answers (a hung server). Both also serve the
reliability suite, which imports them without Django."""

import email
import socket
import threading
from collections import Counter
from email import policy

from aiosmtpd.controller import Controller


class CountingHandler:
    """Keeps every message received, as text and as the bytes that arrived, and counts their
    subject lines."""

    def __init__(self):
        self.subjects = Counter()
        self.messages = []
        self.raw_messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        content = envelope.content.decode("utf-8", "replace")
        with self.lock:
            self.subjects[subject_of(content)] += 1
            self.messages.append(content)
            self.raw_messages.append(envelope.content)
        return "250 Message accepted for delivery"


def subject_of(content):
    for line in content.splitlines():
        if line.lower().startswith("subject:"):
            return line.split(":", 1)[1].strip()
    return ""


class ReceivingServer:
    """``with ReceivingServer(port) as server:`` … ``server.subjects`` counts the mail."""

    def __init__(self, port):
        self.port = port
        self.handler = CountingHandler()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=port)

    @property
    def subjects(self):
        return self.handler.subjects

    def count_containing(self, text):
        """How many messages hold ``text`` (in their body, as sent: quoted-printable or
        base64 bodies are not decoded, so use plain ASCII markers)."""
        with self.handler.lock:
            return sum(text in message for message in self.handler.messages)

    def received(self):
        """Every message received so far, parsed by the ``email`` module (headers decoded,
        parts walkable, ``get_content()`` decodes a part's transfer encoding)."""
        with self.handler.lock:
            raw_messages = list(self.handler.raw_messages)
        return [email.message_from_bytes(raw, policy=policy.default) for raw in raw_messages]

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc_info):
        self.controller.stop()


class HungServer:
    """Accepts TCP connections (the kernel completes them from the listen queue) and never
    sends a byte: a client waits for the SMTP greeting until its timeout."""

    def __init__(self, port):
        self.port = port
        self.listener = None

    def __enter__(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(128)
        return self

    def __exit__(self, *exc_info):
        self.listener.close()
