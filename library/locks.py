"""Named locks that a database transaction holds: work that must not run twice at once.

A lock is a row of `write_lock`; taking it updates the row, so the transaction holds
that row (PostgreSQL) or the database's write lock (SQLite) until it commits or rolls
back. Another process asking for it waits that long, up to a timeout, then reads what
the first one wrote. Two `flask content import` runs (or an import and a harvest) of
the same lessons so follow one another instead of both inserting them.
"""

from __future__ import annotations

import sqlalchemy as sa

from library.db import UTCDateTime, db, utcnow

LESSON_FILES = "lesson-files"  # importing lessons from files: import and harvest

write_lock = sa.Table(
    "write_lock",
    db.metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("taken_at", UTCDateTime),
)


class LockTimeout(Exception):
    """Another process held the lock longer than we wait; the message is Dutch."""


def take(name: str, *, timeout_seconds: float) -> None:
    """Hold the named lock until the session's transaction ends, waiting for another holder.

    Everything the session loaded before is expired, so what follows reads the other
    holder's committed work, not a copy from before the wait.
    """
    connection = db.session.connection()
    waits = int(timeout_seconds * 1000)
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        previous = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {waits}")
    else:
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {waits}")
    try:
        update = write_lock.update().where(write_lock.c.name == name)
        taken = connection.execute(update.values(taken_at=utcnow())).rowcount
    except sa.exc.OperationalError as error:
        if not _waited_too_long(error):
            raise
        taken = None
    finally:
        if sqlite:
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {previous}")
    if taken is None:
        db.session.rollback()
        raise LockTimeout(
            f"Een ander proces is na {timeout_seconds:g} seconden nog bezig met hetzelfde "
            "werk; probeer het straks opnieuw."
        )
    if taken != 1:
        raise RuntimeError(f"write_lock has no row '{name}': run `flask db upgrade`")
    db.session.expire_all()


def _waited_too_long(error: sa.exc.OperationalError) -> bool:
    """PostgreSQL's lock_not_available (55P03), or SQLite's busy timeout."""
    return getattr(error.orig, "sqlstate", None) == "55P03" or "database is locked" in str(
        error.orig
    )
