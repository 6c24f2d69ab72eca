"""`flask content import content`: lessons and labs together, all or nothing, idempotent,
and what `flask content export` writes imports again unchanged."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from library.db import db
from library.techlabs import visits
from library.techlabs.models import Activity, ActivityDate, Lab, Visit
from library.techlabs.queries import lab_by_slug
from tests.helpers.web import make_user


def labs_in_database() -> list[str]:
    return list(db.session.scalars(sa.select(Lab.slug).order_by(Lab.slug)))


def test_one_command_imports_the_lessons_and_the_labs(runner, content_folder):
    result = runner.invoke(args=["content", "import", str(content_folder)])
    assert result.exit_code == 0, result.output
    assert "3 lessen: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd." in result.output
    assert "2 labs: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd." in result.output
    lab = lab_by_slug("proeflab")
    assert lab.name == "Proeflab Utrecht"
    assert lab.kind_label == "Vmbo-techlab"
    assert lab.guides == [{"who": "vmbo-leerlingen", "per_pupils": 5}]
    assert lab.public_contact == ["name", "email"]
    assert [a.slug for a in lab.activities] == ["bruggen-bouwen", "printen-voor-leerkrachten"]
    workshop = lab.activities[1]
    assert workshop.cost_cents == 750 and workshop.teacher_format == "workshop"
    assert [(d.day.isoformat(), d.starts_at.isoformat(), d.seats) for d in workshop.dates] == [
        ("2026-11-04", "19:00:00", 12)
    ]


def test_descriptions_are_stored_as_sanitised_html(labs):
    lab = lab_by_slug("proeflab")
    assert "<strong>bruggen</strong>" in lab.description_html
    assert "<script" not in lab.description_html


def test_a_second_import_changes_nothing(runner, content_folder):
    runner.invoke(args=["content", "import", str(content_folder)])
    ids = list(db.session.scalars(sa.select(Activity.id).order_by(Activity.id)))
    result = runner.invoke(args=["content", "import", str(content_folder)])
    assert result.exit_code == 0, result.output
    assert "2 labs: 0 nieuw, 0 bijgewerkt, 2 ongewijzigd." in result.output
    assert list(db.session.scalars(sa.select(Activity.id).order_by(Activity.id))) == ids


def test_a_changed_file_updates_its_lab_in_place(runner, content_folder):
    runner.invoke(args=["content", "import", str(content_folder)])
    lab = lab_by_slug("proeflab")
    kept = {a.slug: a.id for a in lab.activities}
    date_id = lab.activities[1].dates[0].id
    path = content_folder / "techlabs" / "proeflab.yaml"
    path.write_text(path.read_text().replace("seats: 12", "seats: 10"))
    result = runner.invoke(args=["content", "import", str(content_folder)])
    assert "2 labs: 0 nieuw, 1 bijgewerkt, 1 ongewijzigd." in result.output
    db.session.expire_all()
    lab = lab_by_slug("proeflab")
    assert {a.slug: a.id for a in lab.activities} == kept
    assert db.session.get(ActivityDate, date_id).seats == 10


def test_one_bad_file_writes_nothing_and_names_every_problem(runner, content_folder):
    bad = content_folder / "techlabs" / "magneetbus.yaml"
    bad.write_text(bad.read_text().replace("kind: techniekbus", "kind: vrachtwagen"))
    lesson = content_folder / "lessons" / "brug-voor-kleuters.md"
    lesson.write_text(lesson.read_text().replace("kind:", "soort:", 1))
    result = runner.invoke(args=["content", "import", str(content_folder)])
    assert result.exit_code == 1
    assert f"{bad}:2: `vrachtwagen` is geen geldige waarde voor `kind`" in result.output
    assert "brug-voor-kleuters.md:" in result.output
    assert "er is niets geschreven" in result.output
    assert labs_in_database() == []


def test_an_activity_naming_a_missing_lesson_writes_nothing(runner, content_folder):
    path = content_folder / "techlabs" / "magneetbus.yaml"
    path.write_text(path.read_text().replace("magneten-onderzoeken", "bestaat-niet"))
    result = runner.invoke(args=["content", "import", str(content_folder)])
    assert result.exit_code == 1
    line = path.read_text().splitlines().index("    preparation_lesson: bestaat-niet") + 1
    expected = f"{path}:{line}: de les `bestaat-niet` (`preparation_lesson`) bestaat niet"
    assert expected in result.output
    assert labs_in_database() == []


def test_export_and_import_round_trip(runner, labs, tmp_path):
    target = tmp_path / "export"
    result = runner.invoke(args=["content", "export", str(target)])
    assert "2 labs geëxporteerd" in result.output
    assert sorted(p.name for p in (target / "techlabs").iterdir()) == [
        "magneetbus.yaml",
        "proeflab.yaml",
    ]
    result = runner.invoke(args=["content", "import", str(target)])
    assert result.exit_code == 0, result.output
    assert "3 lessen: 0 nieuw, 0 bijgewerkt, 3 ongewijzigd." in result.output
    assert "2 labs: 0 nieuw, 0 bijgewerkt, 2 ongewijzigd." in result.output


def test_check_reads_a_content_folder_without_writing(runner, content_folder):
    result = runner.invoke(args=["content", "check", str(content_folder)])
    assert result.exit_code == 0, result.output
    assert "3 lesbestanden in orde." in result.output and "2 labs in orde." in result.output
    assert labs_in_database() == []


def test_a_lesson_folder_imports_as_before(runner, fixture_lessons):
    result = runner.invoke(args=["content", "import", str(fixture_lessons)])
    assert result.output.strip().endswith("3 lessen: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd.")


def test_a_file_keeps_what_visits_point_at(runner, content_folder):
    runner.invoke(args=["content", "import", str(content_folder)])
    teacher = make_user("leerkracht")
    bridges, workshop = lab_by_slug("proeflab").activities
    booked = visits.VisitRequest(school_name="De Regenboog", moment_id=workshop.dates[0].id)
    visits.ask(teacher, workshop, booked, today=date(2026, 10, 1))
    path = content_folder / "techlabs" / "proeflab.yaml"
    original = path.read_text()

    path.write_text(original.replace("seats: 12", "seats: 1"))
    workshop.dates[0].seats_taken = 2
    db.session.commit()
    result = runner.invoke(args=["content", "import", str(content_folder)])
    assert result.exit_code == 1
    assert "zijn al 2 plaatsen geboekt; minder plaatsen kan niet" in result.output

    path.write_text(original.replace("date: 2026-11-04", "date: 2026-11-05"))
    result = runner.invoke(args=["content", "import", str(content_folder)])
    assert result.exit_code == 1
    assert "de datum 2026-11-04 19:00 van `printen-voor-leerkrachten` heeft bezoeken" in (
        result.output
    )
    assert db.session.scalar(sa.select(sa.func.count(Visit.id))) == 1
