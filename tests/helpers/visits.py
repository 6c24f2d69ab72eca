"""Visits to a techlab: a class's request, a lab's staff member, one step posted over HTTP;
and a visit taken through the service up to a status."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from library.db import db
from library.techlabs import visits
from library.techlabs.models import Activity, LabStaff, Visit
from library.techlabs.queries import lab_by_slug
from tests.helpers.web import Visitor, make_user, signed_in

ASK_BRIDGES = "/techlabs/proeflab/bruggen-bouwen/aanvragen"
REQUEST = {
    "school_name": "De Regenboog",
    "grade": "groep-7-8",
    "pupils": "24",
    "preferred_periods": "Na de herfstvakantie",
    "working_on": "Bruggen van papier",
    "wants_to": "Een brug die een emmer water houdt",
}


def staff_of(lab: str, client, email: str) -> Visitor:
    """A new user, logged in in `client`, who is staff of the lab."""
    visitor = signed_in(client, "leerkracht", email=email, name="Sam Staf")
    db.session.add(LabStaff(lab=lab_by_slug(lab), user=visitor.user))
    db.session.commit()
    return visitor


def take_step(visitor: Visitor, url: str, step: str, fields: dict | None = None):
    """Post the form of one step as the visit's page shows it (its own prefixed token)."""
    page = visitor.get(url).get_data(as_text=True)
    match = re.search(rf'name="{step}-csrf_token" type="hidden" value="([^"]+)"', page)
    token = match.group(1) if match else visitor.token("/account")
    data = {f"{step}-{name}": value for name, value in (fields or {}).items()}
    # `csrf_token` too, so that the visitor does not look for an unprefixed one.
    fields = {f"{step}-csrf_token": token, "csrf_token": token, **data}
    return visitor.post(f"{url}/{step}", fields)


# Numbers the teachers `visit_through` makes, so that each has her own address.
_TEACHERS = itertools.count(1)


def visit_through(
    activity_slug: str,
    status: str,
    *,
    school: str,
    starts_at: datetime | None = None,
    grade: str | None = "groep-7-8",
    pupils: int | None = 24,
    teacher=None,
) -> Visit:
    """A visit taken through the service's own steps up to `status`: asked (a seat booked
    on the activity's first date, or a request), then intake, agreement on `starts_at`
    (two hours), held, followed up; cancelled after the agreement, or declined."""
    activity = db.session.scalar(sa.select(Activity).where(Activity.slug == activity_slug))
    teacher = teacher or make_user("leerkracht", email=f"juf{next(_TEACHERS)}@school.test")
    first = activity.dates[0] if activity.dates else None
    asked = visits.VisitRequest(
        school_name=school,
        grade=grade,
        pupils=pupils,
        moment_id=first.id if first else None,
        preferred_periods="Na de herfstvakantie",
        working_on="Bruggen van papier",
    )
    visit = visits.ask(teacher, activity, asked, today=date(2000, 1, 1))
    if status == "afgewezen":
        visits.decline(visit, "Vol.")
    if activity.on_request and status not in {"aangevraagd", "afgewezen"}:
        visits.plan_intake(visit, starts_at - timedelta(days=14))
        if status != "voorgesprek":
            agreed = visits.Agreement(
                "Wat houdt een brug?", starts_at, starts_at + timedelta(hours=2)
            )
            visits.confirm(visit, agreed)
    if status == "geannuleerd":
        visits.cancel(visit, "Ziek.", by_side="teacher")
    if status in {"uitgevoerd", "nabesproken"}:
        visits.mark_visited(visit)
    if status == "nabesproken":
        visits.follow_up(visit, visits.FollowUp(went_well="Alles."), publish=False)
    assert visit.status == status
    return visit
