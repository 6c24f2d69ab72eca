"""`/overzicht`: exact coverage numbers on the fixture lessons, regions, CSV, caching, blind spots.

The six lessons (tests/fixtures/lessons + tests/fixtures/coverage), by grade group:
groep 1-2 brug-voor-kleuters · groep 3-4 magneten · groep 5-6 magneten, waterfilter ·
groep 7-8 brug-van-papier, waterfilter, zonneboot · vmbo 1-2 zonneboot · vmbo 3-4 robotarm.
"""

import csv
import io
import re

import pytest
import sqlalchemy as sa

from library.db import db
from library.lessons.importer import import_path
from library.lessons.models import Lesson, LessonStatus
from library.overview import cache as overview_cache
from library.overview.coverage import compute_coverage
from library.vocab.loader import get_vocabularies
from tests.helpers.app import FIXTURES


@pytest.fixture
def covered(imported):
    import_path(FIXTURES / "coverage")
    return imported


def coverage(region=None):
    return compute_coverage(get_vocabularies(), region)


def test_worlds_per_grade_count_each_published_lesson_once_per_cell(covered):
    worlds = coverage().worlds
    assert {key: n for key, n in worlds.counts.items() if n} == {
        ("wonen-werken-verkeer", "groep-1-2"): 1,
        ("wonen-werken-verkeer", "groep-7-8"): 1,
        ("hightech-science", "groep-3-4"): 1,
        ("hightech-science", "groep-5-6"): 1,
        ("hightech-science", "vmbo-bovenbouw"): 1,
        ("energie-water-veiligheid", "groep-5-6"): 1,
        ("energie-water-veiligheid", "groep-7-8"): 2,
        ("energie-water-veiligheid", "vmbo-onderbouw"): 1,
        ("voeding-natuur", "groep-5-6"): 1,
        ("voeding-natuur", "groep-7-8"): 1,
    }


def test_totals_count_lessons_per_grade_not_per_world(covered):
    result = coverage()
    assert result.total == 6
    assert result.per_grade == {
        "groep-1-2": 1,
        "groep-3-4": 1,
        "groep-5-6": 2,
        "groep-7-8": 3,
        "vmbo-onderbouw": 1,
        "vmbo-bovenbouw": 1,
    }


def test_goals_count_only_where_their_framework_applies(covered):
    goals = coverage().goals
    assert goals.count("kd-po-42", "groep-5-6") == 2
    assert goals.count("kd-po-45", "groep-7-8") == 2
    assert goals.count("kd-ob-33", "vmbo-onderbouw") == 1
    # The zonneboot is tagged kd-po-45 and vmbo 1-2, but po goals are not vmbo goals.
    assert not goals.applies("kd-po-45", "vmbo-onderbouw")
    assert goals.applies("kd-dg-7", "vmbo-onderbouw")
    assert goals.covered("groep-7-8") == (4, 19)
    assert goals.covered("groep-5-6") == (2, 19)
    assert goals.covered("vmbo-onderbouw") == (1, 17)
    assert goals.covered("vmbo-bovenbouw") == (0, 0)


def test_profiles_per_grade(covered):
    profiles = coverage().profiles
    assert {key: n for key, n in profiles.counts.items() if n} == {
        ("bwi", "groep-1-2"): 1,
        ("bwi", "groep-7-8"): 1,
        ("pie", "groep-5-6"): 1,
        ("pie", "groep-7-8"): 2,
        ("pie", "vmbo-onderbouw"): 1,
        ("pie", "vmbo-bovenbouw"): 1,
        ("mat", "groep-7-8"): 1,
        ("mat", "vmbo-onderbouw"): 1,
        ("mvi", "vmbo-bovenbouw"): 1,
    }


def test_phases_count_lessons_that_work_each_phase_out(covered):
    cycles = {cycle.key: cycle for cycle in coverage().cycles}
    research, design = cycles["onderzoekend"], cycles["ontwerpend"]
    assert research.lessons == 2 and design.lessons == 4
    assert [(p.phase.key, p.lessons) for p in research.phases] == [
        ("confrontatie", 2),
        ("verkennen", 1),
        ("opzetten-experiment", 1),
        ("uitvoeren-experiment", 2),
        ("concluderen", 2),
        ("presenteren-communiceren", 1),
        ("verdiepen-verbreden", 0),
    ]
    assert [(p.phase.key, p.lessons) for p in design.phases] == [
        ("confrontatie", 3),
        ("verkennen", 2),
        ("ontwerpvoorstel-maken", 3),
        ("ontwerpvoorstel-uitvoeren", 3),
        ("testen-bijstellen", 3),
        ("presenteren-communiceren", 1),
        ("verdiepen-verbreden", 0),
    ]


def test_a_region_counts_only_its_own_lessons(covered):
    twente = coverage("Techniek Twente")
    assert twente.total == 2
    assert twente.worlds.count("energie-water-veiligheid", "groep-7-8") == 2
    assert twente.worlds.count("wonen-werken-verkeer", "groep-7-8") == 0
    assert coverage("STO Regio Utrecht").per_grade["groep-3-4"] == 1


def test_each_table_is_one_query_however_many_lessons(imported):
    def queries_for_overview():
        statements = []

        def count(*_args):
            statements.append(1)

        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            coverage()
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    with_three = queries_for_overview()
    import_path(FIXTURES / "coverage")
    assert queries_for_overview() == with_three == 5


def test_page_shows_the_matrix_as_a_table_with_headers_and_coloured_cells(covered, client):
    html = client.get("/overzicht").get_data(as_text=True)
    assert "<h1>Overzicht van de lessen</h1>" in html
    assert '<th scope="col">Groep 7-8</th>' in html
    assert '<th scope="row">Energie, Water &amp; Veiligheid</th>' in html
    row = html.split('<th scope="row">Energie, Water &amp; Veiligheid</th>')[1].split("</tr>")[0]
    cells = [cell.split(">", 1)[0] for cell in row.split("<td ")[1:]]
    assert cells == [
        'class="heat heat-none"',
        'class="heat heat-none"',
        'class="heat heat-thin"',
        'class="heat heat-some"',
        'class="heat heat-thin"',
        'class="heat heat-none"',
    ]
    assert 'href="/lessen?world=energie-water-veiligheid&amp;grade=groep-7-8">2' in row
    assert "<strong>6</strong> gepubliceerde lessen" in html


def test_cells_link_to_the_lessons_they_count(covered, client):
    html = client.get("/overzicht").get_data(as_text=True)
    link = 'href="/lessen?profile=pie&amp;grade=groep-7-8">2'
    assert link in html
    listed = client.get("/lessen?profile=pie&grade=groep-7-8").get_data(as_text=True)
    assert "Een boot op zonne-energie" in listed and "Maak modderwater weer helder" in listed
    # A region's cells count its own lessons, which the search cannot narrow to: no links.
    regional = client.get("/overzicht?regio=Techniek+Twente").get_data(as_text=True)
    assert not re.search(r'<td class="heat[^"]*"><a ', regional)


def test_page_shows_goal_coverage_per_grade(covered, client):
    html = client.get("/overzicht").get_data(as_text=True)
    footer = html.split('id="kerndoelen"')[1].split("<tfoot>")[1].split("</tfoot>")[0]
    assert "4 van 19" in footer and "(21%)" in footer and "1 van 17" in footer
    assert '<th scope="rowgroup" colspan="7">Kerndoelen primair onderwijs (2006)</th>' in html


def test_blind_spots_are_listed_in_plain_dutch(covered, client):
    html = client.get("/overzicht").get_data(as_text=True)
    assert "Geen enkele les in groep 5-6 leidt naar het profiel Mobiliteit en transport." in html
    assert "Maar één les in groep 5-6 gaat over de wereld Voeding &amp; Natuur." in html
    assert "Geen enkele les in groep 1-2 gaat over de wereld Mens &amp; Gezondheid." in html
    assert "Maar één les in vmbo leerjaar 1-2 werkt aan het kerndoel Techniek." in html
    assert "Geen enkele les werkt de fase Verdiepen en verbreden van ontwerpend leren uit." in html
    # Two lessons is not thin; kerndoelen that do not apply are no blind spot.
    assert "in groep 7-8 gaat over de wereld Energie" not in html
    assert "in vmbo leerjaar 3-4 werkt aan het kerndoel" not in html
    # Only the technical profiles are steered on.
    assert "leidt naar het profiel Zorg en welzijn" not in html


def test_region_filter_lists_the_regions_and_filters_the_page(covered, client):
    html = client.get("/overzicht").get_data(as_text=True)
    assert (
        "<option>STO Regio Utrecht</option>" in html and "<option>Techniek Twente</option>" in html
    )
    html = client.get("/overzicht?regio=Techniek+Twente").get_data(as_text=True)
    assert "<option selected>Techniek Twente</option>" in html
    assert "<strong>2</strong> gepubliceerde lessen uit Techniek Twente" in html
    assert 'href="/overzicht.csv?regio=Techniek+Twente"' in html


def test_unknown_region_is_a_dutch_message_not_an_error(covered, client):
    response = client.get("/overzicht?regio=Atlantis")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Er zijn geen lessen of techlabs uit de regio ‘Atlantis’" in html
    assert "<strong>6</strong> gepubliceerde lessen" in html


def test_csv_has_one_row_per_cell(covered, client):
    response = client.get("/overzicht.csv?regio=Techniek+Twente")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert (
        'filename="techniekbieb-overzicht-techniek-twente.csv"'
        in response.headers["Content-Disposition"]
    )
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffoverzicht;rij_sleutel;rij;kolom_sleutel;kolom;lessen\r\n")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert [
        "Werelden",
        "energie-water-veiligheid",
        "Energie, Water & Veiligheid",
        "groep-7-8",
        "Groep 7-8",
        "2",
    ] in rows
    assert ["Alle lessen", "", "", "groep-7-8", "Groep 7-8", "2"] in rows
    assert [
        "vmbo-profielen",
        "pie",
        "Produceren, installeren en energie",
        "vmbo-onderbouw",
        "vmbo leerjaar 1-2",
        "1",
    ] in rows
    assert [
        "Fasen",
        "presenteren-communiceren",
        "Presenteren en communiceren",
        "ontwerpend",
        "Ontwerpend leren",
        "1",
    ] in rows
    assert not any(
        r[0] == "Kerndoelen" and r[1] == "kd-po-45" and r[3] == "vmbo-onderbouw" for r in rows
    )
    # 6 totals, 7 worlds × 6, 10 po goals × 4, 8 ob goals × 1, 9 dg goals × 5, 11 profiles × 6, 14 phases
    assert len(rows) == 1 + 6 + 42 + 40 + 8 + 45 + 66 + 14


def test_csv_of_an_unknown_region_is_refused_in_dutch(covered, client):
    response = client.get("/overzicht.csv?regio=Atlantis")
    assert response.status_code == 400
    assert "geen lessen of techlabs uit de regio" in response.get_data(as_text=True)


def test_only_published_lessons_count_and_the_cache_follows_changes(covered, client, monkeypatch):
    computed = []
    real = overview_cache.compute_coverage
    monkeypatch.setattr(
        overview_cache,
        "compute_coverage",
        lambda vocabularies, region: computed.append(region) or real(vocabularies, region),
    )
    assert "<strong>6</strong>" in client.get("/overzicht").get_data(as_text=True)
    assert "<strong>6</strong>" in client.get("/overzicht").get_data(as_text=True)
    assert computed == [None]

    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "robotarm"))
    lesson.status = LessonStatus.ARCHIVED.value
    db.session.commit()
    html = client.get("/overzicht").get_data(as_text=True)
    assert "<strong>5</strong> gepubliceerde lessen" in html
    assert computed == [None, None]
    assert "<option>STO Regio Utrecht</option>" in html  # magneten is still from Utrecht


def test_a_new_revision_refreshes_the_overview(covered, client, tmp_path):
    assert coverage().worlds.count("mens-gezondheid", "groep-7-8") == 0
    client.get("/overzicht")
    folder = tmp_path / "changed"
    folder.mkdir()
    source = (FIXTURES / "coverage" / "zonneboot.md").read_text()
    (folder / "zonneboot.md").write_text(
        source.replace("worlds: [energie-water-veiligheid]", "worlds: [mens-gezondheid]")
    )
    import_path(folder)
    html = client.get("/overzicht").get_data(as_text=True)
    row = html.split('<th scope="row">Mens &amp; Gezondheid</th>')[1].split("</tr>")[0]
    assert 'href="/lessen?world=mens-gezondheid&amp;grade=groep-7-8">1' in row


def test_empty_library_shows_zeros_and_says_everything_is_a_blind_spot(client):
    response = client.get("/overzicht")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<strong>0</strong> gepubliceerde lessen" in html
    assert "Geen enkele les in groep 1-2 gaat over de wereld Mens &amp; Gezondheid." in html


def test_overview_is_in_the_main_menu(client):
    html = client.get("/").get_data(as_text=True)
    assert '<a href="/overzicht">Overzicht</a>' in html
