"""Reading lessons for moderators: the review queue and its regions, slugs in use."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import db
from library.lessons.models import Lesson, LessonStatus


def review_queue(region: str | None = None) -> list[Lesson]:
    """Lessons waiting for a moderator, longest waiting first; optionally of one region."""
    query = (
        sa.select(Lesson)
        .where(Lesson.status == LessonStatus.REVIEW.value)
        .options(so.joinedload(Lesson.owner))
        .order_by(Lesson.submitted_at.asc(), Lesson.id.asc())
    )
    if region:
        query = query.where(Lesson.region == region)
    return list(db.session.scalars(query))


def count_in_review() -> int:
    """How many lessons wait for a moderator: the count beside "Beoordelen"."""
    query = sa.select(sa.func.count()).where(Lesson.status == LessonStatus.REVIEW.value)
    return db.session.scalar(query) or 0


def regions_in_review() -> list[str]:
    rows = db.session.scalars(
        sa.select(Lesson.region)
        .where(Lesson.status == LessonStatus.REVIEW.value, Lesson.region.is_not(None))
        .distinct()
        .order_by(Lesson.region)
    )
    return list(rows)


def slug_taken(slug: str) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).where(Lesson.slug == slug)) > 0
