"""Blind spots: the empty and thin cells of the overview, said in plain Dutch.

A cell is empty with no lesson and thin with exactly one: one lesson is easily
missed, and a school that wants a second one has nowhere to go. For one region they are
ranked by what a coordinator can do about them: empty before thin, and within each what
other regions do have ("elders wel, hier niet": search there) before what nobody has
(ask a techlab or a docent to make it).
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
    key: str = ""  # the term of the row (a phase's key for phases)
    grade: str = ""  # the grade group's key; "" for phases
    # Lessons of the same cell in the whole library, when the overview is of one region.
    elsewhere: int | None = None

    @property
    def only_elsewhere(self) -> bool:
        return bool(self.elsewhere and self.elsewhere > self.lessons)


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


def _matrix_spots(matrix: Matrix, rows: list[Term], whole: Matrix | None) -> list[BlindSpot]:
    spots = []
    for grade in matrix.grades:
        for row in rows:
            count = matrix.count(row.key, grade.key)
            if count > THIN or not matrix.applies(row.key, grade.key):
                continue
            does = WHAT_A_LESSON_DOES[matrix.vocabulary].format(label=row.label)
            text = f"{_opening(count)} {in_grade(grade)} {does}."
            elsewhere = whole.count(row.key, grade.key) if whole else None
            spots.append(BlindSpot(matrix.vocabulary, text, count, row.key, grade.key, elsewhere))
    return spots


def _phase_spots(coverage: Coverage, whole: Coverage | None) -> list[BlindSpot]:
    everywhere = (
        {(c.key, i.phase.key): i.lessons for c in whole.cycles for i in c.phases} if whole else {}
    )
    spots = []
    for cycle in coverage.cycles:
        for item in cycle.phases:
            if item.lessons > THIN:
                continue
            text = (
                f"{_opening(item.lessons)} werkt de fase {item.phase.label} "
                f"van {cycle.label.lower()} uit."
            )
            elsewhere = everywhere.get((cycle.key, item.phase.key)) if whole else None
            spots.append(BlindSpot("phases", text, item.lessons, item.phase.key, "", elsewhere))
    return spots


def _rank(spot: BlindSpot) -> tuple[int, bool]:
    return spot.lessons, not spot.only_elsewhere


def blind_spots(coverage: Coverage, whole: Coverage | None = None) -> list[BlindSpot]:
    """Every empty or thin cell, per table, ranked: empty before thin, then (given the
    coverage of the whole library, `whole`) what other regions have before what none has."""
    steered = [p for p in coverage.profiles.rows if p.key in coverage.steered_profiles]
    spots = [
        *_matrix_spots(coverage.worlds, list(coverage.worlds.rows), whole and whole.worlds),
        *_matrix_spots(coverage.goals, list(coverage.goals.rows), whole and whole.goals),
        *_matrix_spots(coverage.profiles, steered, whole and whole.profiles),
        *_phase_spots(coverage, whole),
    ]
    return sorted(spots, key=_rank)
