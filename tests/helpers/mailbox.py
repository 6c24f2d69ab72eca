"""A real SMTP server for tests: aiosmtpd on a loopback port, keeping what it receives.

The library sends through its production path (smtplib over TCP); tests read the
messages as a mail program would, and follow their links with the test client.
"""

from __future__ import annotations

import re
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage
from urllib.parse import urlsplit

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://\S+")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """What the SMTP server received, in order."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def last(self, address: str) -> EmailMessage:
        received = self.to(address)
        assert received, f"no mail to {address}; received: {[m['To'] for m in self.messages]}"
        return received[-1]


def text_of(message: EmailMessage) -> str:
    """The plain text as one line of words: sentences read the same however they wrap."""
    return " ".join(message.get_body(("plain",)).get_content().split())


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def links(message: EmailMessage) -> list[str]:
    return LINK.findall(text_of(message))


def path_of(url: str) -> str:
    """The part of an absolute link the test client requests."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def press_button_at(visitor, link: str, **fields):
    """Open a link from a mail and submit the form it shows, as its reader would."""
    from tests.helpers.web import csrf_token

    page = visitor.get(path_of(link))
    assert page.status_code == 200, page.status_code
    visitor._fresh()
    data = {"csrf_token": csrf_token(page.get_data(as_text=True)), **fields}
    return visitor.client.post(path_of(link), data=data)


class SMTPServer(Mailbox):
    """The server and its mailbox in one: start, stop (to play an outage), read."""

    def __init__(self) -> None:
        super().__init__()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        # A stopped controller's event loop is closed: each start needs a new one.
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
