"""Who may do what with a lab, role x situation: an admin or moderator makes someone staff
of a lab; a lab is managed by its own staff and the moderators, never by another lab's;
anyone signed in with a confirmed address asks for a visit."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from library.accounts import policy
from library.accounts.models import Role
from library.db import db
from library.techlabs.models import LabStaff
from library.techlabs.queries import lab_by_slug
from tests.helpers.web import make_user

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *[role.value for role in Role]]
MODERATING = {"moderator", "admin"}
# How the user stands to the lab `proeflab`.
RELATIONS = ["staff-of-this-lab", "staff-of-another-lab", "no-staff"]


def expected(role: str, action: str, relation: str) -> bool:
    return {
        "manage_lab_staff": role in MODERATING,
        "manage_lab": role != ANONYMOUS and (role in MODERATING or relation == "staff-of-this-lab"),
        "ask_visit": role != ANONYMOUS,
    }[action]


def user_in(role: str, relation: str):
    if role == ANONYMOUS:
        return AnonymousUserMixin()
    user = make_user(role)
    lab = {"staff-of-this-lab": "proeflab", "staff-of-another-lab": "magneetbus"}.get(relation)
    if lab:
        db.session.add(LabStaff(lab=lab_by_slug(lab), user=user))
        db.session.commit()
    return user


# An anonymous visitor is nobody's staff: that pair does not exist, so it is not asked.
CASES = [
    (role, relation)
    for role in ROLES
    for relation in RELATIONS
    if role != ANONYMOUS or relation == "no-staff"
]


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_the_policy_answers_every_role_for_labs(labs, role, relation):
    user = user_in(role, relation)
    lab = lab_by_slug("proeflab")
    assert policy.can(user, "manage_lab_staff") == expected(role, "manage_lab_staff", relation)
    assert policy.can(user, "manage_lab", lab) == expected(role, "manage_lab", relation)
    activity = lab.activities[0]
    assert policy.can(user, "ask_visit", activity) == expected(role, "ask_visit", relation)


def test_an_unconfirmed_account_asks_for_no_visit(labs):
    user = user_in("leerkracht", "no-staff")
    user.email_confirmed_at = None
    assert not policy.can(user, "ask_visit", lab_by_slug("proeflab").activities[0])


def test_a_blocked_staff_member_manages_nothing(labs):
    user = user_in("leerkracht", "staff-of-this-lab")
    user.active = False
    lab = lab_by_slug("proeflab")
    assert not policy.can(user, "manage_lab", lab)
    assert not policy.can(user, "ask_visit", lab.activities[0])
