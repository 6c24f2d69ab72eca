"""The overview and the techlabs' reach as CSV: one row per cell, so a coordinator can
pivot it in a spreadsheet, and the overview's tables in the shape the page shows them
(terms down, grade groups across), to print or share as they are.

Semicolons and a byte order mark, because that is what a Dutch Excel opens
correctly with a double click.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from library.content.format import TERM_FIELDS
from library.overview.coverage import Coverage, Matrix
from library.overview.reach import Reach, Tally

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


# A cell starting with one of these is a formula to a spreadsheet: a school name typed as
# `=HYPERLINK(...)` must stay text when a coordinator opens the file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(cell):
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _spreadsheet(header: tuple[str, ...], lines) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_as_text(cell) for cell in line] for line in lines)
    return buffer.getvalue()


def coverage_csv(coverage: Coverage) -> str:
    return _spreadsheet(HEADER, rows(coverage))


NOT_APPLICABLE = "n.v.t."


def _table_rows(coverage: Coverage) -> Iterator[tuple]:
    grades = coverage.worlds.grades
    yield ("Alle lessen", *(coverage.per_grade[grade.key] for grade in grades))
    for matrix in (coverage.worlds, coverage.goals, coverage.profiles):
        yield ()
        yield (TOPICS[matrix.vocabulary], *(grade.label for grade in matrix.grades))
        for row in matrix.rows:
            yield (
                row.label,
                *(
                    matrix.count(row.key, grade.key)
                    if matrix.applies(row.key, grade.key)
                    else NOT_APPLICABLE
                    for grade in matrix.grades
                ),
            )
    for cycle in coverage.cycles:
        yield ()
        yield (f"Fasen: {cycle.label}", "lessen")
        for item in cycle.phases:
            yield (item.phase.label, item.lessons)


def coverage_tables_csv(coverage: Coverage) -> str:
    """The overview's tables one under another, each with its grade groups as columns."""
    header = ("Overzicht" + (f": {coverage.region}" if coverage.region else ""),)
    header += tuple(grade.label for grade in coverage.worlds.grades)
    return _spreadsheet(header, _table_rows(coverage))


REACH_HEADER = (
    "tabel",
    "sleutel",
    "naam",
    "bezoeken",
    "nog_gepland",
    "scholen",
    "klassen",
    "leerlingen",
    "leerkrachten",
)


def _figures(tally: Tally) -> tuple[int, ...]:
    return tally.visits, tally.planned, tally.schools, tally.classes, tally.pupils, tally.teachers


def _reach_rows(reach: Reach) -> Iterator[tuple]:
    yield ("Totaal", "", "Alle bezoeken", *_figures(reach.total))
    for table, reach_rows in (
        ("Techlab", reach.labs),
        ("Groep", reach.grades),
        ("Wereld", reach.worlds),
    ):
        for row in reach_rows:
            yield (table, row.key, row.label, *_figures(row.tally))


def reach_csv(reach: Reach) -> str:
    """The counts of the reach tables: no school is named."""
    return _spreadsheet(REACH_HEADER, _reach_rows(reach))


SCHOOLS_HEADER = (
    "school",
    "dit_schooljaar",
    "bezoeken",
    "klassen",
    "leerlingen",
    "leerkrachten",
    "laatst_op_bezoek",
)


def _school_rows(reach: Reach) -> Iterator[tuple]:
    for came, schools in (("ja", reach.reached), ("nee", reach.not_yet)):
        for school in schools:
            tally = school.tally
            last = school.last_year.label if school.last_year else ""
            yield (
                school.name,
                came,
                tally.visits,
                tally.classes,
                tally.pupils,
                tally.teachers,
                last,
            )


def schools_csv(reach: Reach) -> str:
    """Every school of the region: whether it came in the school year, and when it last did."""
    return _spreadsheet(SCHOOLS_HEADER, _school_rows(reach))
