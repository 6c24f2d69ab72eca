"""The SQL of the teachers' features on PostgreSQL: the overview's aggregates (a UNION of
literal columns), average ratings for search sorting, and learning lines per world.

Runs where LIBRARY_TEST_POSTGRES_URL names an empty database, like tests/test_postgres.py.
"""

from library.experiences import queries as experiences
from library.experiences import service as experience_service
from library.lessons.importer import import_path
from library.lessons.service import get_lesson
from library.lines import queries as lines
from library.lines import service as line_service
from library.overview.coverage import compute_coverage
from library.vocab.loader import get_vocabularies
from tests.helpers.app import FIXTURES
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
    assert experiences.ratings_by_slug() == {
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
