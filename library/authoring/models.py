"""What people uploaded in the editor: one row per accepted file, for quota and rate limits.

A row is written when the file is accepted (staged) and marked saved once a lesson with
it is saved. `flask uploads clean` deletes the rows of files that no lesson kept, so
they stop counting against the account's quota.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import UTCDateTime, db, utcnow


class Upload(db.Model):
    __table_args__ = (sa.Index("ix_upload_user_created", "user_id", "created_at"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    size: so.Mapped[int]
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    saved_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
