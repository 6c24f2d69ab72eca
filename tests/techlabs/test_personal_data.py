"""A teacher's visits are hers: in the ZIP of everything about her account, and gone with
the account, the seats she booked on dates still to come given back to the lab."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import sqlalchemy as sa

from library.db import db
from library.personal_data import service as personal_data
from library.techlabs import visits
from library.techlabs.models import ActivityDate, Visit
from library.techlabs.queries import lab_by_slug
from tests.helpers.web import make_user


def a_booking_and_a_request():
    teacher = make_user("leerkracht")
    bridges, workshop = lab_by_slug("proeflab").activities
    moment = workshop.dates[0]
    booked = visits.VisitRequest(school_name="De Regenboog", moment_id=moment.id)
    visits.ask(teacher, workshop, booked, today=date(2026, 10, 1))
    asked = visits.VisitRequest(
        school_name="De Regenboog",
        grade="groep-7-8",
        pupils=24,
        preferred_periods="Na de herfstvakantie",
        working_on="Bruggen van papier",
    )
    visits.ask(teacher, bridges, asked, today=date(2026, 10, 1))
    return teacher, moment.id


def test_the_zip_holds_her_visits(labs):
    teacher, _ = a_booking_and_a_request()
    archive = zipfile.ZipFile(io.BytesIO(personal_data.export_zip(teacher)))
    mine = json.loads(archive.read("bezoeken.json"))
    assert sorted(v["activity"] for v in mine) == ["bruggen-bouwen", "printen-voor-leerkrachten"]
    assert {v["working_on"] for v in mine} == {"Bruggen van papier", ""}
    assert "bezoeken.json" in archive.read("LEESMIJ.txt").decode()


def test_deleting_her_account_removes_her_visits_and_gives_back_her_seat(labs):
    teacher, moment_id = a_booking_and_a_request()
    assert db.session.get(ActivityDate, moment_id).seats_taken == 1
    personal_data.delete_account(teacher, anonymous=False)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Visit.id))) == 0
    assert db.session.get(ActivityDate, moment_id).seats_taken == 0
