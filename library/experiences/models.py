"""An experience: one teacher's report of teaching one lesson to one grade group.

There is at most one per teacher, lesson and grade group; writing again edits it.
Moderators can hide an abusive one: it then counts nowhere and shows only to its
writer and the moderators.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import UTCDateTime, db, utcnow
from library.lessons.models import Lesson

if TYPE_CHECKING:
    from library.accounts.models import User

MAX_TEXT_LENGTH = 2000
MAX_REASON_LENGTH = 300
RATINGS = (1, 2, 3, 4, 5)


class Experience(db.Model):
    __table_args__ = (
        sa.UniqueConstraint("lesson_id", "author_id", "grade", name="uq_experience_lesson_author"),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        sa.Index("ix_experience_author_created", "author_id", "created_at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lesson_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("lesson.id", ondelete="CASCADE"), index=True
    )
    author_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    # The grade group it was taught in (a key of the grades vocabulary).
    grade: so.Mapped[str] = so.mapped_column(sa.String(40))
    # How long it really took, in minutes.
    minutes: so.Mapped[int]
    went_well: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    watch_out: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    rating: so.Mapped[int]
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    # When its writer last shared it (set by `share`); no onupdate: a moderator hiding it
    # or the lesson's owner reading it is no change of theirs.
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    hidden: so.Mapped[bool] = so.mapped_column(default=False)
    hidden_reason: so.Mapped[str | None] = so.mapped_column(sa.String(MAX_REASON_LENGTH))
    hidden_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    # Whether the lesson's owner has seen it on their account page.
    seen_by_owner: so.Mapped[bool] = so.mapped_column(default=False)

    lesson: so.Mapped[Lesson] = so.relationship()
    author: so.Mapped[User] = so.relationship(foreign_keys=[author_id])

    def __repr__(self) -> str:
        return f"<Experience {self.lesson_id} {self.grade} by {self.author_id}>"


class ExperienceHold(db.Model):
    """A moderator's hold on one writer's experiences with one lesson.

    Hiding an experience places it; it outlives the experience, so a writer who deletes
    a hidden experience and shares it again (or shares it for another grade group)
    finds the new one hidden too, with the same reason, until a moderator shows it.
    """

    __table_args__ = (
        sa.UniqueConstraint("lesson_id", "author_id", name="uq_experience_hold_lesson_author"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lesson_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lesson.id", ondelete="CASCADE"))
    author_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    reason: so.Mapped[str] = so.mapped_column(sa.String(MAX_REASON_LENGTH))
    held_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
