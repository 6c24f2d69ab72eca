"""Asking for a visit: a confirmed teacher's request "op aanvraag", a seat on a fixed date
booked at once while seats last, every text limited, every mistake a Dutch message."""

from __future__ import annotations

from datetime import date

import pytest

from library.db import db
from library.techlabs import visits
from library.techlabs.models import Visit, VisitStatus
from library.techlabs.queries import lab_by_slug
from tests.helpers.web import signed_in

ASK_BRIDGES = "/techlabs/proeflab/bruggen-bouwen/aanvragen"
BOOK_WORKSHOP = "/techlabs/proeflab/printen-voor-leerkrachten/aanvragen"
# The fixture workshop's one fixed date is 2026-11-04: these tests live before it.
BEFORE_WORKSHOP = date(2026, 10, 1)
CLASS_REQUEST = {
    "school_name": "De Regenboog",
    "grade": "groep-7-8",
    "pupils": "24",
    "preferred_periods": "Na de herfstvakantie, op dinsdag.",
    "working_on": "We bouwen bruggen van papier.",
    "wants_to": "Een brug die een emmer water houdt.",
}


@pytest.fixture
def before_the_workshop(monkeypatch):
    """Today on the Dutch calendar: before the fixture workshop's date, so it can be booked."""
    from library import dutch_time

    monkeypatch.setattr(dutch_time, "today", lambda: BEFORE_WORKSHOP)


def workshop_date():
    return lab_by_slug("proeflab").activities[1].dates[0]


def test_a_teacher_asks_for_a_visit_on_request(labs, client):
    teacher = signed_in(client, "leerkracht")
    page = teacher.get(ASK_BRIDGES).get_data(as_text=True)
    assert "Bezoek aanvragen" in page and "Waar is de klas mee bezig?" in page
    response = teacher.post(ASK_BRIDGES, CLASS_REQUEST)
    assert response.status_code == 302
    visit = db.session.query(Visit).one()
    assert visit.status == VisitStatus.AANGEVRAAGD
    assert visit.teacher_id == teacher.user.id and visit.activity.slug == "bruggen-bouwen"
    assert (visit.school_name, visit.grade, visit.pupils) == ("De Regenboog", "groep-7-8", 24)
    assert visit.working_on == "We bouwen bruggen van papier."
    assert visit.wants_to == "Een brug die een emmer water houdt."
    assert visit.activity_date_id is None
    followed = teacher.get(response.headers["Location"]).get_data(as_text=True)
    assert "Je aanvraag is verstuurd." in followed


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"school_name": ""}, "school_name", "Vul de naam van je school in."),
        ({"school_name": "s" * 201}, "school_name", "Hoogstens 200 tekens."),
        ({"grade": "groep-1-2"}, "grade", "Kies de groep van de klas die komt."),
        ({"pupils": "29"}, "pupils", "Vul een aantal leerlingen in van 1 tot en met 28."),
        ({"pupils": "0"}, "pupils", "Vul een aantal leerlingen in van 1 tot en met 28."),
        ({"pupils": ""}, "pupils", "Vul een aantal leerlingen in van 1 tot en met 28."),
        ({"preferred_periods": ""}, "preferred_periods", "Schrijf wanneer jullie zouden"),
        ({"preferred_periods": "p" * 501}, "preferred_periods", "Hoogstens 500 tekens."),
        ({"working_on": " "}, "working_on", "Schrijf kort waar de klas mee bezig is."),
        ({"wants_to": "w" * 2001}, "wants_to", "Hoogstens 2000 tekens."),
    ],
)
def test_what_cannot_be_asked_gets_a_dutch_message(labs, client, changes, field, message):
    teacher = signed_in(client, "leerkracht")
    response = teacher.post(ASK_BRIDGES, {**CLASS_REQUEST, **changes})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-fout">{message}' in page
    assert db.session.query(Visit).count() == 0


def test_a_post_without_the_token_is_refused(labs, client):
    teacher = signed_in(client, "leerkracht")
    response = teacher.post_without_token(ASK_BRIDGES, CLASS_REQUEST)
    assert response.status_code == 400
    assert db.session.query(Visit).count() == 0


def test_only_a_confirmed_account_asks(labs, client):
    assert client.get(ASK_BRIDGES).status_code == 302  # to the login page
    teacher = signed_in(client, "leerkracht")
    teacher.user.email_confirmed_at = None
    db.session.commit()
    assert teacher.get(ASK_BRIDGES).status_code == 403
    assert teacher.post(ASK_BRIDGES, CLASS_REQUEST, form_page="/account").status_code == 403
    assert db.session.query(Visit).count() == 0


def test_an_unknown_activity_is_a_404(labs, client):
    teacher = signed_in(client, "leerkracht")
    assert teacher.get("/techlabs/proeflab/bestaat-niet/aanvragen").status_code == 404


def test_a_seat_on_a_fixed_date_is_booked_at_once(labs, client, before_the_workshop):
    teacher = signed_in(client, "leerkracht")
    moment = workshop_date()
    page = teacher.get(BOOK_WORKSHOP).get_data(as_text=True)
    assert "4 november 2026, 19:00–20:30 (12 vrij)" in page
    assert "Welke groep komt?" not in page  # a workshop for teachers themselves
    response = teacher.post(BOOK_WORKSHOP, {"school_name": "De Regenboog", "moment": moment.id})
    assert response.status_code == 302
    visit = db.session.query(Visit).one()
    assert visit.status == VisitStatus.BEVESTIGD and visit.activity_date_id == moment.id
    assert (visit.grade, visit.pupils) == (None, None)
    db.session.refresh(moment)
    assert moment.seats_taken == 1 and moment.seats_left == 11
    followed = teacher.get(response.headers["Location"]).get_data(as_text=True)
    assert "Je plaats is gereserveerd." in followed


def test_a_full_date_is_refused_and_nothing_is_stored(labs, client, before_the_workshop):
    moment = workshop_date()
    moment.seats_taken = moment.seats
    db.session.commit()
    teacher = signed_in(client, "leerkracht")
    assert "geen datums meer met vrije plaatsen" in teacher.get(BOOK_WORKSHOP).get_data(
        as_text=True
    )
    response = teacher.post(
        BOOK_WORKSHOP, {"school_name": "De Regenboog", "moment": moment.id}, form_page="/account"
    )
    assert response.status_code == 409
    assert db.session.query(Visit).count() == 0


def test_a_past_date_cannot_be_booked(labs):
    from tests.helpers.web import make_user

    teacher = make_user("leerkracht")
    activity = lab_by_slug("proeflab").activities[1]
    asked = visits.VisitRequest(school_name="De Regenboog", moment_id=activity.dates[0].id)
    with pytest.raises(visits.TechlabError, match="een van de datums die nog komen"):
        visits.ask(teacher, activity, asked, today=date(2026, 11, 4))
    assert activity.dates[0].seats_taken == 0


def test_the_database_refuses_more_seats_than_a_date_has(labs):
    import sqlalchemy as sa

    moment = workshop_date()
    moment.seats_taken = moment.seats + 1
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
