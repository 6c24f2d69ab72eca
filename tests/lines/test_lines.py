"""Leerlijnen: docents build ordered series of lessons across grade groups; lessons show the
lines they are in; lines are listed per world, searchable, and in the API."""

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from library.db import db
from library.lessons.models import Lesson, LessonStatus
from library.lines import service
from library.lines.models import LearningLine
from tests.helpers.web import Visitor, make_user, signed_in

PAPER, TODDLERS, MAGNETS = "brug-van-papier", "brug-voor-kleuters", "magneten-onderzoeken"
LONG_AGO = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.fixture
def docent(imported, app):
    return signed_in(app.test_client(), "docent", email="docent@vmbo.test", name="Meester Bob")


@pytest.fixture
def other_docent(imported, app):
    return signed_in(app.test_client(), "docent", email="ander@vmbo.test", name="Juf Carla")


@pytest.fixture
def anonymous(imported, app):
    return Visitor(app.test_client())


def new_line(visitor, title="Bruggen van groep 1 tot 8", description="Van blokken tot papier."):
    response = visitor.post("/leerlijnen/nieuw", {"title": title, "description": description})
    return response.headers.get("Location", "").removeprefix("/leerlijnen/")


def add_step(visitor, slug, lesson, grade, explanation="Hier bouwen ze verder op de vorige stap."):
    return visitor.post(
        f"/leerlijnen/{slug}/stappen",
        {"lesson": lesson, "grade": grade, "explanation": explanation},
        form_page=f"/leerlijnen/{slug}",
    )


def step_lessons(visitor, slug):
    html = visitor.get(f"/leerlijnen/{slug}").get_data(as_text=True)
    return [part.split('"')[0] for part in html.split('<h3><a href="/lessen/')[1:]]


def publish(visitor, slug, visible="ja"):
    return visitor.post(
        f"/leerlijnen/{slug}/publiceren", {"zichtbaar": visible}, form_page=f"/leerlijnen/{slug}"
    )


@pytest.fixture
def bridges(docent):
    """A published line of three steps: kleuters, magneten, papier."""
    slug = new_line(docent)
    add_step(docent, slug, f"http://bieb.test/lessen/{PAPER}", "groep-7-8")
    add_step(docent, slug, f"/lessen/{TODDLERS}", "groep-1-2", "Eerst bouwen met blokken.")
    add_step(docent, slug, MAGNETS, "groep-3-4")
    publish(docent, slug)
    return slug


def test_only_those_who_write_lessons_make_lines(imported, app, anonymous):
    student = signed_in(
        app.test_client(), "pabo-student", email="student@pabo.test", name="Student Sam"
    )
    assert student.get("/leerlijnen/nieuw").status_code == 403
    response = anonymous.get("/leerlijnen/nieuw")
    assert response.status_code == 302 and response.headers["Location"].startswith("/inloggen")
    teacher = signed_in(app.test_client(), "leerkracht", email="juf@school.test", name="Juf Anna")
    assert teacher.get("/leerlijnen/nieuw").status_code == 200


def test_a_line_needs_a_title_and_gets_a_free_slug(docent):
    response = docent.post("/leerlijnen/nieuw", {"title": "", "description": ""})
    assert response.status_code == 400
    assert "Geef de leerlijn een titel." in response.get_data(as_text=True)
    assert new_line(docent, "Van knikker tot robot!") == "van-knikker-tot-robot"
    assert re.fullmatch(
        r"van-knikker-tot-robot-[0-9a-f]{6}", new_line(docent, "Van knikker tot robot")
    )


def test_steps_come_in_grade_order_and_can_be_moved(docent, bridges):
    assert step_lessons(docent, bridges) == [TODDLERS, MAGNETS, PAPER]
    line = db.session.scalar(sa.select(LearningLine))
    papier = next(step for step in line.steps if step.lesson.slug == PAPER)
    url = f"/leerlijnen/{bridges}/stappen/{papier.id}/verplaatsen"
    docent.post(url, {"richting": "omhoog"}, form_page=f"/leerlijnen/{bridges}")
    assert step_lessons(docent, bridges) == [TODDLERS, PAPER, MAGNETS]
    html = docent.get(f"/leerlijnen/{bridges}").get_data(as_text=True)
    assert "Eerst bouwen met blokken." in html


@pytest.mark.parametrize(
    "lesson, grade, explanation, message",
    [
        (
            "http://bieb.test/lessen/bestaat-niet",
            "groep-7-8",
            "Uitleg.",
            "Er is geen gepubliceerde les op dit adres.",
        ),
        (
            PAPER,
            "groep-1-2",
            "Uitleg.",
            "‘De sterkste brug van papier’ is een les voor Groep 7-8. Kies een van die.",
        ),
        (PAPER, "groep-7-8", "", "Schrijf kort wat deze stap toevoegt aan de leerlijn."),
        ("", "groep-7-8", "Uitleg.", "Plak het adres van de les."),
    ],
)
def test_a_bad_step_is_refused_in_dutch(docent, lesson, grade, explanation, message):
    slug = new_line(docent)
    response = add_step(docent, slug, lesson, grade, explanation)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert step_lessons(docent, slug) == []


def test_a_lesson_is_a_step_only_once(docent):
    slug = new_line(docent)
    add_step(docent, slug, PAPER, "groep-7-8")
    response = add_step(docent, slug, PAPER, "groep-7-8")
    assert "‘De sterkste brug van papier’ staat al in deze leerlijn." in response.get_data(
        as_text=True
    )


def test_a_draft_line_is_seen_by_its_owner_only(docent, other_docent, anonymous):
    slug = new_line(docent)
    add_step(docent, slug, PAPER, "groep-7-8")
    assert docent.get(f"/leerlijnen/{slug}").status_code == 200
    assert other_docent.get(f"/leerlijnen/{slug}").status_code == 404
    assert anonymous.get(f"/leerlijnen/{slug}").status_code == 404
    assert anonymous.get(f"/api/v1/lines/{slug}").status_code == 404
    assert "Bruggen van groep 1 tot 8" not in anonymous.get("/leerlijnen").get_data(as_text=True)


def test_publishing_needs_two_lessons(docent):
    slug = new_line(docent)
    add_step(docent, slug, PAPER, "groep-7-8")
    publish(docent, slug)
    assert "minstens 2 lessen nodig om te publiceren" in docent.get(f"/leerlijnen/{slug}").get_data(
        as_text=True
    )
    assert not db.session.scalar(sa.select(LearningLine.published))


def test_published_lines_are_listed_per_world_of_their_lessons(bridges, anonymous):
    html = anonymous.get("/leerlijnen").get_data(as_text=True)
    building = html.split('id="wereld-wonen-werken-verkeer"')[1].split("</section>")[0]
    science = html.split('id="wereld-hightech-science"')[1].split("</section>")[0]
    health = html.split('id="wereld-mens-gezondheid"')[1].split("</section>")[0]
    assert f'<a href="/leerlijnen/{bridges}">Bruggen van groep 1 tot 8</a>' in building
    assert "3 lessen · Groep 1-2 tot Groep 7-8" in building
    assert f'href="/leerlijnen/{bridges}"' in science
    assert "Nog geen leerlijnen in deze wereld." in health


def test_lines_are_found_by_words_of_their_title_and_description(bridges, anonymous):
    html = anonymous.get("/leerlijnen?q=blokken+papier").get_data(as_text=True)
    assert "1 leerlijn met ‘blokken papier’" in html and f'href="/leerlijnen/{bridges}"' in html
    html = anonymous.get("/leerlijnen?q=raket").get_data(as_text=True)
    assert "0 leerlijnen met ‘raket’" in html and f'href="/leerlijnen/{bridges}"' not in html


def test_a_lesson_shows_the_lines_it_is_part_of(bridges, anonymous):
    html = anonymous.get(f"/lessen/{MAGNETS}").get_data(as_text=True)
    assert "In leerlijnen" in html
    assert "Stap 2 van 3 in <a href=" in html and ">Bruggen van groep 1 tot 8</a>" in html


def test_a_docent_adds_a_lesson_to_a_line_from_the_lesson_page(docent):
    slug = new_line(docent)
    page = docent.get(f"/lessen/{MAGNETS}").get_data(as_text=True)
    assert "Toevoegen aan een leerlijn van mij" in page
    response = docent.post(
        f"/lessen/{MAGNETS}/in-leerlijn",
        {"line": slug, "grade": "groep-5-6", "explanation": "Nu met magneten."},
        form_page=f"/lessen/{MAGNETS}",
    )
    assert response.headers["Location"] == f"/lessen/{MAGNETS}#leerlijnen"
    assert step_lessons(docent, slug) == [MAGNETS]


def test_only_the_owner_and_moderators_change_a_line(bridges, other_docent, app, anonymous):
    assert other_docent.get(f"/leerlijnen/{bridges}/bewerken").status_code == 403
    response = other_docent.post(
        f"/leerlijnen/{bridges}/publiceren", {"zichtbaar": "nee"}, form_page="/mijn-lessen"
    )
    assert response.status_code == 403
    moderator = signed_in(
        app.test_client(), "moderator", email="moderator@bieb.test", name="Mo de Rator"
    )
    publish(moderator, bridges, "nee")
    assert anonymous.get(f"/leerlijnen/{bridges}").status_code == 404


def test_removing_steps_below_two_unpublishes_the_line(docent, bridges, anonymous):
    line = db.session.scalar(sa.select(LearningLine))
    for step in list(line.steps)[:2]:
        docent.post(
            f"/leerlijnen/{bridges}/stappen/{step.id}/weghalen", form_page=f"/leerlijnen/{bridges}"
        )
    assert step_lessons(docent, bridges) == [PAPER]
    assert anonymous.get(f"/leerlijnen/{bridges}").status_code == 404


def test_an_archived_lesson_drops_out_of_the_line_for_readers(bridges, anonymous, docent):
    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == MAGNETS))
    lesson.status = LessonStatus.ARCHIVED.value
    db.session.commit()
    assert step_lessons(anonymous, bridges) == [TODDLERS, PAPER]
    assert "niet meer gepubliceerd" in docent.get(f"/leerlijnen/{bridges}").get_data(as_text=True)


def test_owner_edits_a_step_and_the_line(docent, bridges):
    line = db.session.scalar(sa.select(LearningLine))
    step = line.steps[0]
    url = f"/leerlijnen/{bridges}/stappen/{step.id}"
    response = docent.post(
        url, {"grade": "groep-1-2", "explanation": "Blokken, knuffels, bruggen."}
    )
    assert response.headers["Location"] == f"/leerlijnen/{bridges}#stap-{step.id}"
    bad = docent.post(url, {"grade": "groep-7-8", "explanation": "x"})
    assert bad.status_code == 400 and "Ongeldige keuze." in bad.get_data(as_text=True)
    docent.post(f"/leerlijnen/{bridges}/bewerken", {"title": "Bruggen!", "description": ""})
    html = docent.get(f"/leerlijnen/{bridges}").get_data(as_text=True)
    assert "<h1>Bruggen!</h1>" in html and "Blokken, knuffels, bruggen." in html


def test_owner_deletes_a_line(docent, bridges):
    assert "Ja, verwijderen" in docent.get(f"/leerlijnen/{bridges}/verwijderen").get_data(
        as_text=True
    )
    response = docent.post(f"/leerlijnen/{bridges}/verwijderen")
    assert response.headers["Location"] == "/leerlijnen"
    assert db.session.scalar(sa.select(LearningLine)) is None


def test_api_gives_a_published_line_with_its_steps(bridges, anonymous):
    data = anonymous.get(f"/api/v1/lines/{bridges}").get_json()
    assert data["title"] == "Bruggen van groep 1 tot 8" and data["author"] == "Meester Bob"
    assert data["url"] == f"http://bieb.test/leerlijnen/{bridges}"
    assert [(s["position"], s["grade"], s["lesson"]["slug"]) for s in data["steps"]] == [
        (1, "groep-1-2", TODDLERS),
        (2, "groep-3-4", MAGNETS),
        (3, "groep-7-8", PAPER),
    ]
    assert data["steps"][0]["explanation"] == "Eerst bouwen met blokken."
    assert anonymous.get("/api/v1/lines/bestaat-niet").get_json() == {
        "error": {"status": 404, "message": "Er is geen gepubliceerde leerlijn 'bestaat-niet'."}
    }


def test_mijn_lessen_lists_my_lines(docent, bridges):
    html = docent.get("/mijn-lessen").get_data(as_text=True)
    assert f'<a href="/leerlijnen/{bridges}">Bruggen van groep 1 tot 8</a>' in html
    assert "3 stappen · gepubliceerd" in html


def test_every_change_to_a_line_or_its_steps_moves_its_updated_at(imported):
    line = service.create_line(make_user("docent"), "Bruggen")

    def lesson(slug):
        return db.session.scalar(sa.select(Lesson).where(Lesson.slug == slug))

    changes = {
        "add a step": lambda: service.add_step(line, lesson(PAPER), "groep-7-8", "Papier."),
        "add another": lambda: service.add_step(line, lesson(TODDLERS), "groep-1-2", "Blokken."),
        "and another": lambda: service.add_step(line, lesson(MAGNETS), "groep-3-4", "Magneten."),
        "explain a step": lambda: service.update_step(line.steps[0], "groep-1-2", "Knuffels."),
        "move a step": lambda: service.move_step(line.steps[0], 1),
        "remove a step": lambda: service.remove_step(line.steps[0]),
        "publish": lambda: service.set_published(line, True),
        "describe": lambda: service.update_line(line, "Bruggen!", "Van blokken tot papier."),
    }
    for change, call in changes.items():
        line.updated_at = LONG_AGO
        db.session.commit()
        call()
        assert line.updated_at > LONG_AGO, change
