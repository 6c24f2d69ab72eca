"""The index queue: lessons whose index entry still has to be written or removed.

The database is the truth and the index is derived from it. When writing the
index fails after a commit, the lesson's slug stays here until a retry succeeds,
so no change is ever lost.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import UTCDateTime, db, utcnow


class IndexQueueEntry(db.Model):
    __tablename__ = "index_queue"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    last_error: so.Mapped[str | None] = so.mapped_column(sa.Text)
    queued_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
