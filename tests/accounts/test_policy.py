"""The role x action matrix: every role, every action, own and other people's lessons in every
status, asked of the policy and over HTTP. A refusal is a 403 or a redirect to log in (a 404
on the public lesson URLs and wherever the user may not see the lesson, as for a missing
one), and never shows a word of a lesson the user may not see."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from library.accounts import policy
from library.accounts.models import Role
from library.db import db
from library.lessons import service
from library.lessons.models import LessonStatus
from tests.helpers.lessons import make_lesson
from tests.helpers.web import Visitor, make_user

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *[role.value for role in Role]]
MODERATING = {"moderator", "admin"}
SUBMITTING = {"leerkracht", "docent", "moderator", "admin"}
STATUSES = [status.value for status in LessonStatus]
# (whose lesson, status): "self" is the user's own lesson, "other" another teacher's,
# "nobody" a curated lesson imported from a file.
SITUATIONS = [
    *[(owner, status) for owner in ("self", "other") for status in STATUSES],
    ("nobody", "published"),
]


def rules(role: str, owner: str | None, status: str | None, review: bool) -> dict[str, bool]:
    """The rules of the issues, written out as a table of conditions per action."""
    mine = owner == "self"
    moderating = role in MODERATING
    return {
        "create": role != ANONYMOUS,
        "review": moderating,
        "manage_users": role == "admin",
        "view": status == "published" or mine or (moderating and status != "draft"),
        "edit": mine and status != "archived",
        "edit_metadata": moderating and status != "draft",
        "submit": mine and role in SUBMITTING and status in ("draft", "returned"),
        "publish": mine
        and status in ("draft", "returned")
        and (moderating or (role == "docent" and not review)),
        "delete": mine and status in ("draft", "returned"),
        "approve": moderating and status == "review",
        "return": moderating and status == "review",
        "archive": status == "published" and (moderating or mine),
        "restore": moderating and status == "archived",
        "view_versions": mine or (moderating and status != "draft"),
        # Adapting (issue 5): anyone signed in, a published lesson whose licence allows it.
        "fork": role != ANONYMOUS and status == "published",
        # Teachers' features (issue 7): keeping lessons, experiences, learning lines.
        "keep_lessons": role != ANONYMOUS,
        "share_experience": role != ANONYMOUS and status == "published" and not mine,
        "hide_experience": moderating,
        "create_line": role in SUBMITTING,
        # Techlabs (issue 19): who makes someone staff of a lab.
        "manage_lab_staff": moderating,
        # The region's reach (issue 19): schools by name for the regional coordinators.
        "see_visiting_schools": moderating,
    }


def expected(role: str, action: str, owner: str | None, status: str | None, review: bool) -> bool:
    return rules(role, owner, status, review)[action]


class World:
    """A user of the role, another teacher, and lessons in every situation."""

    def __init__(self, role: str) -> None:
        self.role = role
        self.other = make_user(Role.LEERKRACHT, email="ander@school.test", name="Ander")
        self.user = None if role == ANONYMOUS else make_user(Role(role))
        self.owners = {"self": self.user, "other": self.other, "nobody": None}

    def situations(self):
        for owner, status in SITUATIONS:
            if owner == "self" and self.user is None:
                continue
            yield owner, status

    def lesson(self, owner: str, status: str, purpose: str = "lees"):
        slug = f"{purpose}-{owner}-{status}"
        return make_lesson(slug, self.owners[owner], status)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("review", [True, False], ids=["review-required", "review-optional"])
def test_the_policy_answers_every_role_and_action(app, role, review):
    app.config["REVIEW_REQUIRED"] = review
    world = World(role)
    user = world.user or AnonymousUserMixin()
    for action in policy.GENERAL_RULES:
        assert policy.can(user, action) == expected(role, action, None, None, review), action
    for owner, status in world.situations():
        lesson = world.lesson(owner, status)
        for action in policy.LESSON_RULES:
            wanted = expected(role, action, owner, status, review)
            assert policy.can(user, action, lesson) == wanted, (action, owner, status)


def refused(response, role: str, public_url: bool, visible: bool = True) -> bool:
    """A 404 on public URLs and for a lesson the user may not see (as for one that does not
    exist), a login for anonymous visitors elsewhere, a 403 for who sees but may not act."""
    if public_url:
        return response.status_code == 404
    if role == ANONYMOUS:
        return response.status_code == 302 and response.headers["Location"].startswith("/inloggen")
    return response.status_code == (403 if visible else 404)


PAGES = {
    # url pattern -> (the action it needs, whether it is a public URL that hides drafts)
    "/lessen/{slug}/werkversie": ("view", False),
    "/lessen/{slug}/bewerken": ("edit_or_metadata", False),
    "/lessen/{slug}/versies": ("history", True),
    "/lessen/{slug}/versies/1": ("history", True),
    "/lessen/{slug}/vergelijk?van=1&naar=1": ("history", True),
    "/lessen/{slug}/verwijderen": ("delete", False),
    "/lessen/{slug}/bijlagen/werkblad.pdf": ("view", True),
}
STEPS = {
    "indienen": ("submit_or_publish", {}),
    "goedkeuren": ("approve", {}),
    "terugsturen": ("return", {"comment": "Graag een werkblad erbij."}),
    "archiveren": ("archive", {}),
    "terugzetten": ("restore", {}),
}


def allowed(role, action, owner, status, review) -> bool:
    if action == "history":
        # A published lesson's history is public; an unpublished one's is for who may see its versions.
        return status == "published" or expected(role, "view_versions", owner, status, review)
    if action == "edit_or_metadata":
        return expected(role, "edit", owner, status, review) or expected(
            role, "edit_metadata", owner, status, review
        )
    if action == "submit_or_publish":
        return expected(role, "submit", owner, status, review) or expected(
            role, "publish", owner, status, review
        )
    return expected(role, action, owner, status, review)


def secret_of(lesson) -> str:
    return f"GEHEIM-{lesson.slug}"


@pytest.mark.parametrize("role", ROLES)
def test_every_page_and_step_over_http(app, role):
    world = World(role)
    visitor = Visitor(app.test_client())
    if world.user is not None:
        assert visitor.log_in(world.user.email).status_code == 302
    token_page = "/account" if world.user else "/inloggen"
    for url, (action, public) in {
        "/nieuwe-les": ("create", False),
        "/beoordelen": ("review", False),
        "/beheer/gebruikers": ("manage_users", False),
    }.items():
        response = visitor.get(url)
        if expected(role, action, None, None, True):
            assert response.status_code == 200, (url, role)
        else:
            assert refused(response, role, public), (url, role, response.status_code)

    for owner, status in world.situations():
        lesson = world.lesson(owner, status)
        # The lesson's own page shows it to whoever may see it (its owner her draft).
        visible = expected(role, "view", owner, status, True)
        response = visitor.get(f"/lessen/{lesson.slug}")
        assert response.status_code == (200 if visible else 404), (owner, status)
        if not visible:
            assert secret_of(lesson) not in response.get_data(as_text=True)
        for pattern, (action, public) in PAGES.items():
            url = pattern.format(slug=lesson.slug)
            response = visitor.get(url)
            body = response.get_data(as_text=True)
            # The makers' pages are behind a login even where they show a published lesson.
            signed_in_or_public = public or role != ANONYMOUS
            if allowed(role, action, owner, status, True) and signed_in_or_public:
                assert response.status_code == 200, (url, role, response.status_code)
            else:
                visible = expected(role, "view", owner, status, True)
                assert refused(response, role, public, visible), (url, role, response.status_code)
                assert secret_of(lesson) not in body, url

        for name, (action, data) in STEPS.items():
            target = world.lesson(owner, status, purpose=name)
            url = f"/lessen/{target.slug}/{name}"
            response = visitor.post(
                url, {"version": str(target.version), **data}, form_page=token_page
            )
            if allowed(role, action, owner, status, True):
                assert response.status_code == 302, (url, role, response.status_code)
                assert not response.headers["Location"].startswith("/inloggen")
            else:
                visible = expected(role, "view", owner, status, True)
                assert refused(response, role, False, visible), (url, role, response.status_code)
                assert secret_of(target) not in response.get_data(as_text=True)
                db.session.expire_all()
                assert service.get_lesson(target.slug).status == status, url


def test_the_matrix_has_a_rule_for_every_action_of_the_policy():
    assert set(policy.ACTIONS) <= set(rules("docent", "self", "draft", True))
