"""`/plannen`: year plans, and the school weeks and holidays they are laid on."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from library import dutch_time
from library.dutch_time import SchoolYear
from library.plans.school_weeks import (
    UnknownSchoolYear,
    holiday_region,
    holiday_regions,
    school_calendar,
    school_years,
)

bp = Blueprint("plans", __name__)
DEFAULT_REGION = "midden"


def _chosen_year(known: list[SchoolYear]) -> SchoolYear:
    """The school year asked for (`schooljaar`), else the current one if the data has it."""
    text = (request.args.get("schooljaar") or "")[:20]
    if not text:
        current = SchoolYear.of(dutch_time.today())
        return current if current in known else known[0]
    year = SchoolYear.parse(text)
    if year is None or year not in known:
        raise UnknownSchoolYear(
            f"Kies een schooljaar uit de lijst: {', '.join(y.label for y in known)}."
        )
    return year


@bp.get("/plannen/schoolweken")
def weeks():
    """The school weeks, holidays and days off of one school year in one holiday region."""
    known = school_years()
    error = None
    try:
        region = holiday_region((request.args.get("regio") or DEFAULT_REGION)[:20])
        calendar = school_calendar(_chosen_year(known), region.key)
    except UnknownSchoolYear as problem:
        error = str(problem)
        calendar = school_calendar(known[0], DEFAULT_REGION)
    page = render_template(
        "plans/weeks.html",
        calendar=calendar,
        regions=holiday_regions(),
        years=known,
        error=error,
    )
    return page, 400 if error else 200
