"""Sending what the outbox holds: right after the commit that queued it, and on retry.

After each flush the ids of new outbox rows are collected on the session; after
the commit they are sent (a rollback forgets them, and the rows are gone with it).
Each row is claimed with one UPDATE before it is sent, so two processes (a request
and `flask mail send`) never send the same mail. A failed send is counted and
keeps the row pending; `flask mail send` takes every pending row along.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, has_app_context
from sqlalchemy import event

from library.db import db, utcnow
from library.mail import transport
from library.mail.models import OutboxMessage

log = logging.getLogger(__name__)
NEW = "mail_new_outbox_ids"
# A claim older than this belonged to a process that died while sending.
CLAIM_TIMEOUT = timedelta(minutes=10)


@dataclass
class Report:
    sent: list[int] = field(default_factory=list)
    failed: list[tuple[OutboxMessage, str]] = field(default_factory=list)


def init_app(app: Flask) -> None:
    if not event.contains(db.session, "after_flush", _collect):
        event.listen(db.session, "after_flush", _collect)
        event.listen(db.session, "after_commit", _send_collected)
        event.listen(db.session, "after_rollback", _forget)


def _collect(session: so.Session, _flush_context) -> None:
    new = [row.id for row in session.new if isinstance(row, OutboxMessage)]
    if new:
        session.info.setdefault(NEW, []).extend(new)


def _send_collected(session: so.Session) -> None:
    ids = session.info.pop(NEW, None)
    if ids and has_app_context():
        try:
            send(ids)
        except Exception:
            # The change is committed and must stand; its mails wait for `flask mail send`.
            log.exception("Mails %s not sent after the commit; they wait in the outbox", ids)


def _forget(session: so.Session) -> None:
    session.info.pop(NEW, None)


def _claim(session: so.Session, outbox_id: int) -> OutboxMessage | None:
    now = utcnow()
    claimed = session.execute(
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.id == outbox_id,
            OutboxMessage.sent_at.is_(None),
            sa.or_(
                OutboxMessage.claimed_at.is_(None),
                OutboxMessage.claimed_at < now - CLAIM_TIMEOUT,
            ),
        )
        .values(claimed_at=now)
    ).rowcount
    session.commit()
    return session.get(OutboxMessage, outbox_id) if claimed else None


def pending_ids() -> list[int]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage.id)
            .where(OutboxMessage.sent_at.is_(None))
            .order_by(OutboxMessage.id)
        )
    )


def send(ids: Iterable[int]) -> Report:
    """Send these outbox rows (those still pending and not claimed by another process).

    Uses a session of its own: it runs after the caller's commit, and each mail's
    outcome is committed on its own, so one failure never undoes a sent mail.
    """
    report = Report()
    with so.Session(db.engine, expire_on_commit=False) as session:
        claimed = [row for row in (_claim(session, i) for i in ids) if row is not None]
        if not claimed:
            return report
        try:
            with transport.connect() as sender:
                for row in claimed:
                    _send_one(session, sender, row, report)
        except (OSError, smtplib.SMTPException) as error:
            # Connecting or logging in failed: every claimed mail not yet sent waits.
            for row in claimed:
                if row.sent_at is None and row.claimed_at is not None:
                    _failed(session, row, error, report)
    return report


def _send_one(session: so.Session, sender, row: OutboxMessage, report: Report) -> None:
    try:
        sender.send(transport.build(row))
    except (OSError, smtplib.SMTPException) as error:
        if isinstance(error, smtplib.SMTPServerDisconnected):
            raise
        _failed(session, row, error, report)
        return
    row.sent_at = utcnow()
    row.claimed_at = None
    row.attempts += 1
    session.commit()
    report.sent.append(row.id)


def _failed(session: so.Session, row: OutboxMessage, error: Exception, report: Report) -> None:
    row.attempts += 1
    row.claimed_at = None
    row.last_error = f"{type(error).__name__}: {error}"[:500]
    session.commit()
    report.failed.append((row, row.last_error))
    log.warning("Mail %s to %s not sent (%s); it waits in the outbox", row.id, row.recipient, error)
