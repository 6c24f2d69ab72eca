"""Ervaringen: teachers report how a lesson went; lessons show the summary; moderators hide
abusive ones; the author hears of new ones; search sorts by rating."""

import pytest
import sqlalchemy as sa

from library.accounts.models import User
from library.db import db
from library.experiences.models import Experience
from library.lessons.models import Lesson
from library.search import indexing
from tests.helpers.web import PASSWORD, Visitor, signed_in

PAPER, TODDLERS, MAGNETS = "brug-van-papier", "brug-voor-kleuters", "magneten-onderzoeken"


@pytest.fixture
def teacher(imported, app):
    return signed_in(app.test_client(), "leerkracht", email="juf@school.test", name="Juf Anna")


@pytest.fixture
def colleague(imported, app):
    return signed_in(app.test_client(), "docent", email="docent@vmbo.test", name="Meester Bob")


@pytest.fixture
def moderator(imported, app):
    return signed_in(
        app.test_client(), "moderator", email="moderator@bieb.test", name="Mo de Rator"
    )


@pytest.fixture
def anonymous(imported, app):
    return Visitor(app.test_client())


def share(visitor, slug, **fields):
    data = {
        "grade": "groep-7-8",
        "minutes": "90",
        "rating": "4",
        "went_well": "",
        "watch_out": "",
        **fields,
    }
    return visitor.post(f"/lessen/{slug}/ervaring", data)


def lesson(slug):
    return db.session.scalar(sa.select(Lesson).where(Lesson.slug == slug))


def experiences():
    db.session.expire_all()
    return db.session.scalars(sa.select(Experience).order_by(Experience.id)).all()


def page(visitor, slug):
    return visitor.get(f"/lessen/{slug}").get_data(as_text=True)


def test_anonymous_visitors_read_experiences_and_are_asked_to_log_in_to_share(anonymous):
    html = page(anonymous, PAPER)
    assert "Ervaringen van leerkrachten" in html
    assert "Nog niemand heeft een ervaring met deze les gedeeld." in html
    assert "Log in om je ervaring te delen" in html
    response = anonymous.get(f"/lessen/{PAPER}/ervaring")
    assert response.status_code == 302 and response.headers["Location"].startswith("/inloggen")


def test_a_teacher_shares_an_experience_that_shows_on_the_lesson_page(teacher, anonymous):
    response = share(
        teacher,
        PAPER,
        went_well="De kinderen bleven proberen tot hun brug 40 knikkers hield.",
        watch_out="Neem extra plakband mee; het raakt snel op.",
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/lessen/{PAPER}#ervaringen"
    html = page(anonymous, PAPER)
    assert "De kinderen bleven proberen tot hun brug 40 knikkers hield." in html
    assert "Neem extra plakband mee; het raakt snel op." in html
    assert "<strong>Juf Anna</strong>" in html
    assert "Gemiddeld <strong>4,0</strong> van de 5 sterren uit 1 ervaring" in html
    assert (
        "de les duurde meestal <strong>1 uur en 30 minuten</strong> (gepland: 1 uur en 30 minuten)"
        in html
    )
    assert (
        '<tr><th scope="row">Groep 7-8</th><td>1</td><td>4,0 sterren</td><td>1 uur en 30 minuten</td></tr>'
        in html
    )
    assert "Dank je wel! Je ervaring staat bij de les." in page(teacher, PAPER)


def test_one_experience_per_teacher_lesson_and_grade_writing_again_edits_it(teacher):
    share(teacher, PAPER, rating="2", minutes="120")
    form = teacher.get(f"/lessen/{PAPER}/ervaring?groep=groep-7-8").get_data(as_text=True)
    assert "Je ervaring bewerken" in form and 'value="120"' in form
    share(teacher, PAPER, rating="5", minutes="100")
    assert [(e.grade, e.rating, e.minutes) for e in experiences()] == [("groep-7-8", 5, 100)]
    assert "Je ervaring is bijgewerkt." in page(teacher, PAPER)
    share(teacher, PAPER, grade="groep-5-6", rating="3", minutes="60")
    assert [(e.grade, e.rating) for e in experiences()] == [("groep-7-8", 5), ("groep-5-6", 3)]


def test_summary_is_the_average_rating_and_the_median_duration_per_grade(imported, app, client):
    ratings = [("groep-7-8", "5", "60"), ("groep-7-8", "4", "50"), ("groep-5-6", "2", "200")]
    for number, (grade, rating, minutes) in enumerate(ratings):
        visitor = signed_in(
            app.test_client(), "leerkracht", email=f"juf{number}@school.test", name=f"Juf {number}"
        )
        share(visitor, PAPER, grade=grade, rating=rating, minutes=minutes)
    data = client.get(f"/api/v1/lessons/{PAPER}").get_json()
    assert data["experiences"] == {"count": 3, "average_rating": 3.7, "typical_minutes": 60}
    html = page(Visitor(client), PAPER)
    assert "Gemiddeld <strong>3,7</strong> van de 5 sterren uit 3 ervaringen" in html
    assert (
        '<tr><th scope="row">Groep 5-6</th><td>1</td><td>2,0 sterren</td><td>3 uur en 20 minuten</td></tr>'
        in html
    )
    assert (
        '<tr><th scope="row">Groep 7-8</th><td>2</td><td>4,5 sterren</td><td>55 minuten</td></tr>'
        in html
    )
    assert html.index("Groep 5-6</th>") < html.index("Groep 7-8</th>")


def test_lesson_json_without_experiences(imported, client):
    data = client.get(f"/api/v1/lessons/{MAGNETS}").get_json()
    assert data["experiences"] == {"count": 0, "average_rating": None, "typical_minutes": None}


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"minutes": "2"}, "Vul een duur in tussen 5 en 2400 minuten."),
        ({"minutes": ""}, "Vul in hoeveel minuten de les echt duurde."),
        ({"rating": ""}, "Geef de les 1 tot 5 sterren."),
        ({"rating": "6"}, "Ongeldige keuze."),
        ({"grade": "groep-9"}, "Ongeldige keuze."),
        ({"went_well": "x" * 2001}, "Hoogstens 2000 tekens."),
    ],
)
def test_bad_input_is_a_dutch_message_on_the_form(teacher, fields, message):
    response = share(teacher, PAPER, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert experiences() == []


def test_the_lessons_own_author_cannot_rate_it(colleague):
    lesson(PAPER).owner_id = db.session.scalar(sa.select(User.id).where(User.name == "Meester Bob"))
    db.session.commit()
    assert colleague.get(f"/lessen/{PAPER}/ervaring").status_code == 403
    assert "Deel je ervaring" not in page(colleague, PAPER)


def test_new_experiences_are_rate_limited_but_editing_is_not(teacher, app):
    app.config["EXPERIENCES_PER_HOUR"] = 2
    share(teacher, PAPER)
    share(teacher, TODDLERS, grade="groep-1-2")
    response = share(teacher, MAGNETS, grade="groep-3-4")
    assert response.status_code == 429
    assert "Je hebt het afgelopen uur al 2 ervaringen gedeeld." in response.get_data(as_text=True)
    assert share(teacher, PAPER, rating="1").status_code == 302
    assert [e.rating for e in experiences()] == [1, 4]


def test_sharing_needs_a_csrf_token(teacher):
    response = teacher.post_without_token(
        f"/lessen/{PAPER}/ervaring", {"grade": "groep-7-8", "minutes": "60", "rating": "4"}
    )
    assert response.status_code == 400
    assert experiences() == []


def test_moderators_hide_an_abusive_experience_from_everyone_but_its_writer(
    teacher, moderator, anonymous
):
    share(teacher, PAPER, rating="1", went_well="Wat een onzinles, de maker is een sukkel.")
    (experience,) = experiences()
    assert "Verbergen" not in page(teacher, PAPER)
    assert teacher.get(f"/ervaringen/{experience.id}/verbergen").status_code == 403
    empty = moderator.post(f"/ervaringen/{experience.id}/verbergen", {"reason": " "})
    assert empty.status_code == 400
    assert "Schrijf kort waarom je de ervaring verbergt." in empty.get_data(as_text=True)
    response = moderator.post(
        f"/ervaringen/{experience.id}/verbergen", {"reason": "Scheldt de maker uit."}
    )
    assert response.headers["Location"] == f"/lessen/{PAPER}#ervaringen"
    public = page(anonymous, PAPER)
    assert "sukkel" not in public and "Nog niemand heeft een ervaring" in public
    assert anonymous.get(f"/api/v1/lessons/{PAPER}").get_json()["experiences"]["count"] == 0
    own = page(teacher, PAPER)
    assert "sukkel" in own and "Verborgen door een moderator: Scheldt de maker uit." in own
    assert "sukkel" in moderator.get("/ervaringen").get_data(as_text=True)
    moderator.post(f"/ervaringen/{experience.id}/tonen", form_page=f"/lessen/{PAPER}")
    assert "sukkel" in page(anonymous, PAPER)


def test_a_hidden_experience_stays_hidden_when_its_writer_posts_it_again(
    teacher, moderator, anonymous
):
    share(teacher, PAPER, went_well="De maker is een sukkel.")
    (experience,) = experiences()
    moderator.post(f"/ervaringen/{experience.id}/verbergen", {"reason": "Scheldt de maker uit."})
    teacher.post(f"/ervaringen/{experience.id}/verwijderen", form_page=f"/lessen/{PAPER}")
    assert experiences() == []

    share(teacher, PAPER, went_well="De maker is nog steeds een sukkel.")
    share(teacher, PAPER, grade="groep-5-6", went_well="En in groep 5-6 ook een sukkel.")
    assert [e.hidden for e in experiences()] == [True, True]
    assert "sukkel" not in page(anonymous, PAPER)
    assert "Verborgen door een moderator: Scheldt de maker uit." in page(teacher, PAPER)
    # Another lesson, and another writer, are not held.
    share(teacher, MAGNETS, went_well="Goede les.")
    assert "Goede les." in page(anonymous, MAGNETS)

    # Shown again by a moderator, one by one: the hold ends with the last hidden one.
    first = experiences()[0]
    moderator.post(f"/ervaringen/{first.id}/tonen", form_page=f"/lessen/{PAPER}")
    share(teacher, PAPER, grade="groep-3-4", went_well="Nog een sukkel.")
    assert experiences()[-1].hidden
    for hidden in [e for e in experiences() if e.hidden]:
        moderator.post(f"/ervaringen/{hidden.id}/tonen", form_page=f"/lessen/{PAPER}")
    share(teacher, PAPER, grade="groep-1-2", went_well="Leuk voor kleuters.")
    assert "Leuk voor kleuters." in page(anonymous, PAPER)


def test_only_moderators_see_the_list_of_recent_experiences(teacher, moderator, anonymous):
    share(teacher, PAPER, went_well="Mooie les.")
    assert teacher.get("/ervaringen").status_code == 403
    assert anonymous.get("/ervaringen").status_code == 302
    html = moderator.get("/ervaringen").get_data(as_text=True)
    assert "Mooie les." in html and "De sterkste brug van papier" in html


def test_writers_delete_their_own_experience_only(teacher, colleague):
    share(teacher, PAPER)
    (experience,) = experiences()
    url = f"/ervaringen/{experience.id}/verwijderen"
    assert colleague.post(url, form_page=f"/lessen/{PAPER}").status_code == 403
    assert teacher.post(url, form_page=f"/lessen/{PAPER}").status_code == 302
    assert experiences() == []


def test_the_author_is_told_of_new_experiences_on_their_account_page(teacher, colleague):
    lesson(PAPER).owner_id = db.session.scalar(sa.select(User.id).where(User.name == "Meester Bob"))
    db.session.commit()
    assert "Nieuwe ervaringen met jouw lessen" not in colleague.get("/account").get_data(
        as_text=True
    )
    share(teacher, PAPER, grade="groep-5-6", rating="5")
    html = colleague.get("/account").get_data(as_text=True)
    assert "Nieuwe ervaringen met jouw lessen" in html
    assert "Juf Anna gaf de les in groep 5-6 en gaf 5 sterren." in html
    colleague.post("/account/ervaringen-gelezen", form_page="/account")
    assert "Nieuwe ervaringen met jouw lessen" not in colleague.get("/account").get_data(
        as_text=True
    )
    share(teacher, PAPER, grade="groep-5-6", rating="4")
    assert "Nieuwe ervaringen met jouw lessen" not in colleague.get("/account").get_data(
        as_text=True
    )


def test_search_sorts_by_rating_best_first_then_unrated_newest(teacher, colleague, client):
    share(teacher, MAGNETS, grade="groep-3-4", rating="3")
    share(colleague, MAGNETS, grade="groep-3-4", rating="4")
    share(teacher, TODDLERS, grade="groep-1-2", rating="5")
    data = client.get("/api/v1/lessons?sort=rating").get_json()
    assert [hit["slug"] for hit in data["results"]] == [TODDLERS, MAGNETS, PAPER]
    html = client.get("/lessen?sort=rating").get_data(as_text=True)
    assert "Best beoordeeld" in html
    assert html.index("Een brug voor de knuffels") < html.index("Wat trekt een magneet aan?")


def rated_order(client):
    return [hit["slug"] for hit in client.get("/api/v1/lessons?sort=rating").get_json()["results"]]


def test_sorting_by_rating_asks_the_database_nothing_about_experiences(teacher, client):
    share(teacher, MAGNETS, grade="groep-3-4", rating="5")
    statements = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", seen)
    try:
        assert rated_order(client)[0] == MAGNETS
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", seen)
    assert statements and not [s for s in statements if "experience" in s.lower()]


def test_hiding_and_deleting_experiences_reorder_the_search_at_once(
    teacher, colleague, moderator, client
):
    share(teacher, MAGNETS, grade="groep-3-4", rating="5")
    share(colleague, PAPER, grade="groep-7-8", rating="4")
    assert rated_order(client) == [MAGNETS, PAPER, TODDLERS]
    magnets = next(e for e in experiences() if e.lesson.slug == MAGNETS)
    moderator.post(f"/ervaringen/{magnets.id}/verbergen", {"reason": "Reclame."})
    assert rated_order(client)[0] == PAPER
    moderator.post(f"/ervaringen/{magnets.id}/tonen", form_page=f"/lessen/{MAGNETS}")
    assert rated_order(client)[0] == MAGNETS
    teacher.post(f"/ervaringen/{magnets.id}/verwijderen", form_page=f"/lessen/{MAGNETS}")
    assert rated_order(client)[0] == PAPER


def test_an_account_deleted_takes_its_ratings_out_of_the_search(teacher, colleague, client):
    share(teacher, MAGNETS, grade="groep-3-4", rating="5")
    share(colleague, PAPER, grade="groep-7-8", rating="3")
    assert rated_order(client)[:2] == [MAGNETS, PAPER]
    response = teacher.post(
        "/account/verwijderen",
        {"name_at_lessons": "naam", "password": PASSWORD, "sure": "y"},
        form_page="/account/mijn-gegevens",
    )
    assert response.status_code == 302
    assert rated_order(client)[0] == PAPER
    assert indexing.check().ok
