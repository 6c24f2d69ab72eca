"""What the published lessons cover: counts per world, kerndoel and profile per grade group,
and how often each phase of the two cycles is worked out.

Every table is one SQL aggregate over the lesson's term links (or, for phases,
the sections of the current revisions); nothing loops over lessons in Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so
import yaml

from library.db import db
from library.lessons.models import Lesson, LessonStatus, Section, lesson_term
from library.vocab.loader import Term, Vocabularies
from library.vocab.models import VocabularyTerm

GOAL_GRADES_FILE = Path(__file__).parent / "data" / "goal_grades.yaml"
# The profiles the regions steer on (Sterk Techniekonderwijs): blind spots are reported for these.
STEERED_SECTOR = "techniek"


@dataclass(frozen=True)
class Matrix:
    """Published lessons per term of one vocabulary (rows) and grade group (columns)."""

    vocabulary: str
    rows: tuple[Term, ...]
    grades: tuple[Term, ...]
    counts: Mapping[tuple[str, str], int]
    # (row key, grade key) pairs the table is about; None means every pair.
    applicable: frozenset[tuple[str, str]] | None = None

    def count(self, row_key: str, grade_key: str) -> int:
        return self.counts.get((row_key, grade_key), 0)

    def applies(self, row_key: str, grade_key: str) -> bool:
        return self.applicable is None or (row_key, grade_key) in self.applicable

    def covered(self, grade_key: str) -> tuple[int, int]:
        """(rows with at least one lesson, rows that apply) in one grade group."""
        rows = [row for row in self.rows if self.applies(row.key, grade_key)]
        return sum(1 for row in rows if self.count(row.key, grade_key)), len(rows)


@dataclass(frozen=True)
class PhaseCount:
    phase: Term
    lessons: int


@dataclass(frozen=True)
class CycleCoverage:
    """How many lessons of one cycle (kind) work out each of its phases."""

    key: str
    label: str
    lessons: int
    phases: tuple[PhaseCount, ...]


@dataclass(frozen=True)
class Coverage:
    region: str | None
    total: int
    per_grade: Mapping[str, int]
    worlds: Matrix
    goals: Matrix
    profiles: Matrix
    cycles: tuple[CycleCoverage, ...]
    goal_frameworks: tuple[tuple[Mapping, tuple[Term, ...]], ...]
    steered_profiles: frozenset[str]


def _published(region: str | None) -> list[sa.ColumnElement[bool]]:
    conditions = [Lesson.status == LessonStatus.PUBLISHED.value]
    if region is not None:
        conditions.append(Lesson.region == region)
    return conditions


def _counts_per_grade(vocabulary: str, region: str | None) -> dict[tuple[str, str], int]:
    """(term key, grade key) -> published lessons tagged with both, in one query."""
    row_link, grade_link = lesson_term.alias("row_link"), lesson_term.alias("grade_link")
    row_term, grade_term = so.aliased(VocabularyTerm), so.aliased(VocabularyTerm)
    query = (
        sa.select(row_term.key, grade_term.key, sa.func.count(Lesson.id))
        .select_from(Lesson)
        .join(row_link, row_link.c.lesson_id == Lesson.id)
        .join(row_term, (row_term.id == row_link.c.term_id) & (row_term.vocabulary == vocabulary))
        .join(grade_link, grade_link.c.lesson_id == Lesson.id)
        .join(
            grade_term,
            (grade_term.id == grade_link.c.term_id) & (grade_term.vocabulary == "grades"),
        )
        .where(*_published(region))
        .group_by(row_term.key, grade_term.key)
    )
    return {(row, grade): count for row, grade, count in db.session.execute(query)}


def _totals(region: str | None) -> dict[tuple[str, str], int]:
    """Published lessons in all, per grade group and per kind, in one query:
    ("all", "") , ("grade", key) and ("kind", key) -> count."""
    grade_term = so.aliased(VocabularyTerm)
    everything = sa.select(
        sa.literal_column("'all'"), sa.literal_column("''"), sa.func.count(Lesson.id)
    ).where(*_published(region))
    per_grade = (
        sa.select(sa.literal_column("'grade'"), grade_term.key, sa.func.count(Lesson.id))
        .select_from(Lesson)
        .join(lesson_term, lesson_term.c.lesson_id == Lesson.id)
        .join(
            grade_term,
            (grade_term.id == lesson_term.c.term_id) & (grade_term.vocabulary == "grades"),
        )
        .where(*_published(region))
        .group_by(grade_term.key)
    )
    per_kind = (
        sa.select(sa.literal_column("'kind'"), Lesson.kind, sa.func.count(Lesson.id))
        .where(*_published(region))
        .group_by(Lesson.kind)
    )
    union = sa.union_all(everything, per_grade, per_kind)
    return {(what, key): count for what, key, count in db.session.execute(union)}


def _phase_counts(region: str | None) -> dict[tuple[str, str], int]:
    """(kind, phase key) -> published lessons whose current revision works the phase out."""
    query = (
        sa.select(Lesson.kind, Section.phase, sa.func.count(sa.distinct(Lesson.id)))
        .join(Section, Section.revision_id == Lesson.current_revision_id)
        .where(Section.phase.is_not(None), *_published(region))
        .group_by(Lesson.kind, Section.phase)
    )
    return {(kind, phase): count for kind, phase, count in db.session.execute(query)}


def regions() -> list[str]:
    """The regions published lessons name, alphabetically."""
    query = (
        sa.select(Lesson.region)
        .where(Lesson.region.is_not(None), Lesson.region != "", *_published(None))
        .distinct()
        .order_by(Lesson.region)
    )
    return list(db.session.scalars(query))


@cache
def _goal_grades(path: Path = GOAL_GRADES_FILE) -> dict[str, tuple[str, ...]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {framework: tuple(grades) for framework, grades in raw.items()}


def _goal_matrix(vocabularies: Vocabularies, region: str | None) -> Matrix:
    grades = tuple(vocabularies.grades)
    every_grade = tuple(grade.key for grade in grades)
    framework_grades = _goal_grades()
    applicable = frozenset(
        (goal.key, grade)
        for goal in vocabularies.goals
        for grade in framework_grades.get(goal.get("framework"), every_grade)
    )
    return Matrix(
        "goals", tuple(vocabularies.goals), grades, _counts_per_grade("goals", region), applicable
    )


def _goal_frameworks(vocabularies: Vocabularies) -> tuple[tuple[Mapping, tuple[Term, ...]], ...]:
    """Each framework of the goals vocabulary with its goals, in the vocabulary's order."""
    goals = vocabularies.goals
    grouped = []
    for framework in goals.groups:
        members = tuple(g for g in goals if g.get("framework") == framework["key"])
        if members:
            grouped.append((framework, members))
    return tuple(grouped)


def _cycles(vocabularies: Vocabularies, totals: Mapping, region: str | None) -> tuple:
    counts = _phase_counts(region)
    return tuple(
        CycleCoverage(
            key=key,
            label=cycle.label,
            lessons=totals.get(("kind", key), 0),
            phases=tuple(
                PhaseCount(phase, counts.get((key, phase.key), 0)) for phase in cycle.phases
            ),
        )
        for key, cycle in vocabularies.cycles.items()
    )


def compute_coverage(vocabularies: Vocabularies, region: str | None = None) -> Coverage:
    """The whole overview for the published lessons (of one region, if given)."""
    grades = tuple(vocabularies.grades)
    totals = _totals(region)
    return Coverage(
        region=region,
        total=totals.get(("all", ""), 0),
        per_grade={grade.key: totals.get(("grade", grade.key), 0) for grade in grades},
        worlds=Matrix(
            "worlds", tuple(vocabularies.worlds), grades, _counts_per_grade("worlds", region)
        ),
        goals=_goal_matrix(vocabularies, region),
        profiles=Matrix(
            "profiles", tuple(vocabularies.profiles), grades, _counts_per_grade("profiles", region)
        ),
        cycles=_cycles(vocabularies, totals, region),
        goal_frameworks=_goal_frameworks(vocabularies),
        steered_profiles=frozenset(
            p.key for p in vocabularies.profiles if p.get("sector") == STEERED_SECTOR
        ),
    )
