"""Reading learning lines: one with its steps, the published ones per world, a lesson's lines."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import db
from library.lessons.models import Lesson, LessonStatus, lesson_term
from library.lines.models import LearningLine, LineStep
from library.vocab.loader import Term, get_vocabularies
from library.vocab.models import VocabularyTerm

if TYPE_CHECKING:
    from library.accounts.models import User

MAX_QUERY_WORDS = 10


def line_by_slug(slug: str) -> LearningLine | None:
    """A line with its owner and its steps' lessons (and their current revisions)."""
    return db.session.scalar(
        sa.select(LearningLine)
        .where(LearningLine.slug == slug)
        .options(
            so.joinedload(LearningLine.owner),
            so.selectinload(LearningLine.steps)
            .joinedload(LineStep.lesson)
            .selectinload(Lesson.current_revision),
        )
    )


def shown_steps(line: LearningLine) -> list[LineStep]:
    """The steps whose lesson is still published, in order."""
    return [step for step in line.steps if step.lesson.is_published]


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _matching(query: sa.Select, text: str) -> sa.Select:
    """Lines whose title or description has every word of the text."""
    for word in text.split()[:MAX_QUERY_WORDS]:
        pattern = f"%{_escape_like(word)}%"
        query = query.where(
            sa.or_(
                LearningLine.title.ilike(pattern, escape="\\"),
                LearningLine.description.ilike(pattern, escape="\\"),
            )
        )
    return query


@dataclass(frozen=True)
class ListedLine:
    line: LearningLine
    steps: int
    grades: list[str]  # the grade groups it runs through, youngest first


def _worlds_of(line_ids: list[int]) -> dict[int, set[str]]:
    """Line id -> the worlds of its published lessons (one query)."""
    rows = db.session.execute(
        sa.select(LineStep.line_id, VocabularyTerm.key)
        .join(Lesson, Lesson.id == LineStep.lesson_id)
        .join(lesson_term, lesson_term.c.lesson_id == Lesson.id)
        .join(VocabularyTerm, VocabularyTerm.id == lesson_term.c.term_id)
        .where(
            LineStep.line_id.in_(line_ids),
            VocabularyTerm.vocabulary == "worlds",
            Lesson.status == LessonStatus.PUBLISHED.value,
        )
        .distinct()
    )
    worlds: dict[int, set[str]] = defaultdict(set)
    for line_id, key in rows:
        worlds[line_id].add(key)
    return worlds


def published_per_world(text: str = "") -> list[tuple[Term, list[ListedLine]]]:
    """Every world with the published lines that run through it (a line may be under several),
    optionally only lines whose title or description has the words of `text`."""
    query = (
        sa.select(LearningLine)
        .where(LearningLine.published.is_(True))
        .options(so.selectinload(LearningLine.steps).joinedload(LineStep.lesson))
        .order_by(LearningLine.title)
    )
    lines = list(db.session.scalars(_matching(query, text)))
    worlds = _worlds_of([line.id for line in lines])
    grade_order = {grade.key: grade.position for grade in get_vocabularies().grades}
    listed = {}
    for line in lines:
        steps = shown_steps(line)
        grades = sorted({step.grade for step in steps}, key=lambda key: grade_order.get(key, 0))
        listed[line.id] = ListedLine(line, len(steps), grades)
    return [
        (world, [listed[line.id] for line in lines if world.key in worlds[line.id]])
        for world in get_vocabularies().worlds
    ]


def lines_of(user: User) -> list[LearningLine]:
    """The user's own lines, last changed first."""
    return list(
        db.session.scalars(
            sa.select(LearningLine)
            .where(LearningLine.owner_id == user.id)
            .options(so.selectinload(LearningLine.steps))
            .order_by(LearningLine.updated_at.desc(), LearningLine.id.desc())
        )
    )


@dataclass(frozen=True)
class Membership:
    line: LearningLine
    step: LineStep
    number: int
    of: int


def published_lines_with(lesson: Lesson) -> list[Membership]:
    """The published lines this lesson is a step of, with its place in each."""
    lines = db.session.scalars(
        sa.select(LearningLine)
        .join(LineStep, LineStep.line_id == LearningLine.id)
        .where(LineStep.lesson_id == lesson.id, LearningLine.published.is_(True))
        .options(so.selectinload(LearningLine.steps).joinedload(LineStep.lesson))
        .order_by(LearningLine.title)
    )
    memberships = []
    for line in lines:
        steps = shown_steps(line)
        step = next(step for step in steps if step.lesson_id == lesson.id)
        memberships.append(Membership(line, step, steps.index(step) + 1, len(steps)))
    return memberships
