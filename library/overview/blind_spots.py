"""Blind spots: the empty and thin cells of the overview, said in plain Dutch.

A cell is empty with no lesson and thin with exactly one: one lesson is easily
missed, and a school that wants a second one has nowhere to go.
"""

from __future__ import annotations

from dataclasses import dataclass

from library.overview.coverage import Coverage, Matrix
from library.vocab.loader import Term

THIN = 1


@dataclass(frozen=True)
class BlindSpot:
    topic: str  # "worlds", "goals", "profiles" or "phases"
    text: str
    lessons: int


def level_of(count: int) -> str:
    """The colour class of a cell: none, thin, some or many lessons."""
    if count == 0:
        return "none"
    if count <= THIN:
        return "thin"
    return "some" if count < 5 else "many"


def in_grade(grade: Term) -> str:
    """`Groep 5-6` -> `in groep 5-6`, `vmbo leerjaar 1-2` -> `in vmbo leerjaar 1-2`."""
    return "in " + grade.label[:1].lower() + grade.label[1:]


def _opening(count: int) -> str:
    return "Geen enkele les" if count == 0 else "Maar één les"


WHAT_A_LESSON_DOES = {
    "worlds": "gaat over de wereld {label}",
    "goals": "werkt aan het kerndoel {label}",
    "profiles": "leidt naar het profiel {label}",
}


def _matrix_spots(matrix: Matrix, rows: list[Term]) -> list[BlindSpot]:
    spots = []
    for grade in matrix.grades:
        for row in rows:
            count = matrix.count(row.key, grade.key)
            if count > THIN or not matrix.applies(row.key, grade.key):
                continue
            does = WHAT_A_LESSON_DOES[matrix.vocabulary].format(label=row.label)
            spots.append(
                BlindSpot(matrix.vocabulary, f"{_opening(count)} {in_grade(grade)} {does}.", count)
            )
    return spots


def _phase_spots(coverage: Coverage) -> list[BlindSpot]:
    spots = []
    for cycle in coverage.cycles:
        for item in cycle.phases:
            if item.lessons > THIN:
                continue
            text = (
                f"{_opening(item.lessons)} werkt de fase {item.phase.label} "
                f"van {cycle.label.lower()} uit."
            )
            spots.append(BlindSpot("phases", text, item.lessons))
    return spots


def blind_spots(coverage: Coverage) -> list[BlindSpot]:
    """Every empty or thin cell, per table, grade group by grade group."""
    steered = [p for p in coverage.profiles.rows if p.key in coverage.steered_profiles]
    return [
        *_matrix_spots(coverage.worlds, list(coverage.worlds.rows)),
        *_matrix_spots(coverage.goals, list(coverage.goals.rows)),
        *_matrix_spots(coverage.profiles, steered),
        *_phase_spots(coverage),
    ]
