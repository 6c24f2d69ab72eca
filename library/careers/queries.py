"""Lessons per occupation or profile, grouped by grade group for parents and pupils."""

from __future__ import annotations

from collections import OrderedDict

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import db
from library.lessons.models import Lesson, LessonStatus
from library.lessons.queries import tagged_with
from library.vocab.loader import Term, Vocabularies


def published_lessons_with_term(vocabulary: str, key: str) -> list[Lesson]:
    """Published lessons tagged with one term, newest first, with their current revision."""
    return list(
        db.session.scalars(
            sa.select(Lesson)
            .where(
                Lesson.status == LessonStatus.PUBLISHED.value,
                Lesson.id.in_(tagged_with(vocabulary, [key])),
            )
            .options(so.selectinload(Lesson.current_revision))
            .order_by(Lesson.title)
        )
    )


def group_by_grade(
    lessons: list[Lesson], vocabularies: Vocabularies
) -> OrderedDict[Term, list[Lesson]]:
    """Grade group -> its lessons, in the order of the grade vocabulary; empty groups left out.
    A lesson for several grade groups appears under each."""
    groups: OrderedDict[Term, list[Lesson]] = OrderedDict()
    for grade in vocabularies.grades:
        members = [
            x for x in lessons if grade.key in x.current_revision.metadata_.get("grades", [])
        ]
        if members:
            groups[grade] = members
    return groups


def occupations_of_profile(profile_key: str, vocabularies: Vocabularies) -> list[Term]:
    return [o for o in vocabularies.occupations if profile_key in o.get("profiles", [])]
