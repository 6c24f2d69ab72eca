"""Two teachers ask for the last seat of a date at the same moment: one gets it, the other
is told the date is full, on SQLite and on PostgreSQL; the seats taken never pass the seats."""

from __future__ import annotations

import threading
import time
from datetime import date

import sqlalchemy as sa

from library.accounts.models import User
from library.db import db
from library.lessons.importer import import_content
from library.techlabs import visits
from library.techlabs.models import Activity, ActivityDate, Visit
from library.techlabs.queries import lab_by_slug
from tests.helpers.web import make_user

BEFORE_WORKSHOP = date(2026, 10, 1)
ROUNDS = 3


def race_for_the_last_seat(app, monkeypatch) -> list[str]:
    """Each round leaves one seat of the workshop's date and lets two teachers ask for it
    at once; whoever takes the seat first holds on to it a moment before committing, so
    the other's UPDATE runs while the first transaction is still open."""
    activity = lab_by_slug("proeflab").activities[1]
    moment = activity.dates[0]
    teachers = [make_user("leerkracht", email=f"juf{n}@school.test").id for n in (1, 2)]
    activity_id, moment_id = activity.id, moment.id
    take_seat = visits._take_seat

    def take_seat_slowly(row):
        take_seat(row)
        time.sleep(0.3)

    monkeypatch.setattr(visits, "_take_seat", take_seat_slowly)
    outcomes: list[str] = []
    for _ in range(ROUNDS):
        db.session.execute(
            sa.update(ActivityDate)
            .where(ActivityDate.id == moment_id)
            .values(seats_taken=ActivityDate.seats - 1)
        )
        db.session.commit()
        barrier = threading.Barrier(2)

        def book(teacher_id: int, barrier: threading.Barrier = barrier) -> None:
            with app.app_context():
                teacher = db.session.get(User, teacher_id)
                found = db.session.get(Activity, activity_id)
                asked = visits.VisitRequest(school_name="De Regenboog", moment_id=moment_id)
                barrier.wait()
                try:
                    visits.ask(teacher, found, asked, today=BEFORE_WORKSHOP)
                    outcomes.append("geboekt")
                except visits.TechlabError as problem:
                    outcomes.append(problem.message)
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=book, args=(t,)) for t in teachers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    db.session.expire_all()
    moment = db.session.get(ActivityDate, moment_id)
    assert moment.seats_taken == moment.seats
    assert db.session.scalar(sa.select(sa.func.count(Visit.id))) == ROUNDS
    return outcomes


def assert_one_winner_per_round(outcomes: list[str]) -> None:
    assert len(outcomes) == 2 * ROUNDS
    assert outcomes.count("geboekt") == ROUNDS
    full = "Deze datum is inmiddels vol. Kies een andere datum."
    assert outcomes.count(full) == ROUNDS


def test_the_last_seat_goes_to_one_teacher_on_sqlite(labs, monkeypatch):
    assert_one_winner_per_round(race_for_the_last_seat(labs, monkeypatch))


def test_the_last_seat_goes_to_one_teacher_on_postgresql(pg_app, content_folder, monkeypatch):
    import_content(content_folder)
    assert_one_winner_per_round(race_for_the_last_seat(pg_app, monkeypatch))
