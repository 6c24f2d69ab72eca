"""The cycle over HTTP: the lab's staff see the request on their dashboard, plan the intake
and confirm; the teacher sees each step on her visits page; each step mails the other side;
nobody else sees the visit (a 404, as for a missing one) or takes a step (a 403)."""

from __future__ import annotations

import sqlalchemy as sa

from library.db import db
from library.mail.models import OutboxMessage
from library.techlabs.models import Visit, VisitStatus
from tests.helpers.visits import ASK_BRIDGES, REQUEST, staff_of, take_step
from tests.helpers.web import Visitor, signed_in


def mails_to(address: str) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage.subject)
            .where(OutboxMessage.recipient == address)
            .order_by(OutboxMessage.id)
        )
    )


def test_the_cycle_from_request_to_visit_over_http(labs, app):
    staff = staff_of("proeflab", app.test_client(), "sam@proeflab.example")
    teacher = signed_in(app.test_client(), "leerkracht", email="juf@school.test")
    assert teacher.post(ASK_BRIDGES, REQUEST).status_code == 302
    visit = db.session.scalars(sa.select(Visit)).one()
    assert mails_to("sam@proeflab.example") == ["Nieuwe aanvraag: Bruggen bouwen met de printer"]

    dashboard = staff.get("/techlabs/proeflab/bezoeken").get_data(as_text=True)
    assert "De Regenboog" in dashboard and "Een brug die een emmer water houdt" in dashboard
    url = f"/bezoeken/{visit.id}"
    page = staff.get(url).get_data(as_text=True)
    assert "Voorgesprek plannen" in page and "Aanvraag afwijzen" in page
    assert "Afspraken vastleggen" not in page  # only after the intake is planned

    response = take_step(
        staff, url, "plan_intake", {"intake_at": "2026-10-06T15:00", "intake_note": "Op school"}
    )
    assert response.status_code == 302
    assert mails_to("juf@school.test") == ["Voorgesprek gepland: Bruggen bouwen met de printer"]
    response = take_step(
        staff,
        url,
        "confirm_visit",
        {
            "question": "Hoe houdt een brug een emmer water?",
            "starts_at": "2026-12-10T09:30",
            "ends_at": "2026-12-10T12:00",
            "teacher_prepares": "Maak het ontwerp zelf een keer.",
            "lab_prepares": "Twee printers.",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Visit, visit.id).status == VisitStatus.BEVESTIGD

    mine = teacher.get("/bezoeken").get_data(as_text=True)
    assert "Bruggen bouwen met de printer" in mine and "Bevestigd" in mine
    page = teacher.get(url).get_data(as_text=True)
    assert "Hoe houdt een brug een emmer water?" in page
    assert "Maak het ontwerp zelf een keer." in page and "10-12-2026 om 09:30" in page
    assert "Bezoek annuleren" in page and "Het bezoek is geweest" not in page

    assert take_step(staff, url, "mark_visited").status_code == 302
    db.session.expire_all()
    assert db.session.get(Visit, visit.id).status == VisitStatus.UITGEVOERD


def test_a_step_with_a_mistake_shows_the_form_again(labs, app):
    staff = staff_of("proeflab", app.test_client(), "sam@proeflab.example")
    teacher = signed_in(app.test_client(), "leerkracht", email="juf@school.test")
    teacher.post(ASK_BRIDGES, REQUEST)
    url = f"/bezoeken/{db.session.scalars(sa.select(Visit.id)).one()}"
    response = take_step(staff, url, "decline_visit", {"reason": ""})
    assert response.status_code == 400
    assert "Schrijf kort waarom; de andere kant leest het." in response.get_data(as_text=True)


def test_nobody_else_sees_or_moves_a_visit(labs, app):
    teacher = signed_in(app.test_client(), "leerkracht", email="juf@school.test")
    teacher.post(ASK_BRIDGES, REQUEST)
    url = f"/bezoeken/{db.session.scalars(sa.select(Visit.id)).one()}"
    other = staff_of("magneetbus", app.test_client(), "bus@magneet.example")
    # To whoever may not see it, a visit answers as one that does not exist.
    assert other.get(url).status_code == 404
    assert other.get("/techlabs/proeflab/bezoeken").status_code == 403
    response = take_step(other, url, "plan_intake", {"intake_at": "2026-10-06T15:00"})
    assert response.status_code == 404
    assert take_step(teacher, url, "plan_intake").status_code == 403
    assert take_step(teacher, url, "bestaat-niet").status_code == 404
    assert Visitor(app.test_client()).get(url).status_code == 302  # to the login page
    db.session.expire_all()
    assert db.session.scalars(sa.select(Visit.status)).one() == VisitStatus.AANGEVRAAGD


def test_the_dashboard_shows_open_requests_first(labs, app):
    staff = staff_of("proeflab", app.test_client(), "sam@proeflab.example")
    teacher = signed_in(app.test_client(), "leerkracht", email="juf@school.test")
    for school in ("Eerste school", "Tweede school"):
        teacher.post(ASK_BRIDGES, {**REQUEST, "school_name": school})
    first = db.session.scalars(sa.select(Visit).where(Visit.school_name == "Eerste school")).one()
    first.status = VisitStatus.BEVESTIGD.value
    db.session.commit()
    page = staff.get("/techlabs/proeflab/bezoeken").get_data(as_text=True)
    assert page.index("Tweede school") < page.index("Eerste school")


def a_visited_request(app) -> tuple[Visitor, Visitor, str]:
    staff = staff_of("proeflab", app.test_client(), "sam@proeflab.example")
    teacher = signed_in(app.test_client(), "leerkracht", email="juf@school.test")
    teacher.post(ASK_BRIDGES, REQUEST)
    visit = db.session.scalars(sa.select(Visit)).one()
    visit.status = VisitStatus.UITGEVOERD.value
    db.session.commit()
    return teacher, staff, f"/bezoeken/{visit.id}"


def test_the_follow_up_is_shown_to_the_lab_and_published_as_an_experience(labs, app):
    from library.experiences.models import Experience

    teacher, staff, url = a_visited_request(app)
    page = teacher.get(url).get_data(as_text=True)
    assert "Nabespreking versturen" in page and "De sterkste brug van papier" in page
    told = {
        "went_well": "De kinderen testten elke brug.",
        "ran_into": "Mijn eigen ontwerp was te zwaar.",
        "class_did_next": "Ze bouwden een ophaalbrug.",
        "publish": "y",
        "rating": "4",
        "minutes": "240",
    }
    assert take_step(teacher, url, "follow_up_visit", told).status_code == 302
    db.session.expire_all()
    visit = db.session.scalars(sa.select(Visit)).one()
    assert visit.status == VisitStatus.NABESPROKEN and visit.followed_up_at is not None
    assert "Mijn eigen ontwerp was te zwaar." in staff.get(url).get_data(as_text=True)
    assert mails_to("sam@proeflab.example")[-1].startswith("Nabespreking van de leerkracht")
    experience = db.session.scalars(sa.select(Experience)).one()
    assert experience.lesson.slug == "brug-van-papier" and experience.author_id == visit.teacher_id
    assert (experience.grade, experience.minutes, experience.rating) == ("groep-7-8", 240, 4)
    assert experience.watch_out == "Mijn eigen ontwerp was te zwaar."


def test_an_empty_follow_up_is_refused(labs, app):
    teacher, _, url = a_visited_request(app)
    response = take_step(teacher, url, "follow_up_visit", {})
    assert response.status_code == 400
    assert "Vertel in ten minste één vak hoe het ging." in response.get_data(as_text=True)


def test_a_follow_up_kept_to_the_lab_shares_no_experience(labs, app):
    from library.experiences.models import Experience

    teacher, _, url = a_visited_request(app)
    response = take_step(teacher, url, "follow_up_visit", {"went_well": "Alles."})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Experience.id))) == 0


def test_publishing_without_stars_keeps_the_form_and_stores_nothing(labs, app):
    teacher, _, url = a_visited_request(app)
    told = {"went_well": "Alles.", "publish": "y", "minutes": "240"}
    response = take_step(teacher, url, "follow_up_visit", told)
    assert response.status_code == 400
    assert "Geef de les 1 tot 5 sterren." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalars(sa.select(Visit.status)).one() == VisitStatus.UITGEVOERD
