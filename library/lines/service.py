"""Building learning lines: create, describe, add and order steps, publish. Each call commits.

A line's `updated_at` (the owner's list sorts by it) moves by itself (`onupdate`) when
the line's own row changes; a change to its steps alone does not update that row, so
the step functions set it.

Callers have asked the policy; these functions check what a line must hold and raise
`LineError` with a Dutch message (and the form field it is about) otherwise.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sqlalchemy as sa

from library.db import db, utcnow
from library.forms import FormError
from library.lessons.models import Lesson
from library.lessons.queries import get_published
from library.lines.models import (
    MAX_DESCRIPTION_LENGTH,
    MAX_EXPLANATION_LENGTH,
    MAX_TITLE_LENGTH,
    LearningLine,
    LineStep,
)
from library.slugs import slug_of
from library.vocab.loader import get_vocabularies

if TYPE_CHECKING:
    from library.accounts.models import User

MAX_STEPS = 30
MIN_PUBLISHED_STEPS = 2
LESSON_ADDRESS = re.compile(r"(?:^|/)lessen/(?P<slug>[a-z0-9-]+)/?(?:[?#].*)?$")


class LineError(FormError):
    """What a line must hold is missing; the message is for its maker."""


def _clean(title: str, description: str) -> tuple[str, str]:
    title, description = " ".join((title or "").split()), (description or "").strip()
    if not title:
        raise LineError("Geef de leerlijn een titel.", "title")
    if len(title) > MAX_TITLE_LENGTH:
        raise LineError(f"Hoogstens {MAX_TITLE_LENGTH} tekens.", "title")
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise LineError(f"Hoogstens {MAX_DESCRIPTION_LENGTH} tekens.", "description")
    return title, description


def _slug_taken(slug: str) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).where(LearningLine.slug == slug)) > 0


def create_line(owner: User, title: str, description: str = "") -> LearningLine:
    title, description = _clean(title, description)
    line = LearningLine(
        slug=slug_of(title, fallback="leerlijn", taken=_slug_taken),
        owner_id=owner.id,
        title=title,
        description=description,
    )
    db.session.add(line)
    db.session.commit()
    return line


def update_line(line: LearningLine, title: str, description: str) -> None:
    line.title, line.description = _clean(title, description)
    db.session.commit()


def _explanation(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise LineError("Schrijf kort wat deze stap toevoegt aan de leerlijn.", "explanation")
    if len(text) > MAX_EXPLANATION_LENGTH:
        raise LineError(f"Hoogstens {MAX_EXPLANATION_LENGTH} tekens.", "explanation")
    return text


def _grade_of(lesson: Lesson, grade: str) -> str:
    grades = lesson.current_revision.metadata_.get("grades", [])
    if grade not in grades:
        labels = get_vocabularies().grades
        choices = ", ".join(labels.label_of(key) for key in grades)
        raise LineError(f"‘{lesson.title}’ is een les voor {choices}. Kies een van die.", "grade")
    return grade


def _grade_position(grade: str) -> int:
    term = get_vocabularies().grades.get(grade)
    return term.position if term else 0


def lesson_at(address: str) -> Lesson:
    """The published lesson an address (or bare slug) pasted into the step form points at."""
    address = address.strip()
    match = LESSON_ADDRESS.search(address)
    lesson = get_published(match["slug"] if match else address)
    if lesson is None:
        raise LineError("Er is geen gepubliceerde les op dit adres.", "lesson")
    return lesson


def add_step(line: LearningLine, lesson: Lesson, grade: str, explanation: str) -> LineStep:
    """Add the lesson as a step, after the last step of the same or a younger grade group;
    the owner can move it after that."""
    if not lesson.is_published:
        raise LineError("Alleen gepubliceerde lessen kunnen in een leerlijn.", "lesson")
    if any(step.lesson_id == lesson.id for step in line.steps):
        raise LineError(f"‘{lesson.title}’ staat al in deze leerlijn.", "lesson")
    if len(line.steps) >= MAX_STEPS:
        raise LineError(f"Een leerlijn heeft hoogstens {MAX_STEPS} stappen.", "lesson")
    step = LineStep(
        lesson=lesson, grade=_grade_of(lesson, grade), explanation=_explanation(explanation)
    )
    rank = _grade_position(step.grade)
    place = sum(1 for other in line.steps if _grade_position(other.grade) <= rank)
    steps = list(line.steps)
    steps.insert(place, step)
    _reorder(line, steps)
    line.updated_at = utcnow()  # steps change, which onupdate does not see
    db.session.commit()
    return step


def _reorder(line: LearningLine, steps: list[LineStep]) -> None:
    line.steps = steps
    for position, step in enumerate(steps):
        step.position = position


def update_step(step: LineStep, grade: str, explanation: str) -> None:
    step.grade = _grade_of(step.lesson, grade)
    step.explanation = _explanation(explanation)
    step.line.updated_at = utcnow()  # a step changes, which onupdate does not see
    db.session.commit()


def move_step(step: LineStep, offset: int) -> None:
    steps = list(step.line.steps)
    current = steps.index(step)
    steps.insert(max(0, min(len(steps) - 1, current + offset)), steps.pop(current))
    _reorder(step.line, steps)
    step.line.updated_at = utcnow()  # steps change, which onupdate does not see
    db.session.commit()


def remove_step(step: LineStep) -> None:
    line = step.line
    _reorder(line, [other for other in line.steps if other is not step])
    if len(line.steps) < MIN_PUBLISHED_STEPS:
        line.published = False
    line.updated_at = utcnow()  # steps change, which onupdate does not see
    db.session.commit()


def set_published(line: LearningLine, published: bool) -> None:
    if published and len(line.steps) < MIN_PUBLISHED_STEPS:
        raise LineError(
            f"Een leerlijn heeft minstens {MIN_PUBLISHED_STEPS} lessen nodig om te publiceren."
        )
    line.published = published
    db.session.commit()


def delete_line(line: LearningLine) -> None:
    db.session.delete(line)
    db.session.commit()
