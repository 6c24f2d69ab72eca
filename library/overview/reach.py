"""The region's reach through its techlabs: visits per lab, grade group and world in one
school year, with the schools, classes, pupils and teachers they reached, and the schools
that have asked a lab of the region at some time but did not come in that school year.

A visit counts once it is confirmed (bevestigd) and while it is held or followed up;
requests, intakes and declined or cancelled visits reached nobody. Its day is the fixed
date it booked or the day agreed in the intake, on the Dutch calendar. Schools are
known only by the name teachers type, so names are compared with case, spaces and
accents folded: `OBS De  Klimop` and `obs de klimop` are one school, shown in the
spelling used most.

Each table is one aggregate query grouped by lab, activity, grade group and school name;
Python only sums the groups, whose number is bounded by the schools of the region.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from library.db import db
from library.dutch_time import DUTCH_TIME, SchoolYear
from library.techlabs.models import Activity, ActivityDate, Audience, Lab, Visit, VisitStatus
from library.vocab.loader import Vocabularies, fold

REACHED = (VisitStatus.BEVESTIGD, VisitStatus.UITGEVOERD, VisitStatus.NABESPROKEN)
PLANNED = VisitStatus.BEVESTIGD
# The grade row for activities teachers come to themselves (workshops, scholing).
TEACHERS_ROW = "leerkrachten"


@dataclass
class Tally:
    """What the visits of one row reached."""

    visits: int = 0
    # Of those, confirmed but not yet held.
    planned: int = 0
    classes: int = 0
    pupils: int = 0
    teachers: int = 0
    school_keys: set[str] = field(default_factory=set)

    @property
    def schools(self) -> int:
        return len(self.school_keys)

    def add(self, group: VisitGroup) -> None:
        self.visits += group.visits
        self.planned += group.planned
        if group.for_teachers:
            self.teachers += group.visits
        else:
            self.classes += group.visits
            self.pupils += group.pupils
        self.school_keys.add(group.school_key)


@dataclass(frozen=True)
class ReachRow:
    key: str
    label: str
    tally: Tally


@dataclass(frozen=True)
class SchoolReach:
    """A school of the region: what it did in the school year and when it last came."""

    name: str
    tally: Tally
    # The latest school year with a confirmed visit, None when it only ever asked.
    last_year: SchoolYear | None


@dataclass(frozen=True)
class Reach:
    region: str | None
    year: SchoolYear
    total: Tally
    labs: tuple[ReachRow, ...]
    grades: tuple[ReachRow, ...]
    worlds: tuple[ReachRow, ...]
    # Schools with a visit in the school year, by name.
    reached: tuple[SchoolReach, ...]
    # Schools known from any visit to a lab of the region that did not come in the year.
    not_yet: tuple[SchoolReach, ...]


@dataclass(frozen=True)
class VisitGroup:
    """Visits of one school to one activity with one grade group, held or planned."""

    lab_id: int
    activity_id: int
    grade: str | None
    school_key: str
    for_teachers: bool
    visits: int
    planned: int
    pupils: int


def school_key(name: str) -> str:
    """The name a school is counted by: case, accents and runs of spaces folded."""
    return " ".join(fold(name).split())


def _in_region(region: str | None) -> list[sa.ColumnElement[bool]]:
    return [] if region is None else [Lab.region == region]


def _visits_to_labs(*columns) -> sa.Select:
    return (
        sa.select(*columns)
        .select_from(Visit)
        .join(Activity, Activity.id == Visit.activity_id)
        .join(Lab, Lab.id == Activity.lab_id)
        .outerjoin(ActivityDate, ActivityDate.id == Visit.activity_date_id)
    )


def _in_year(year: SchoolYear) -> sa.ColumnElement[bool]:
    """The visit's day (a booked date, or the moment agreed) falls in the school year."""
    return sa.or_(
        sa.and_(
            Visit.activity_date_id.is_not(None),
            ActivityDate.day >= year.first_day,
            ActivityDate.day < year.next_first_day,
        ),
        sa.and_(
            Visit.activity_date_id.is_(None),
            Visit.starts_at >= year.begins,
            Visit.starts_at < year.ends,
        ),
    )


def _reached() -> sa.ColumnElement[bool]:
    return Visit.status.in_([status.value for status in REACHED])


def _groups(region: str | None, year: SchoolYear) -> tuple[list[VisitGroup], Counter]:
    """The year's visits, grouped; and how often each spelling of each school was used."""
    planned = sa.func.sum(sa.case((Visit.status == PLANNED.value, 1), else_=0))
    query = _visits_to_labs(
        Lab.id,
        Activity.id,
        Activity.audience,
        Visit.grade,
        Visit.school_name,
        sa.func.count(Visit.id),
        planned,
        sa.func.coalesce(sa.func.sum(Visit.pupils), 0),
    ).where(_reached(), _in_year(year), *_in_region(region))
    query = query.group_by(Lab.id, Activity.id, Activity.audience, Visit.grade, Visit.school_name)
    groups, spellings = [], Counter()
    for (
        lab_id,
        activity_id,
        audience,
        grade,
        name,
        visits,
        planned_visits,
        pupils,
    ) in db.session.execute(query):
        key = school_key(name)
        spellings[key, name] += visits
        groups.append(
            VisitGroup(
                lab_id,
                activity_id,
                grade,
                key,
                audience == Audience.LEERKRACHTEN.value,
                visits,
                planned_visits,
                pupils,
            )
        )
    return groups, spellings


def _last_days(region: str | None) -> tuple[dict[str, date | None], Counter]:
    """Every school that ever asked a lab of the region -> the day of its latest confirmed
    visit (None when none was confirmed); and how often each spelling was used."""
    latest_moment = sa.func.max(sa.case((_reached(), Visit.starts_at)))
    latest_day = sa.func.max(sa.case((_reached(), ActivityDate.day)))
    query = (
        _visits_to_labs(Visit.school_name, sa.func.count(Visit.id), latest_day, latest_moment)
        .where(*_in_region(region))
        .group_by(Visit.school_name)
    )
    last: dict[str, date | None] = {}
    spellings: Counter = Counter()
    for name, visits, day, moment in db.session.execute(query):
        key = school_key(name)
        spellings[key, name] += visits
        seen = [d for d in (day, _dutch_day(moment)) if d is not None]
        if last.get(key) is not None:
            seen.append(last[key])
        last[key] = max(seen, default=None)
    return last, spellings


def _dutch_day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone(DUTCH_TIME).date()


def _names(spellings: Counter) -> dict[str, str]:
    """School key -> the spelling used most (the first alphabetically on a tie)."""
    best: dict[str, tuple[int, str]] = {}
    for (key, name), uses in spellings.items():
        if key not in best or (-uses, name) < (-best[key][0], best[key][1]):
            best[key] = (uses, name)
    return {key: name for key, (_, name) in best.items()}


def _rows(terms: Iterable[tuple[str, str]], tallies: dict[str, Tally]) -> tuple[ReachRow, ...]:
    return tuple(ReachRow(key, label, tallies.get(key) or Tally()) for key, label in terms)


def region_labs(region: str | None) -> list[Lab]:
    return list(db.session.scalars(sa.select(Lab).where(*_in_region(region)).order_by(Lab.name)))


def lab_regions() -> list[str]:
    """The regions the labs are in."""
    return list(db.session.scalars(sa.select(Lab.region).where(Lab.region != "").distinct()))


def _activity_worlds(activity_ids: set[int]) -> dict[int, list[str]]:
    if not activity_ids:
        return {}
    rows = db.session.execute(
        sa.select(Activity.id, Activity.worlds).where(Activity.id.in_(activity_ids))
    )
    return {activity_id: worlds or [] for activity_id, worlds in rows}


def compute_reach(vocabularies: Vocabularies, region: str | None, year: SchoolYear) -> Reach:
    """The reach of the labs (of one region) in one school year."""
    groups, spellings = _groups(region, year)
    last_days, known_spellings = _last_days(region)
    names = _names(known_spellings + spellings)
    worlds_of = _activity_worlds({group.activity_id for group in groups})
    total = Tally()
    per_lab: dict[int, Tally] = defaultdict(Tally)
    per_grade: dict[str, Tally] = defaultdict(Tally)
    per_world: dict[str, Tally] = defaultdict(Tally)
    per_school: dict[str, Tally] = defaultdict(Tally)
    for group in groups:
        total.add(group)
        per_lab[group.lab_id].add(group)
        per_grade[TEACHERS_ROW if group.for_teachers else group.grade or ""].add(group)
        for world in worlds_of.get(group.activity_id, []):
            per_world[world].add(group)
        per_school[group.school_key].add(group)
    grade_rows = [(grade.key, grade.label) for grade in vocabularies.grades]
    last_year = {
        key: SchoolYear.of(day) if day is not None else None for key, day in last_days.items()
    }
    return Reach(
        region=region,
        year=year,
        total=total,
        labs=tuple(
            ReachRow(lab.slug, lab.name, per_lab.get(lab.id) or Tally())
            for lab in region_labs(region)
        ),
        grades=_rows([*grade_rows, (TEACHERS_ROW, "Leerkrachten zelf")], per_grade),
        worlds=_rows(((world.key, world.label) for world in vocabularies.worlds), per_world),
        reached=tuple(
            sorted(
                (SchoolReach(names[key], tally, year) for key, tally in per_school.items()),
                key=lambda school: fold(school.name),
            )
        ),
        not_yet=tuple(
            sorted(
                (
                    SchoolReach(names[key], Tally(), last_year[key])
                    for key in last_days
                    if key not in per_school
                ),
                key=lambda school: fold(school.name),
            )
        ),
    )


def reach_years(region: str | None, current: SchoolYear) -> list[SchoolYear]:
    """The school years with a confirmed visit (in the region) and the current one, newest first."""
    query = _visits_to_labs(ActivityDate.day, Visit.starts_at).where(
        _reached(), *_in_region(region)
    )
    years = {current}
    for day, moment in db.session.execute(query.distinct()):
        if day is not None:
            years.add(SchoolYear.of(day))
        elif moment is not None:
            years.add(SchoolYear.of(_dutch_day(moment)))
    return sorted(years, reverse=True)
