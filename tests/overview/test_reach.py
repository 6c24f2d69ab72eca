"""The reach of the techlabs on `/overzicht`: exact counts per lab, grade group and world in
a school year, the schools reached and those that did not come, the page and both CSVs.

The visits (labs of tests/fixtures/techlabs; the Proeflab in Utrecht, the Magneetbus in
Twente), school year 2026-2027 unless said:
  De Regenboog   bruggen-bouwen  groep 7-8, 24 pupils, held 10 December
  de  regenboog  bruggen-bouwen  groep 7-8, 20 pupils, confirmed for March (same school)
  De Regenboog   printen-voor-leerkrachten: one teacher, seat booked for 4 November
  OBS Het Anker  magneten-in-de-bus  groep 5-6, 22 pupils, followed up (Twente)
  Zomerschool    bruggen-bouwen  groep 7-8, 18 pupils, held 1 August 01:30 Dutch time
  Het Kompas     bruggen-bouwen  held 15 June 2026: school year 2025-2026
  De Wilg        asked only;  De Linde  confirmed, then cancelled;  De Eik  declined
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from library.dutch_time import SchoolYear
from library.overview.reach import compute_reach, reach_years, school_key
from library.vocab.loader import get_vocabularies
from tests.helpers.visits import visit_through
from tests.helpers.web import signed_in

THIS_YEAR = SchoolYear(2026)
UTRECHT = "STO Regio Utrecht"


@pytest.fixture
def visited(labs):
    def on(*moment):
        return datetime(*moment, tzinfo=UTC)

    visit_through(
        "bruggen-bouwen", "uitgevoerd", school="De Regenboog", starts_at=on(2026, 12, 10, 8)
    )
    visit_through(
        "bruggen-bouwen",
        "bevestigd",
        school="de  regenboog",
        pupils=20,
        starts_at=on(2027, 3, 9, 8),
    )
    visit_through("printen-voor-leerkrachten", "bevestigd", school="De Regenboog", grade=None)
    visit_through(
        "magneten-in-de-bus",
        "nabesproken",
        school="OBS Het Anker",
        grade="groep-5-6",
        pupils=22,
        starts_at=on(2026, 10, 5, 8),
    )
    # 23:30 UTC on 31 July is 01:30 on 1 August in the Netherlands: the new school year.
    visit_through(
        "bruggen-bouwen",
        "uitgevoerd",
        school="Zomerschool",
        pupils=18,
        starts_at=on(2026, 7, 31, 23, 30),
    )
    visit_through("bruggen-bouwen", "uitgevoerd", school="Het Kompas", starts_at=on(2026, 6, 15, 8))
    visit_through("bruggen-bouwen", "aangevraagd", school="De Wilg")
    visit_through("bruggen-bouwen", "geannuleerd", school="De Linde", starts_at=on(2026, 11, 2, 8))
    visit_through("bruggen-bouwen", "afgewezen", school="De Eik")
    return labs


def reach(region=None, year=THIS_YEAR):
    return compute_reach(get_vocabularies(), region, year)


def figures(tally) -> tuple:
    return tally.visits, tally.planned, tally.schools, tally.classes, tally.pupils, tally.teachers


def rows(table) -> dict[str, tuple]:
    return {row.key: figures(row.tally) for row in table if row.tally.visits}


def test_the_total_counts_confirmed_held_and_followed_up_visits_once_each(visited):
    # 5 visits, 2 still planned (March and the workshop seat), schools
    # Regenboog, Het Anker and Zomerschool, 4 classes with 24+20+22+18 pupils, 1 teacher.
    assert figures(reach().total) == (5, 2, 3, 4, 84, 1)


def test_per_lab_grade_group_and_world(visited):
    result = reach()
    labs = {row.label: figures(row.tally) for row in result.labs}
    assert labs == {"De Magneetbus": (1, 0, 1, 1, 22, 0), "Proeflab Utrecht": (4, 2, 2, 3, 62, 1)}
    assert rows(result.grades) == {
        "groep-5-6": (1, 0, 1, 1, 22, 0),
        "groep-7-8": (3, 1, 2, 3, 62, 0),
        "leerkrachten": (1, 1, 1, 0, 0, 1),
    }
    assert rows(result.worlds) == {
        "hightech-science": (1, 0, 1, 1, 22, 0),
        "wonen-werken-verkeer": (3, 1, 2, 3, 62, 0),
        "ontwerp-productie-wereldhandel": (1, 1, 1, 0, 0, 1),
    }
    # Every grade group and world has its row, also without visits: that is the blind spot.
    assert len(result.grades) == len(get_vocabularies().grades) + 1
    assert len(result.worlds) == len(get_vocabularies().worlds)


def test_a_school_is_one_school_however_its_name_is_typed(visited):
    assert school_key("OBS  De Klimop ") == school_key("obs de klimop") == "obs de klimop"
    assert school_key("Fryslân") == school_key("FRYSLAN")
    reached = {school.name: figures(school.tally) for school in reach().reached}
    # The spelling used most names it: two of its three visits say "De Regenboog".
    assert reached == {
        "De Regenboog": (3, 2, 1, 2, 44, 1),
        "OBS Het Anker": (1, 0, 1, 1, 22, 0),
        "Zomerschool": (1, 0, 1, 1, 18, 0),
    }


def test_schools_that_asked_but_did_not_come_this_school_year(visited):
    not_yet = {school.name: school.last_year for school in reach().not_yet}
    assert not_yet == {
        "De Eik": None,
        "De Linde": None,
        "De Wilg": None,
        "Het Kompas": SchoolYear(2025),
    }


def test_a_region_counts_only_the_visits_to_its_own_labs(visited):
    utrecht = reach(UTRECHT)
    assert [row.label for row in utrecht.labs] == ["Proeflab Utrecht"]
    assert figures(utrecht.total) == (4, 2, 2, 3, 62, 1)
    assert "OBS Het Anker" not in {school.name for school in utrecht.reached + utrecht.not_yet}
    twente = reach("Techniek Twente")
    assert figures(twente.total) == (1, 0, 1, 1, 22, 0)
    assert twente.not_yet == ()


def test_an_earlier_school_year_and_the_years_to_choose_from(visited):
    earlier = reach(year=SchoolYear(2025))
    assert figures(earlier.total) == (1, 0, 1, 1, 24, 0)
    assert [school.name for school in earlier.reached] == ["Het Kompas"]
    assert "De Regenboog" in {school.name for school in earlier.not_yet}
    assert reach_years(None, SchoolYear(2027)) == [SchoolYear(2027), THIS_YEAR, SchoolYear(2025)]
    assert reach_years("Techniek Twente", THIS_YEAR) == [THIS_YEAR]


def test_school_years_are_read_and_written_as_teachers_do():
    assert SchoolYear.parse("2026-2027") == THIS_YEAR
    assert SchoolYear.parse(" 2026-2027 ") == THIS_YEAR
    assert [SchoolYear.parse(t) for t in ("2026-2028", "2026", "26-27", "2026–2027")] == [None] * 4
    assert THIS_YEAR.label == "2026-2027"
    assert SchoolYear.of(datetime(2026, 7, 31).date()) == SchoolYear(2025)
    assert SchoolYear.of(datetime(2026, 8, 1).date()) == THIS_YEAR


def test_the_page_shows_the_reach_and_names_schools_only_to_moderators(visited, client):
    page = client.get("/overzicht?schooljaar=2026-2027").get_data(as_text=True)
    assert "Bezoeken aan techlabs in schooljaar 2026-2027" in page
    assert "Proeflab Utrecht" in page and "De Magneetbus" in page
    assert "De Wilg" not in page and "De Regenboog" not in page
    moderator = signed_in(visited.test_client(), "moderator")
    page = moderator.get("/overzicht?schooljaar=2026-2027").get_data(as_text=True)
    assert "De Regenboog" in page and "De Wilg" in page
    assert "Nog niet op bezoek geweest" in page


def test_the_reach_follows_the_region_and_the_school_year_chosen(visited, client):
    page = client.get("/overzicht?regio=Techniek+Twente&schooljaar=2025-2026")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Bezoeken aan techlabs in schooljaar 2025-2026" in text
    assert "Proeflab Utrecht" not in text
    # Without a school year chosen, the current one is shown.
    assert "Bezoeken aan techlabs in schooljaar" in client.get("/overzicht").get_data(as_text=True)


@pytest.mark.parametrize("year", ["2026", "2026-2028", "x" * 5000])
def test_a_school_year_that_is_not_one_is_a_clear_error(labs, client, year):
    response = client.get("/overzicht", query_string={"schooljaar": year})
    assert response.status_code == 400
    assert "Kies een schooljaar" in response.get_data(as_text=True)
    response = client.get("/overzicht/bezoeken.csv", query_string={"schooljaar": year})
    assert response.status_code == 400
    assert "Kies een schooljaar" in response.get_data(as_text=True)


def test_a_region_with_labs_but_no_lessons_can_be_chosen(labs, client):
    # The fixture lessons name no region "Techniek Twente"... the Magneetbus does.
    response = client.get("/overzicht?regio=Techniek+Twente")
    assert response.status_code == 200
    assert "De Magneetbus" in response.get_data(as_text=True)


def read_csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_reach_as_csv(visited, client):
    response = client.get("/overzicht/bezoeken.csv?regio=STO+Regio+Utrecht&schooljaar=2026-2027")
    assert response.status_code == 200
    assert "bezoeken-sto-regio-utrecht-2026-2027.csv" in response.headers["Content-Disposition"]
    table = read_csv(response)
    assert table[0] == [
        "tabel",
        "sleutel",
        "naam",
        "bezoeken",
        "nog_gepland",
        "scholen",
        "klassen",
        "leerlingen",
        "leerkrachten",
    ]
    assert ["Totaal", "", "Alle bezoeken", "4", "2", "2", "3", "62", "1"] in table
    assert ["Techlab", "proeflab", "Proeflab Utrecht", "4", "2", "2", "3", "62", "1"] in table
    assert ["Groep", "groep-7-8", "Groep 7-8", "3", "1", "2", "3", "62", "0"] in table
    assert ["Groep", "groep-1-2", "Groep 1-2", "0", "0", "0", "0", "0", "0"] in table
    assert [
        "Wereld",
        "wonen-werken-verkeer",
        "Wonen, Werken & Verkeer",
        "3",
        "1",
        "2",
        "3",
        "62",
        "0",
    ] in table
    assert not any("Regenboog" in cell for row in table for cell in row)


def test_the_schools_as_csv_for_moderators_only(visited, client):
    assert client.get("/overzicht/scholen.csv").status_code == 302
    teacher = signed_in(client, "leerkracht", email="gewoon@school.test")
    assert teacher.get("/overzicht/scholen.csv").status_code == 403
    moderator = signed_in(visited.test_client(), "moderator")
    response = moderator.get("/overzicht/scholen.csv?regio=STO+Regio+Utrecht&schooljaar=2026-2027")
    assert response.status_code == 200
    table = read_csv(response)
    assert table[0] == [
        "school",
        "dit_schooljaar",
        "bezoeken",
        "klassen",
        "leerlingen",
        "leerkrachten",
        "laatst_op_bezoek",
    ]
    assert ["De Regenboog", "ja", "3", "2", "44", "1", "2026-2027"] in table
    assert ["Het Kompas", "nee", "0", "0", "0", "0", "2025-2026"] in table
    assert ["De Wilg", "nee", "0", "0", "0", "0", ""] in table


def test_a_school_name_typed_as_a_formula_stays_text_in_the_spreadsheet(labs, client):
    on = datetime(2026, 12, 10, 8, tzinfo=UTC)
    visit_through(
        "bruggen-bouwen", "uitgevoerd", school='=HYPERLINK("http://x.test")', starts_at=on
    )
    moderator = signed_in(client, "moderator")
    table = read_csv(moderator.get("/overzicht/scholen.csv?schooljaar=2026-2027"))
    assert table[1][0] == '\'=HYPERLINK("http://x.test")'
