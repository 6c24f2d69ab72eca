"""Getting a mail out: SMTP in production, a folder of `.eml` files in development.

Plain `smtplib` and `email.message` from the standard library: they speak SMTP with
STARTTLS or TLS and login, build correct MIME with Unicode headers, and need no
extension that would hold its own settings or connection state next to ours.

`LIBRARY_MAIL_SERVER` chooses: with a server, SMTP (`_PORT`, `_USERNAME`,
`_PASSWORD`, `_USE_TLS` for STARTTLS, `_USE_SSL` for TLS from the start,
`_TIMEOUT`); without one, every mail is written to `LIBRARY_MAIL_FOLDER` (default
`instance/mail/`) and its links are logged, so a newcomer can follow a
confirmation or reset link without a mail server.
"""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Protocol

from flask import current_app

from library.db import utcnow
from library.files import write_atomically
from library.mail.models import OutboxMessage

log = logging.getLogger(__name__)
LINK = re.compile(r"https?://\S+")


class Sender(Protocol):
    def send(self, message: EmailMessage) -> None: ...


def build(outbox: OutboxMessage) -> EmailMessage:
    """The MIME message of an outbox row: plain text with an HTML alternative."""
    config = current_app.config
    sender = config["MAIL_FROM"]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = outbox.recipient
    message["Subject"] = outbox.subject
    message["Date"] = format_datetime(utcnow())
    domain = sender.rsplit("@", 1)[-1].rstrip(">") or None
    message["Message-ID"] = make_msgid(f"outbox-{outbox.id}", domain=domain)
    # Tells mail programs not to answer with out-of-office replies.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(outbox.text)
    message.add_alternative(outbox.html, subtype="html")
    return message


class _SMTPSender:
    def __init__(self, connection: smtplib.SMTP) -> None:
        self.connection = connection

    def send(self, message: EmailMessage) -> None:
        self.connection.send_message(message)


class _FolderSender:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        name = f"{stamp}-{message['Message-ID'].strip('<>').split('@')[0]}.eml"
        write_atomically(self.folder / name, bytes(message))
        links = LINK.findall(message.get_body(("plain",)).get_content())
        log.warning(
            "Mail to %s (%s) written to %s; links: %s",
            message["To"],
            message["Subject"],
            self.folder / name,
            " ".join(links) or "none",
        )


@contextmanager
def connect() -> Iterator[Sender]:
    """A sender for one batch of mails: one SMTP connection, or the folder."""
    config = current_app.config
    server = config.get("MAIL_SERVER")
    if not server:
        yield _FolderSender(Path(config["MAIL_FOLDER"]))
        return
    port = int(config["MAIL_PORT"])
    timeout = float(config["MAIL_TIMEOUT"])
    context = ssl.create_default_context()
    if _on(config.get("MAIL_USE_SSL")):
        connection = smtplib.SMTP_SSL(server, port, timeout=timeout, context=context)
    else:
        connection = smtplib.SMTP(server, port, timeout=timeout)
    with connection:
        if _on(config.get("MAIL_USE_TLS")):
            connection.starttls(context=context)
        if config.get("MAIL_USERNAME"):
            connection.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        yield _SMTPSender(connection)


def _on(value) -> bool:
    """Settings from the environment arrive as JSON (true) or as text ("yes")."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)
