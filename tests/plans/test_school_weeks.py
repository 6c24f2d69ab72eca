"""The school weeks of a school year per holiday region, and blocks laid on them: no block
ever lands in a holiday, in any region or year the data holds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import yaml

from library.dutch_time import SchoolYear
from library.plans.school_weeks import (
    HOLIDAYS_FILE,
    DayOff,
    UnknownSchoolYear,
    holiday_regions,
    school_calendar,
    school_years,
)

REGIONS = ("noord", "midden", "zuid")
YEARS = [SchoolYear(2025), SchoolYear(2026), SchoolYear(2027), SchoolYear(2028)]


def every_day(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def holiday_days(year: SchoolYear, region: str) -> set[date]:
    """Every day of every holiday of the year and of the summer before it, read from the
    data file itself (not through the module under test)."""
    raw = yaml.safe_load(HOLIDAYS_FILE.read_text(encoding="utf-8"))
    wanted = {year.label, SchoolYear(year.start - 1).label}
    days = set()
    for entry in raw["school_years"]:
        if entry["year"] not in wanted:
            continue
        for holiday in entry["holidays"]:
            if entry["year"] != year.label and holiday["name"] != "Zomervakantie":
                continue
            first, last = holiday.get("all") or holiday[region]
            days.update(every_day(first, last))
    return days


def test_the_data_holds_four_school_years_and_names_its_source():
    assert school_years() == YEARS
    assert [region.key for region in holiday_regions()] == list(REGIONS)
    text = HOLIDAYS_FILE.read_text(encoding="utf-8")
    assert "rijksoverheid.nl/onderwerpen/schoolvakanties" in text


def test_every_holiday_runs_from_a_saturday_to_a_sunday_in_every_region():
    raw = yaml.safe_load(HOLIDAYS_FILE.read_text(encoding="utf-8"))
    for entry in raw["school_years"]:
        for holiday in entry["holidays"]:
            for region in REGIONS:
                first, last = holiday.get("all") or holiday[region]
                assert (first.weekday(), last.weekday()) == (5, 6), (entry["year"], holiday)


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("year", YEARS, ids=str)
@pytest.mark.parametrize("weeks", [1, 2, 3, 4])
def test_no_block_lands_in_a_holiday(region, year, weeks):
    calendar = school_calendar(year, region)
    holidays = holiday_days(year, region)
    blocks = calendar.blocks(weeks)
    assert len(blocks) >= 7 if weeks <= 3 else len(blocks) >= 5
    for block in blocks:
        assert len(block.weeks) == weeks
        assert not holidays & set(every_day(block.first, block.last)), block.text
        mondays = [week.monday for week in block.weeks]
        assert mondays == [mondays[0] + timedelta(weeks=n) for n in range(weeks)]
    for earlier, later in zip(blocks, blocks[1:], strict=False):
        assert earlier.last < later.first


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("year", YEARS, ids=str)
def test_the_school_weeks_are_every_week_between_the_summers_without_a_holiday(region, year):
    calendar = school_calendar(year, region)
    holidays = holiday_days(year, region)
    summer_ends = max(day for day in holidays if day < date(year.start, 10, 1))
    summer_starts = min(day for day in holidays if day > date(year.start + 1, 6, 1))
    expected = []
    monday = summer_ends + timedelta(days=1)
    while monday < summer_starts:
        if not holidays & set(every_day(monday, monday + timedelta(days=4))):
            expected.append(monday)
        monday += timedelta(weeks=1)
    assert [week.monday for week in calendar.weeks] == expected
    # Five periods: before the autumn, Christmas, spring and May holidays and the summer.
    assert len(calendar.periods) == 5
    assert 38 <= len(calendar.weeks) <= 44


def test_each_region_starts_and_stops_on_its_own_dates():
    starts = {
        region: school_calendar(SchoolYear(2025), region).weeks[0].monday for region in REGIONS
    }
    assert starts == {
        "noord": date(2025, 8, 25),
        "midden": date(2025, 9, 1),
        "zuid": date(2025, 8, 18),
    }
    # The south has its autumn holiday a week before the rest in 2025.
    zuid = [week.monday for week in school_calendar(SchoolYear(2025), "zuid").weeks]
    noord = [week.monday for week in school_calendar(SchoolYear(2025), "noord").weeks]
    assert date(2025, 10, 13) not in zuid and date(2025, 10, 20) in zuid
    assert date(2025, 10, 13) in noord and date(2025, 10, 20) not in noord
    last = school_calendar(SchoolYear(2026), "zuid").periods[-1].last
    assert last == date(2027, 7, 23)


def test_a_public_holiday_shortens_its_week_and_is_named():
    calendar = school_calendar(SchoolYear(2025), "midden")
    (week,) = [week for week in calendar.weeks if week.monday == date(2026, 4, 6)]
    assert week.school_days[0] == date(2026, 4, 7)
    assert week.days_off == (DayOff(date(2026, 4, 6), "Tweede Paasdag"),)
    block = next(block for block in calendar.blocks(3) if week in block.weeks)
    assert block.days_off[0].text == "6 april 2026 (Tweede Paasdag)"
    assert block.school_days == 14


def test_study_days_shorten_a_week_and_a_closed_week_splits_its_period():
    plain = school_calendar(SchoolYear(2026), "noord")
    closed_week = plain.periods[1].weeks[3].monday
    days_off = [DayOff(closed_week + timedelta(days=n), "Studieweek") for n in range(5)]
    study_day = DayOff(plain.periods[0].weeks[1].monday + timedelta(days=2), "Studiedag")
    calendar = school_calendar(SchoolYear(2026), "noord", [*days_off, study_day])
    assert len(calendar.weeks) == len(plain.weeks) - 1
    assert closed_week not in [week.monday for week in calendar.weeks]
    assert len(calendar.periods) == 6
    for block in calendar.blocks(3):
        assert not block.first <= closed_week <= block.last
    week = calendar.periods[0].weeks[1]
    assert study_day.day not in week.school_days and week.days_off == (study_day,)


def test_blocks_leave_the_weeks_of_a_period_free_that_cannot_hold_a_whole_block():
    calendar = school_calendar(SchoolYear(2025), "noord")
    assert [len(period.weeks) for period in calendar.periods] == [8, 8, 7, 8, 9]
    assert len(calendar.blocks(3)) == 2 + 2 + 2 + 2 + 3
    assert len(calendar.blocks(4)) == 2 + 2 + 1 + 2 + 2


def test_a_year_or_region_without_data_is_refused_in_dutch():
    with pytest.raises(UnknownSchoolYear, match="De schoolvakanties van 2030-2031 staan nog niet"):
        school_calendar(SchoolYear(2030), "noord")
    with pytest.raises(UnknownSchoolYear, match="2024-2025"):
        school_calendar(SchoolYear(2024), "noord")
    with pytest.raises(UnknownSchoolYear, match="Er is geen vakantieregio ‘oost’"):
        school_calendar(SchoolYear(2025), "oost")
