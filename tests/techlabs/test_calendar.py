"""The visit as iCalendar: the invitation both sides download parses back to the agreed
event; the lab's private feed holds its confirmed visits only, behind a renewable token."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from icalendar import Calendar

from library.db import db
from library.techlabs.models import Visit, VisitStatus
from library.techlabs.queries import lab_by_slug
from tests.helpers.visits import ASK_BRIDGES, REQUEST, staff_of, take_step
from tests.helpers.web import Visitor, signed_in

AGREED = {
    "question": "Hoe houdt een brug een emmer water?",
    "starts_at": "2026-12-10T09:30",
    "ends_at": "2026-12-10T12:00",
    "teacher_prepares": "Maak het ontwerp zelf een keer.",
}


def a_confirmed_visit(app, school: str = "De Regenboog") -> tuple[Visitor, Visitor, str]:
    staff = staff_of("proeflab", app.test_client(), f"sam-{len(school)}@proeflab.example")
    teacher = signed_in(app.test_client(), "leerkracht", email=f"juf-{len(school)}@school.test")
    teacher.post(ASK_BRIDGES, {**REQUEST, "school_name": school})
    visit_id = db.session.scalars(sa.select(Visit.id).where(Visit.school_name == school)).one()
    url = f"/bezoeken/{visit_id}"
    take_step(staff, url, "plan_intake", {"intake_at": "2026-10-06T15:00"})
    assert take_step(staff, url, "confirm_visit", AGREED).status_code == 302
    return teacher, staff, url


def events(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def test_both_sides_download_the_invitation_and_it_parses_back(labs, app):
    teacher, staff, url = a_confirmed_visit(app)
    assert "Uitnodiging voor je agenda (.ics)" in teacher.get(url).get_data(as_text=True)
    for side in (teacher, staff):
        response = side.get(f"{url}/uitnodiging.ics")
        assert response.status_code == 200
        assert response.mimetype == "text/calendar"
        assert "attachment" in response.headers["Content-Disposition"]
        (event,) = events(response.data)
        # 09:30 in Amsterdam in December is 08:30 UTC.
        assert event.decoded("dtstart") == datetime(2026, 12, 10, 8, 30, tzinfo=UTC)
        assert event.decoded("dtend") == datetime(2026, 12, 10, 11, 0, tzinfo=UTC)
        summary = str(event["summary"])
        assert summary == "Bruggen bouwen met de printer · Proeflab Utrecht · De Regenboog"
        assert str(event["location"]) == "Proefstraat 1, Utrecht"
        assert "Maak het ontwerp zelf een keer." in str(event["description"])
        assert str(event["uid"]).startswith("bezoek-") and str(event["status"]) == "CONFIRMED"


def test_nobody_else_downloads_it_and_a_request_has_none(labs, app):
    teacher, _, url = a_confirmed_visit(app)
    other = signed_in(app.test_client(), "leerkracht", email="ander@school.test")
    assert other.get(f"{url}/uitnodiging.ics").status_code == 404
    assert Visitor(app.test_client()).get(f"{url}/uitnodiging.ics").status_code == 302
    teacher.post(ASK_BRIDGES, {**REQUEST, "school_name": "Nog niet gepland"})
    waiting = db.session.scalars(
        sa.select(Visit.id).where(Visit.school_name == "Nog niet gepland")
    ).one()
    assert teacher.get(f"/bezoeken/{waiting}/uitnodiging.ics").status_code == 404


def test_the_feed_holds_the_confirmed_visits_behind_a_renewable_token(labs, app):
    _, staff, _ = a_confirmed_visit(app)
    a_confirmed_visit(app, school="Het Kompas")
    cancelled = db.session.scalars(sa.select(Visit).where(Visit.school_name == "Het Kompas")).one()
    cancelled.status = VisitStatus.GEANNULEERD.value
    staff.post(ASK_BRIDGES, {**REQUEST, "school_name": "Alleen aangevraagd"})
    db.session.commit()

    dashboard = staff.get("/techlabs/proeflab/bezoeken").get_data(as_text=True)
    assert "<title>Bezoeken · Proeflab Utrecht" in dashboard and "Agenda-link maken" in dashboard
    renew = "/techlabs/proeflab/agenda/vernieuwen"
    assert staff.post(renew, form_page="/techlabs/proeflab/bezoeken").status_code == 302
    token = lab_by_slug("proeflab").calendar_token
    assert len(token) >= 40
    feed = f"/techlabs/proeflab/agenda/{token}.ics"
    assert feed in staff.get("/techlabs/proeflab/bezoeken").get_data(as_text=True)
    response = Visitor(app.test_client()).get(feed)  # a calendar program: no login
    assert response.status_code == 200
    assert [str(e["summary"]).split(" · ")[-1] for e in events(response.data)] == ["De Regenboog"]

    staff.post(renew, form_page="/techlabs/proeflab/bezoeken")
    db.session.expire_all()
    assert lab_by_slug("proeflab").calendar_token != token
    assert Visitor(app.test_client()).get(feed).status_code == 404
    assert Visitor(app.test_client()).get("/techlabs/proeflab/agenda/raden.ics").status_code == 404


def test_only_the_labs_staff_renew_its_feed(labs, app):
    other = staff_of("magneetbus", app.test_client(), "bus@magneet.example")
    response = other.post("/techlabs/proeflab/agenda/vernieuwen", form_page="/account")
    assert response.status_code == 403
    assert lab_by_slug("proeflab").calendar_token is None
