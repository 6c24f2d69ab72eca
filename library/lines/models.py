"""A learning line and its steps.

A step is a lesson for one of its grade groups, with a short explanation of what
this step adds. A line is its owner's draft until published; its worlds are those
of its lessons, so it is listed under each of them.
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

MAX_TITLE_LENGTH = 120
MAX_DESCRIPTION_LENGTH = 2000
MAX_EXPLANATION_LENGTH = 500


class LearningLine(db.Model):
    __tablename__ = "learning_line"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    owner_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    title: so.Mapped[str] = so.mapped_column(sa.String(MAX_TITLE_LENGTH))
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    published: so.Mapped[bool] = so.mapped_column(default=False, index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: so.Mapped[User | None] = so.relationship()
    steps: so.Mapped[list[LineStep]] = so.relationship(
        back_populates="line",
        order_by="LineStep.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __repr__(self) -> str:
        return f"<LearningLine {self.slug}>"


class LineStep(db.Model):
    __tablename__ = "line_step"
    __table_args__ = (sa.UniqueConstraint("line_id", "lesson_id", name="uq_line_step_lesson"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    line_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("learning_line.id", ondelete="CASCADE"), index=True
    )
    lesson_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("lesson.id", ondelete="CASCADE"), index=True
    )
    position: so.Mapped[int]
    # The grade group this step is for: one of the lesson's grade groups.
    grade: so.Mapped[str] = so.mapped_column(sa.String(40))
    explanation: so.Mapped[str] = so.mapped_column(sa.String(MAX_EXPLANATION_LENGTH))

    line: so.Mapped[LearningLine] = so.relationship(back_populates="steps")
    lesson: so.Mapped[Lesson] = so.relationship()
