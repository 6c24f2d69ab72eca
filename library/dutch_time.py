"""Time as Dutch schools live it: the Europe/Amsterdam clock and the school year.

A school year runs from 1 August to 31 July (the Wet op het primair onderwijs counts
it so); plans, visits and reach are reported per school year, not per calendar year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

DUTCH_TIME = ZoneInfo("Europe/Amsterdam")
SCHOOL_YEAR_PATTERN = re.compile(r"(\d{4})-(\d{4})")
# The month and day a school year starts on.
FIRST_MONTH, FIRST_DAY = 8, 1
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def format_day(day: date) -> str:
    """`2026-11-04` -> `4 november 2026`: a date as a teacher writes it."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def today() -> date:
    """Today on a Dutch wall calendar (the server may keep UTC)."""
    return datetime.now(DUTCH_TIME).date()


@dataclass(frozen=True, order=True)
class SchoolYear:
    """The school year that starts in August of `start`."""

    start: int

    @classmethod
    def of(cls, day: date) -> SchoolYear:
        """The school year a day falls in."""
        return cls(day.year if (day.month, day.day) >= (FIRST_MONTH, FIRST_DAY) else day.year - 1)

    @classmethod
    def parse(cls, text: str) -> SchoolYear | None:
        """`2026-2027` -> SchoolYear(2026); None for anything else (`2026-2028`, `2026`)."""
        match = SCHOOL_YEAR_PATTERN.fullmatch(text.strip())
        if match is None or int(match.group(2)) != int(match.group(1)) + 1:
            return None
        return cls(int(match.group(1)))

    @property
    def label(self) -> str:
        return f"{self.start}-{self.start + 1}"

    @property
    def first_day(self) -> date:
        return date(self.start, FIRST_MONTH, FIRST_DAY)

    @property
    def next_first_day(self) -> date:
        """The first day of the next school year: this one ends the day before."""
        return date(self.start + 1, FIRST_MONTH, FIRST_DAY)

    @property
    def begins(self) -> datetime:
        """The moment the school year begins, Dutch midnight: to compare stored moments with."""
        return datetime.combine(self.first_day, datetime.min.time(), DUTCH_TIME)

    @property
    def ends(self) -> datetime:
        """The moment the next school year begins."""
        return datetime.combine(self.next_first_day, datetime.min.time(), DUTCH_TIME)

    def __str__(self) -> str:
        return self.label
