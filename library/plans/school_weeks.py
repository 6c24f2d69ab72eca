"""The weeks a school teaches in, per school year and holiday region, and blocks laid on them.

The holidays are data (`data/school_holidays.yaml`, the government's published dates,
its source named there). A school year runs, for teaching, from the Monday after the
summer holiday before it to the last school day before its own summer holiday. Its
*school weeks* are the Monday-to-Friday weeks in between that touch no holiday and keep
at least one school day: a public holiday or a school's own day off (a study day) makes
a week shorter, a week the school is closed all of leaves the calendar. Consecutive
school weeks form the *periods* between the holidays.

A plan's blocks are laid on those weeks, never across a holiday: a block of N weeks takes
N consecutive school weeks of one period; the weeks a period has left over that cannot
hold a whole block stay free. A plan in themes per period gives each period one block.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from library.dutch_time import SchoolYear, format_day

HOLIDAYS_FILE = Path(__file__).parent / "data" / "school_holidays.yaml"
SUMMER = "Zomervakantie"
WEEKDAYS = 5


class UnknownSchoolYear(ValueError):
    """The holidays of this school year (or region) are not in the data; the message says so."""


@dataclass(frozen=True)
class HolidayRegion:
    key: str
    label: str
    description: str


@dataclass(frozen=True)
class Holiday:
    name: str
    first: date
    last: date
    # Autumn and spring holidays are OCW's advice; a school may hold them in another week.
    advised: bool = False

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class DayOff:
    """A weekday without school outside the holidays: a public holiday or the school's own."""

    day: date
    name: str

    @property
    def text(self) -> str:
        return f"{format_day(self.day)} ({self.name})"


@dataclass(frozen=True)
class SchoolWeek:
    monday: date
    school_days: tuple[date, ...]
    days_off: tuple[DayOff, ...]


@dataclass(frozen=True)
class Span:
    """Consecutive school weeks: a block's dates, or a period between two holidays."""

    weeks: tuple[SchoolWeek, ...]

    @property
    def first(self) -> date:
        return self.weeks[0].school_days[0]

    @property
    def last(self) -> date:
        return self.weeks[-1].school_days[-1]

    @property
    def days_off(self) -> tuple[DayOff, ...]:
        return tuple(off for week in self.weeks for off in week.days_off)

    @property
    def school_days(self) -> int:
        return sum(len(week.school_days) for week in self.weeks)

    @property
    def text(self) -> str:
        """`1 september 2025 t/m 19 september 2025`: how a plan shows a block's dates."""
        return f"{format_day(self.first)} t/m {format_day(self.last)}"


@dataclass(frozen=True)
class SchoolCalendar:
    year: SchoolYear
    region: HolidayRegion
    holidays: tuple[Holiday, ...]
    periods: tuple[Span, ...]

    @property
    def weeks(self) -> tuple[SchoolWeek, ...]:
        return tuple(week for period in self.periods for week in period.weeks)

    def blocks(self, weeks_per_block: int) -> list[Span]:
        """Every block of that many consecutive school weeks the year holds, in order."""
        if weeks_per_block < 1:
            raise ValueError("a block has at least one week")
        blocks = []
        for period in self.periods:
            whole = len(period.weeks) // weeks_per_block * weeks_per_block
            for start in range(0, whole, weeks_per_block):
                blocks.append(Span(period.weeks[start : start + weeks_per_block]))
        return blocks


@cache
def _data(path: Path = HOLIDAYS_FILE) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def holiday_regions() -> tuple[HolidayRegion, ...]:
    """Noord, midden and zuid, as the data names and describes them."""
    return tuple(HolidayRegion(**region) for region in _data()["regions"])


def holiday_region(key: str) -> HolidayRegion:
    region = next((region for region in holiday_regions() if region.key == key), None)
    if region is None:
        raise UnknownSchoolYear(
            f"Er is geen vakantieregio ‘{key[:40]}’; kies noord, midden of zuid."
        )
    return region


def _published(start: int) -> dict[str, Any] | None:
    label = SchoolYear(start).label
    return next((entry for entry in _data()["school_years"] if entry["year"] == label), None)


def _holidays(entry: dict[str, Any], region: str) -> tuple[Holiday, ...]:
    holidays = []
    for raw in entry["holidays"]:
        first, last = raw.get("all") or raw[region]
        holidays.append(Holiday(raw["name"], first, last, bool(raw.get("advised"))))
    return tuple(holidays)


def _summer(holidays: tuple[Holiday, ...]) -> Holiday:
    return next(holiday for holiday in holidays if holiday.name == SUMMER)


def school_years() -> list[SchoolYear]:
    """The school years whose calendar the data holds (their own holidays and the summer
    before them), oldest first."""
    years = []
    for entry in _data()["school_years"]:
        year = SchoolYear.parse(entry["year"])
        if year is not None and _published(year.start - 1) is not None:
            years.append(year)
    return years


def school_calendar(
    year: SchoolYear, region: str, own_days_off: Iterable[DayOff] = ()
) -> SchoolCalendar:
    """The school weeks of a school year in a holiday region, with the school's own days off
    (study days) taken out. Raises `UnknownSchoolYear` for a year or region not in the data."""
    entry, before = _published(year.start), _published(year.start - 1)
    if entry is None or before is None:
        known = ", ".join(known.label for known in school_years())
        raise UnknownSchoolYear(
            f"De schoolvakanties van {year.label} staan nog niet in de bibliotheek; "
            f"kies een van deze schooljaren: {known}."
        )
    place = holiday_region(region)
    holidays = _holidays(entry, place.key)
    summer_before, summer = _summer(_holidays(before, place.key)), _summer(holidays)
    first_monday = summer_before.last + timedelta(days=1)
    off = {day.day: day for day in own_days_off}
    for raw in entry.get("public_holidays", ()):
        off[raw["day"]] = DayOff(raw["day"], raw["name"])
    weeks = []
    monday = first_monday - timedelta(days=first_monday.weekday())
    while monday < summer.first:
        week = _week(monday, (summer_before, *holidays), off)
        if week is not None:
            weeks.append(week)
        monday += timedelta(days=7)
    return SchoolCalendar(year, place, holidays, _periods(weeks))


def _week(
    monday: date, holidays: tuple[Holiday, ...], off: dict[date, DayOff]
) -> SchoolWeek | None:
    """The week as a school week; None when a holiday touches it or it has no school day."""
    days = [monday + timedelta(days=number) for number in range(WEEKDAYS)]
    if any(holiday.covers(day) for day in days for holiday in holidays):
        return None
    school_days = tuple(day for day in days if day not in off)
    if not school_days:
        return None
    return SchoolWeek(monday, school_days, tuple(off[day] for day in days if day in off))


def _periods(weeks: list[SchoolWeek]) -> tuple[Span, ...]:
    """The weeks cut into runs of consecutive weeks: the periods between the holidays."""
    periods: list[list[SchoolWeek]] = []
    for week in weeks:
        if periods and week.monday - periods[-1][-1].monday == timedelta(days=7):
            periods[-1].append(week)
        else:
            periods.append([week])
    return tuple(Span(tuple(period)) for period in periods)
