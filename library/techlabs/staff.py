"""Who runs a lab on the site: an admin or moderator makes someone staff of a lab (a
membership of that lab, not a role) or ends it. Each call commits once; callers have
asked the policy (`manage_lab_staff`)."""

from __future__ import annotations

from library.accounts.service import MAX_EMAIL_LENGTH, get_user_by_email
from library.db import db
from library.techlabs.models import Lab, LabStaff
from library.techlabs.visits import TechlabError


def add_staff(lab: Lab, email: str) -> LabStaff:
    """Make the account with this address staff of the lab; raise when there is none."""
    email = (email or "").strip()
    if not email or len(email) > MAX_EMAIL_LENGTH:
        raise TechlabError("Vul het e-mailadres van een account in.", "email")
    user = get_user_by_email(email)
    if user is None:
        raise TechlabError("Er is geen account met dit e-mailadres.", "email")
    member = next((m for m in lab.staff if m.user_id == user.id), None)
    if member is not None:
        raise TechlabError(f"{user.name} is al medewerker van {lab.name}.", "email")
    member = LabStaff(lab=lab, user=user)
    db.session.add(member)
    db.session.commit()
    return member


def remove_staff(lab: Lab, member_id: int) -> None:
    member = next((m for m in lab.staff if m.id == member_id), None)
    if member is not None:
        db.session.delete(member)
        db.session.commit()
