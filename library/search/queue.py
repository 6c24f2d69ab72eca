"""The index queue: lessons whose index entry a backend could not write yet.

When a write fails after a commit, the lessons' slugs wait in `index_queue`;
every later write (and `flask index retry`) takes them along, so no change is
ever lost. A backend takes entries off only once it has written them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from library.db import db, utcnow
from library.search.models import IndexQueueEntry


@dataclass(frozen=True)
class Queued:
    id: int
    slug: str
    attempts: int


def queued(session: so.Session) -> list[Queued]:
    rows = session.execute(
        sa.select(IndexQueueEntry.id, IndexQueueEntry.slug, IndexQueueEntry.attempts)
    )
    return [Queued(*row) for row in rows]


def forget(entries: list[Queued]) -> None:
    """Take written entries off the queue, unless a newer failure queued them again."""
    if not entries:
        return
    table = IndexQueueEntry.__table__
    statement = table.delete().where(
        table.c.id == sa.bindparam("entry_id"), table.c.attempts == sa.bindparam("entry_attempts")
    )
    with db.engine.begin() as connection:
        connection.execute(
            statement, [{"entry_id": e.id, "entry_attempts": e.attempts} for e in entries]
        )


def add(slugs: Iterable[str], error: Exception) -> None:
    """Remember lessons whose index entry must still be written."""
    message = f"{type(error).__name__}: {error}"[:1000]
    for attempt in range(2):
        with so.Session(db.engine) as session:
            wanted = sorted(set(slugs))
            entries = {
                entry.slug: entry
                for entry in session.scalars(
                    sa.select(IndexQueueEntry).where(IndexQueueEntry.slug.in_(wanted))
                )
            }
            for slug in wanted:
                entry = entries.get(slug)
                if entry is None:
                    entry = IndexQueueEntry(slug=slug, attempts=0)
                    session.add(entry)
                entry.attempts += 1
                entry.last_error = message
                entry.queued_at = utcnow()
            try:
                session.commit()
                return
            except IntegrityError:
                # Another process queued the same lesson at the same moment: update its entry.
                session.rollback()
                if attempt:
                    raise


def length() -> int:
    with so.Session(db.engine) as session:
        return session.scalar(sa.select(sa.func.count()).select_from(IndexQueueEntry)) or 0
