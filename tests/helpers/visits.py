"""Visits to a techlab over HTTP: a class's request, a lab's staff member, one step posted."""

from __future__ import annotations

import re

from library.db import db
from library.techlabs.models import LabStaff
from library.techlabs.queries import lab_by_slug
from tests.helpers.web import Visitor, signed_in

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
