"""Reading experiences: a lesson's summary and list, the author's news, ratings for search."""

from __future__ import annotations

import statistics
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import db
from library.experiences.models import Experience
from library.lessons.models import Lesson, LessonStatus
from library.vocab.loader import get_vocabularies

if TYPE_CHECKING:
    from library.accounts.models import User


@dataclass(frozen=True)
class Summary:
    """Average rating and typical real duration of some experiences (None when there are none)."""

    count: int
    average_rating: float | None
    typical_minutes: int | None

    @classmethod
    def of(cls, rows: Iterable[tuple[int, int]]) -> Summary:
        """From (rating, minutes) pairs; the typical duration is the median, not the mean,
        so one lesson stretched over three afternoons does not move it."""
        rows = list(rows)
        if not rows:
            return cls(0, None, None)
        ratings = [rating for rating, _ in rows]
        minutes = [duration for _, duration in rows]
        return cls(
            len(rows),
            round(sum(ratings) / len(ratings), 1),
            round(statistics.median(minutes)),
        )

    def as_json(self) -> dict:
        return {
            "count": self.count,
            "average_rating": self.average_rating,
            "typical_minutes": self.typical_minutes,
        }


@dataclass(frozen=True)
class LessonSummary:
    overall: Summary
    per_grade: list[tuple[str, Summary]]  # (grade key, summary), in the vocabulary's order


def summary(lesson: Lesson) -> LessonSummary:
    """The lesson's visible experiences summed up, in all and per grade group (one query)."""
    rows = db.session.execute(
        sa.select(Experience.grade, Experience.rating, Experience.minutes).where(
            Experience.lesson_id == lesson.id, Experience.hidden.is_(False)
        )
    ).all()
    per_grade = [
        (grade.key, Summary.of((r, m) for g, r, m in rows if g == grade.key))
        for grade in get_vocabularies().grades
    ]
    return LessonSummary(
        Summary.of((r, m) for _, r, m in rows),
        [(key, part) for key, part in per_grade if part.count],
    )


def shown_on_lesson(lesson: Lesson, viewer: User | None, moderating: bool) -> list[Experience]:
    """The experiences the lesson page lists, newest first: the visible ones, and the hidden
    ones to moderators and to their own writer."""
    query = (
        sa.select(Experience)
        .where(Experience.lesson_id == lesson.id)
        .options(so.joinedload(Experience.author))
        .order_by(Experience.updated_at.desc(), Experience.id.desc())
    )
    if not moderating:
        own = Experience.author_id == viewer.id if viewer is not None else sa.false()
        query = query.where(sa.or_(Experience.hidden.is_(False), own))
    return list(db.session.scalars(query))


def new_for_owner(owner: User) -> list[Experience]:
    """Visible experiences of the owner's lessons they have not seen yet, newest first."""
    return list(
        db.session.scalars(
            sa.select(Experience)
            .join(Lesson, Lesson.id == Experience.lesson_id)
            .where(
                Lesson.owner_id == owner.id,
                Experience.seen_by_owner.is_(False),
                Experience.hidden.is_(False),
            )
            .options(so.joinedload(Experience.lesson), so.joinedload(Experience.author))
            .order_by(Experience.created_at.desc(), Experience.id.desc())
        )
    )


def recent(limit: int = 100) -> list[Experience]:
    """The latest experiences across the library, hidden ones too: the moderators' list."""
    return list(
        db.session.scalars(
            sa.select(Experience)
            .options(so.joinedload(Experience.lesson), so.joinedload(Experience.author))
            .order_by(Experience.updated_at.desc(), Experience.id.desc())
            .limit(limit)
        )
    )


def ratings_by_slug(session: so.Session, slugs: Collection[str]) -> dict[str, tuple[float, int]]:
    """The average rating and number of visible experiences of the rated published
    lessons among these slugs (the search keeps them in its index; it writes after a
    commit, in a session of its own)."""
    rows = session.execute(
        sa.select(Lesson.slug, sa.func.avg(Experience.rating), sa.func.count(Experience.id))
        .join(Experience, Experience.lesson_id == Lesson.id)
        .where(
            Lesson.slug.in_(list(slugs)),
            Lesson.status == LessonStatus.PUBLISHED.value,
            Experience.hidden.is_(False),
        )
        .group_by(Lesson.slug)
    )
    return {slug: (float(average), count) for slug, average, count in rows}
