"""The SQL of the teachers' features on PostgreSQL: the overview's aggregates (a UNION of
literal columns), the techlabs' reach, average ratings for search sorting, and learning
lines per world.

Runs where LIBRARY_TEST_POSTGRES_URL names an empty database, like tests/test_postgres.py.
"""

from datetime import UTC, datetime

from library.db import db
from library.dutch_time import SchoolYear
from library.experiences import queries as experiences
from library.experiences import service as experience_service
from library.lessons.importer import import_content, import_path
from library.lessons.service import get_lesson
from library.lines import queries as lines
from library.lines import service as line_service
from library.overview.coverage import compute_coverage
from library.overview.reach import compute_reach, reach_years
from library.vocab.loader import get_vocabularies
from tests.helpers.app import FIXTURES
from tests.helpers.visits import visit_through
from tests.helpers.web import make_user


def test_overview_counts_and_csv_on_postgresql(pg_app):  # noqa: F811
    import_path(FIXTURES / "lessons")
    import_path(FIXTURES / "coverage")
    coverage = compute_coverage(get_vocabularies())
    assert coverage.total == 6
    assert coverage.per_grade["groep-7-8"] == 3
    assert coverage.worlds.count("energie-water-veiligheid", "groep-7-8") == 2
    assert coverage.profiles.count("pie", "groep-7-8") == 2
    assert coverage.goals.covered("groep-7-8") == (4, 19)
    design = next(cycle for cycle in coverage.cycles if cycle.key == "ontwerpend")
    assert design.lessons == 4 and design.phases[0].lessons == 3
    assert compute_coverage(get_vocabularies(), "Techniek Twente").total == 2
    response = pg_app.test_client().get("/overzicht.csv?regio=Techniek+Twente")
    assert response.status_code == 200
    assert (
        "Werelden;energie-water-veiligheid;Energie, Water & Veiligheid;groep-7-8;Groep 7-8;2"
        in (response.get_data(as_text=True))
    )


def test_ratings_and_lines_per_world_on_postgresql(pg_app):  # noqa: F811
    import_path(FIXTURES / "lessons")
    teacher = make_user("leerkracht")
    for slug, grade, rating in [
        ("brug-van-papier", "groep-7-8", 4),
        ("brug-voor-kleuters", "groep-1-2", 5),
    ]:
        report = experience_service.Report(grade=grade, minutes=60, rating=rating)
        experience_service.share(teacher, get_lesson(slug), report)
    assert experiences.ratings_by_slug(
        db.session, ["brug-van-papier", "brug-voor-kleuters", "magneten-onderzoeken"]
    ) == {
        "brug-van-papier": (4.0, 1),
        "brug-voor-kleuters": (5.0, 1),
    }
    line = line_service.create_line(make_user("docent"), "Bruggen bouwen")
    line_service.add_step(line, get_lesson("brug-van-papier"), "groep-7-8", "Van papier.")
    line_service.add_step(line, get_lesson("brug-voor-kleuters"), "groep-1-2", "Met blokken.")
    line_service.set_published(line, True)
    per_world = dict((world.key, items) for world, items in lines.published_per_world("bruggen"))
    assert [item.line.slug for item in per_world["wonen-werken-verkeer"]] == ["bruggen-bouwen"]
    assert per_world["wonen-werken-verkeer"][0].grades == ["groep-1-2", "groep-7-8"]


def test_the_techlabs_reach_on_postgresql(pg_app, content_folder):
    # The aggregates group by a CASE over the status and compare timestamps with a zone.
    import_content(content_folder)
    on = datetime(2026, 7, 31, 23, 30, tzinfo=UTC)  # 1 August in the Netherlands
    visit_through("bruggen-bouwen", "uitgevoerd", school="De Regenboog", starts_at=on)
    visit_through("bruggen-bouwen", "bevestigd", school="de regenboog", pupils=20, starts_at=on)
    visit_through("printen-voor-leerkrachten", "bevestigd", school="Het Anker", grade=None)
    visit_through("bruggen-bouwen", "aangevraagd", school="De Wilg")
    reach = compute_reach(get_vocabularies(), "STO Regio Utrecht", SchoolYear(2026))
    total = reach.total
    assert (total.visits, total.planned, total.schools, total.pupils, total.teachers) == (
        3,
        2,
        2,
        44,
        1,
    )
    assert [school.name for school in reach.reached] == ["De Regenboog", "Het Anker"]
    assert [(school.name, school.last_year) for school in reach.not_yet] == [("De Wilg", None)]
    assert reach_years(None, SchoolYear(2026)) == [SchoolYear(2026)]
