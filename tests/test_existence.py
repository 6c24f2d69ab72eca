"""No answer tells that someone's private draft exists: every lesson URL answers for a
draft the user may not see exactly as for a slug that does not exist, and a new lesson
with a title already taken gets a slug with a random part, not the next number."""

from __future__ import annotations

import re

import pytest
from flask import url_for

from library.accounts.models import Role
from library.authoring import workflow
from library.authoring.uploads import accept_upload
from library.collections import service as collections
from library.content.format import parse_lesson
from library.lessons.service import get_lesson
from library.vocab.loader import get_vocabularies
from tests.helpers.lessons import PDF, lesson_text
from tests.helpers.web import Visitor, make_user

TITLE = "geheime-knikkerbaan"
MISSING = "bestaat-niet"
VALUES = {"number": 1, "filename": "werkblad.pdf", "step": "indienen"}
POSTED = {"version": "1", "reason": "Weg.", "comment": "Anders.", "onderdeel": "intro"}


def new_lesson(title: str, owner):
    """A draft of `owner` with an attachment, titled `title` (the policy tests' lesson)."""
    document, problems = parse_lesson(lesson_text(title), "test", get_vocabularies(), "x")
    assert not problems
    attachment = accept_upload("werkblad.pdf", PDF, 1024 * 1024, by=owner)
    return workflow.create_lesson(document, [attachment], by=owner)


def lesson_routes(app, token: str) -> list[tuple[str, str, dict]]:
    """Every (method, rule, values) that names a lesson by its slug."""
    found = []
    for rule in app.url_map.iter_rules():
        if "slug" not in rule.arguments or not (
            rule.rule.startswith(("/lessen/", "/api/v1/lessons/", "/collecties/"))
        ):
            continue
        values = {name: VALUES[name] for name in rule.arguments if name in VALUES}
        if "token" in rule.arguments:
            values["token"] = token
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, rule.endpoint, values))
    return found


def answer(visitor: Visitor, method: str, url: str) -> tuple[int, str]:
    if method == "GET":
        response = visitor.get(url)
    else:
        response = visitor.post(url, POSTED, form_page="/account")
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.LEERKRACHT, Role.MODERATOR])
def test_a_draft_answers_as_a_missing_slug_everywhere(app, role):
    draft = new_lesson(TITLE, make_user(Role.LEERKRACHT, email="maker@school.test"))
    user = make_user(role, email="ander@school.test")
    token = collections.create_collection(user, "Mijn lessen").token
    visitor = Visitor(app.test_client())
    assert visitor.log_in(user.email).status_code == 302
    routes = lesson_routes(app, token)
    assert len(routes) >= 25  # pages, steps, history, forks, downloads, API, collections
    with app.test_request_context():
        urls = [
            (
                method,
                url_for(endpoint, slug=draft.slug, **values),
                url_for(endpoint, slug=MISSING, **values),
            )
            for method, endpoint, values in routes
        ]
    for method, draft_url, missing_url in urls:
        draft_status, body = answer(visitor, method, draft_url)
        missing_status, _ = answer(visitor, method, missing_url)
        assert draft_status == missing_status == 404, (method, draft_url, draft_status)
        assert f"GEHEIM-{draft.slug}" not in body


def test_an_owner_still_reaches_their_draft_and_a_refusal_they_see_is_a_403(app):
    owner = make_user(Role.PABO_STUDENT)
    draft = new_lesson(TITLE, owner)
    visitor = Visitor(app.test_client())
    visitor.log_in(owner.email)
    assert visitor.get(f"/lessen/{draft.slug}/werkversie").status_code == 200
    assert visitor.get(f"/lessen/{draft.slug}/bijlagen/werkblad.pdf").status_code == 200
    # A pabo student sees the draft but may not submit it: that is a 403, not a 404.
    response = visitor.post(f"/lessen/{draft.slug}/indienen", POSTED, form_page="/account")
    assert response.status_code == 403


def test_a_taken_title_gets_a_random_suffix_not_a_counter(app):
    maker = make_user(Role.LEERKRACHT, email="maker@school.test")
    other = make_user(Role.LEERKRACHT, email="ander@school.test")
    first = new_lesson(TITLE, maker)
    assert first.slug == "geheime-knikkerbaan"
    slugs = {new_lesson(TITLE, other).slug for _ in range(3)}
    assert len(slugs) == 3
    for slug in slugs:
        assert re.fullmatch(r"geheime-knikkerbaan-[0-9a-f]{6}", slug), slug
        assert get_lesson(slug).owner_id == other.id
    assert get_lesson("geheime-knikkerbaan-2") is None
    long_title = "-".join(["een-heel-lange-titel"] * 4)  # 83 characters, as the slug
    long_slugs = [new_lesson(long_title[:80], other).slug for _ in range(3)]
    assert all(len(slug) <= 80 for slug in long_slugs) and len(set(long_slugs)) == 3
