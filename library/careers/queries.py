"""Lessons per occupation or profile, grouped by grade group for parents and pupils."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import db
from library.lessons.models import Lesson, LessonStatus
from library.lessons.queries import tagged_with
from library.vocab.loader import Term, Vocabularies


def published_lessons_with_term(
    vocabulary: str, key: str, grades: Collection[str] = ()
) -> list[Lesson]:
    """Published lessons tagged with one term, by title, with their current revision; only
    those for one of `grades` (grade group keys) when any are given."""
    query = sa.select(Lesson).where(
        Lesson.status == LessonStatus.PUBLISHED.value,
        Lesson.id.in_(tagged_with(vocabulary, [key])),
    )
    if grades:
        query = query.where(Lesson.id.in_(tagged_with("grades", grades)))
    return list(
        db.session.scalars(
            query.options(so.selectinload(Lesson.current_revision)).order_by(Lesson.title)
        )
    )


def group_by_grade(
    lessons: list[Lesson], vocabularies: Vocabularies, grades: Collection[str] = ()
) -> OrderedDict[Term, list[Lesson]]:
    """Grade group -> its lessons, in the order of the grade vocabulary; empty groups left out,
    and groups not in `grades` when any are given. A lesson for several grade groups appears
    under each."""
    groups: OrderedDict[Term, list[Lesson]] = OrderedDict()
    for grade in vocabularies.grades:
        if grades and grade.key not in grades:
            continue
        members = [
            x for x in lessons if grade.key in x.current_revision.metadata_.get("grades", [])
        ]
        if members:
            groups[grade] = members
    return groups


def occupations_of_profile(profile_key: str, vocabularies: Vocabularies) -> list[Term]:
    return [o for o in vocabularies.occupations if profile_key in o.get("profiles", [])]
