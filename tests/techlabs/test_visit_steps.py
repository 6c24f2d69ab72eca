"""The Doe-Lab cycle: every step x every party x every status, asked of the policy, and the
steps themselves: what each stores, what it refuses, and a seat that comes free again."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_login import AnonymousUserMixin

from library.accounts import policy
from library.db import db
from library.techlabs import visits
from library.techlabs.models import LabStaff, Visit, VisitStatus
from library.techlabs.queries import lab_by_slug
from tests.helpers.web import make_user

PARTIES = [
    "teacher-who-asked",
    "another-teacher",
    "staff-of-this-lab",
    "staff-of-another-lab",
    "moderator",
    "anonymous",
]
# The cycle as the issue tells it: which side takes each step, from which statuses.
CYCLE = {
    "plan_intake": ("lab", {"aangevraagd", "voorgesprek"}),
    "confirm_visit": ("lab", {"voorgesprek"}),
    "decline_visit": ("lab", {"aangevraagd", "voorgesprek"}),
    "mark_visited": ("lab", {"bevestigd"}),
    "follow_up_visit": ("teacher", {"uitgevoerd"}),
    "cancel_visit": ("both", {"aangevraagd", "voorgesprek", "bevestigd"}),
}
LAB_SIDE = {"staff-of-this-lab", "moderator"}
AGREEMENT = visits.Agreement(
    question="Hoe bouw je een brug die een emmer water houdt?",
    starts_at=datetime(2026, 12, 10, 8, 30, tzinfo=UTC),
    ends_at=datetime(2026, 12, 10, 11, 0, tzinfo=UTC),
    teacher_prepares="Maak het ontwerp zelf een keer.",
    lab_prepares="Twee printers en PLA.",
)


def a_request(teacher=None) -> Visit:
    teacher = teacher or make_user("leerkracht", email="juf@school.test")
    activity = lab_by_slug("proeflab").activities[0]
    asked = visits.VisitRequest(
        school_name="De Regenboog",
        grade="groep-7-8",
        pupils=24,
        preferred_periods="Na de herfstvakantie",
        working_on="Bruggen van papier",
    )
    return visits.ask(teacher, activity, asked, today=date(2026, 10, 1))


def party(name: str, visit: Visit):
    if name == "anonymous":
        return AnonymousUserMixin()
    if name == "teacher-who-asked":
        return visit.teacher
    if name == "moderator":
        return make_user("moderator")
    user = make_user("leerkracht", email=f"{name}@school.test")
    lab = {"staff-of-this-lab": "proeflab", "staff-of-another-lab": "magneetbus"}.get(name)
    if lab:
        db.session.add(LabStaff(lab=lab_by_slug(lab), user=user))
        db.session.commit()
    return user


def may(name: str, step: str, status: str) -> bool:
    side, statuses = CYCLE[step]
    takes = {
        "lab": name in LAB_SIDE,
        "teacher": name == "teacher-who-asked",
        "both": name in LAB_SIDE or name == "teacher-who-asked",
    }[side]
    return takes and status in statuses


@pytest.mark.parametrize("status", [s.value for s in VisitStatus])
@pytest.mark.parametrize("name", PARTIES)
def test_each_step_is_taken_by_its_side_from_its_statuses(labs, name, status):
    visit = a_request()
    visit.status = status
    db.session.commit()
    user = party(name, visit)
    assert set(policy.VISIT_STEPS) == set(CYCLE)
    for step in CYCLE:
        assert policy.can(user, step, visit) == may(name, step, status), (step, name, status)
    sees = name in LAB_SIDE or name == "teacher-who-asked"
    assert policy.can(user, "view_visit", visit) == sees


def test_the_cycle_from_request_to_visit(labs):
    visit = a_request()
    intake = datetime(2026, 10, 6, 15, 0, tzinfo=UTC)
    visits.plan_intake(visit, intake, "Bellen via Teams")
    assert visit.status == VisitStatus.VOORGESPREK and visit.intake_note == "Bellen via Teams"
    visits.confirm(visit, AGREEMENT)
    db.session.expire_all()
    visit = db.session.get(Visit, visit.id)
    assert visit.status == VisitStatus.BEVESTIGD
    assert visit.question == AGREEMENT.question
    assert visit.starts_at == AGREEMENT.starts_at and visit.starts_at.tzinfo is not None
    assert visit.teacher_prepares == "Maak het ontwerp zelf een keer."
    visits.mark_visited(visit)
    assert visit.status == VisitStatus.UITGEVOERD


def test_a_step_from_the_wrong_status_changes_nothing(labs):
    visit = a_request()
    with pytest.raises(visits.TechlabError, match="intussen al verder"):
        visits.confirm(visit, AGREEMENT)
    db.session.expire_all()
    visit = db.session.get(Visit, visit.id)
    assert visit.status == VisitStatus.AANGEVRAAGD and visit.question == ""


@pytest.mark.parametrize(
    ("agreement", "message"),
    [
        (visits.Agreement("", AGREEMENT.starts_at, AGREEMENT.ends_at), "onderzoeks- of ontwerp"),
        (
            visits.Agreement("Vraag", AGREEMENT.ends_at, AGREEMENT.starts_at),
            "eindigen na het begin",
        ),
        (
            visits.Agreement("v" * 2001, AGREEMENT.starts_at, AGREEMENT.ends_at),
            "Hoogstens 2000 tekens",
        ),
    ],
)
def test_an_agreement_that_cannot_be_kept_is_refused(labs, agreement, message):
    visit = a_request()
    visits.plan_intake(visit, datetime(2026, 10, 6, 15, 0, tzinfo=UTC))
    with pytest.raises(visits.TechlabError, match=message):
        visits.confirm(visit, agreement)


def test_declining_and_cancelling_need_a_reason(labs):
    visit = a_request()
    with pytest.raises(visits.TechlabError, match="Schrijf kort waarom"):
        visits.decline(visit, "  ")
    visits.decline(visit, "Die week is het lab  dicht.")
    assert visit.status == VisitStatus.AFGEWEZEN and visit.reason == "Die week is het lab dicht."
    with pytest.raises(visits.TechlabError):
        visits.cancel(visit, "Toch niet", by_side="teacher")


def test_cancelling_a_booked_seat_frees_it(labs):
    teacher = make_user("leerkracht")
    activity = lab_by_slug("proeflab").activities[1]
    moment = activity.dates[0]
    asked = visits.VisitRequest(school_name="De Regenboog", moment_id=moment.id)
    visit = visits.ask(teacher, activity, asked, today=date(2026, 10, 1))
    db.session.refresh(moment)
    assert moment.seats_taken == 1
    visits.cancel(visit, "De school is die avond dicht.", by_side="teacher")
    db.session.refresh(moment)
    assert visit.status == VisitStatus.GEANNULEERD and moment.seats_taken == 0
