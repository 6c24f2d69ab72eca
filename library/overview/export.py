"""The overview as CSV: one row per cell, so a coordinator can pivot it in a spreadsheet.

Semicolons and a byte order mark, because that is what a Dutch Excel opens
correctly with a double click.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from library.content.format import TERM_FIELDS
from library.overview.coverage import Coverage, Matrix

HEADER = ("overzicht", "rij_sleutel", "rij", "kolom_sleutel", "kolom", "lessen")
# A matrix's terms are the values of one lesson field: the rows are named after the field.
TOPICS = {spec.vocabulary: spec.label for spec in TERM_FIELDS}


def _matrix_rows(matrix: Matrix) -> Iterator[tuple]:
    for row in matrix.rows:
        for grade in matrix.grades:
            if matrix.applies(row.key, grade.key):
                yield (
                    TOPICS[matrix.vocabulary],
                    row.key,
                    row.label,
                    grade.key,
                    grade.label,
                    matrix.count(row.key, grade.key),
                )


def rows(coverage: Coverage) -> Iterator[tuple]:
    """Every cell of the overview's tables: columns are grade groups, for phases the cycle."""
    for grade in coverage.worlds.grades:
        yield ("Alle lessen", "", "", grade.key, grade.label, coverage.per_grade[grade.key])
    for matrix in (coverage.worlds, coverage.goals, coverage.profiles):
        yield from _matrix_rows(matrix)
    for cycle in coverage.cycles:
        for item in cycle.phases:
            yield ("Fasen", item.phase.key, item.phase.label, cycle.key, cycle.label, item.lessons)


def coverage_csv(coverage: Coverage) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows(coverage))
    return buffer.getvalue()
