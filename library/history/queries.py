"""Revisions of a lesson, newest first, with what a list shows."""

from __future__ import annotations

import sqlalchemy as sa

from library.accounts import policy
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


def revisions_seen_by(user, lesson: Lesson) -> list[Revision]:
    """The revisions of a lesson the user may see, newest first: for most people only
    those that were published (the policy decides)."""
    return [r for r in revisions_of(lesson) if policy.can(user, "view_revision", r)]
