"""Revisions of a lesson, newest first, with what a list shows."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import db
from library.lessons.models import Lesson, Revision


def revisions_of(lesson: Lesson) -> list[Revision]:
    return list(
        db.session.scalars(
            sa.select(Revision)
            .where(Revision.lesson_id == lesson.id)
            .order_by(Revision.number.desc())
        )
    )


def get_revision(lesson: Lesson, number: int) -> Revision | None:
    return db.session.scalar(
        sa.select(Revision)
        .where(Revision.lesson_id == lesson.id, Revision.number == number)
        .options(so.selectinload(Revision.sections), so.selectinload(Revision.attachments))
    )
