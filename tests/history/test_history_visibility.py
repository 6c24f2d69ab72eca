"""Who sees which revisions: everyone else sees only what was published, the owner and the
moderators see all, and a moderator can redact a revision (its text goes, the reason stays)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask_login import AnonymousUserMixin

from library.accounts import policy
from library.accounts.models import Role
from library.authoring import workflow
from library.content.format import parse_lesson
from library.db import db
from library.forks import service as forks
from library.history import service
from library.lessons.exporter import document_from_revision
from library.lessons.models import LessonStatus
from library.lessons.service import get_lesson
from library.vocab.loader import get_vocabularies
from tests.helpers.web import Visitor, make_user

SLUG = "knikkerbaan"
PUPIL = "Pietje Puk"
LESSON = f"""---
title: Knikkerbaan
slug: {SLUG}
summary: Een baan voor knikkers die zo lang mogelijk rolt.
kind: ontwerpend
worlds: [hightech-science]
grades: [groep-5-6]
---

## Probleem verkennen

{PUPIL} uit groep 6 bouwde de langste baan.
"""


def text_of(version: str) -> str:
    return LESSON.replace(f"{PUPIL} uit groep 6 bouwde de langste baan.", version)


def lesson():
    db.session.expire_all()
    return get_lesson(SLUG)


def revise(by, text: str, message: str = "") -> None:
    current = lesson()
    document = document_from_revision(current.current_revision)
    sections = [replace(document.sections[0], markdown=text)]
    workflow.save_lesson(
        current,
        replace(document, sections=sections),
        [],
        by=by,
        expected_version=current.version,
        message=message,
    )


def send_back(moderator) -> None:
    workflow.submit(lesson(), by=lesson().owner, expected_version=lesson().version)
    workflow.send_back(
        lesson(), by=moderator, comment="Haal de naam weg.", expected_version=lesson().version
    )


def approve(moderator) -> None:
    workflow.submit(lesson(), by=lesson().owner, expected_version=lesson().version)
    workflow.approve(lesson(), by=moderator, expected_version=lesson().version)


@pytest.fixture
def people(app):
    return {
        "owner": make_user(Role.LEERKRACHT, email="maker@school.test", name="Maker"),
        "moderator": make_user(Role.MODERATOR),
        "other": make_user(Role.LEERKRACHT, email="ander@school.test", name="Ander"),
    }


@pytest.fixture
def lesson_with_a_private_past(people):
    """Version 1: a draft naming a pupil; 2: sent back; 3: published. Then 4 waits for
    review (the name again) and is sent back; 5 is published."""
    owner, moderator = people["owner"], people["moderator"]
    document, problems = parse_lesson(LESSON, "test", get_vocabularies(), SLUG)
    assert not problems
    created = workflow.create_lesson(document, [], by=owner)
    assert created.slug == SLUG
    revise(owner, f"{PUPIL} bouwde de langste baan, groep 6.")
    send_back(moderator)
    revise(owner, "Een leerling bouwde de langste baan.", "Naam weggehaald")
    approve(moderator)
    revise(owner, f"Een leerling ({PUPIL}) bouwde de langste baan.")
    workflow.send_back(
        lesson(), by=moderator, comment="Weer die naam.", expected_version=lesson().version
    )
    revise(owner, "Een leerling bouwde de allerlangste baan.")
    approve(moderator)
    assert [r.published for r in lesson().revisions] == [False, False, True, False, True]
    return lesson()


def visitor(app, user=None) -> Visitor:
    browser = Visitor(app.test_client())
    if user is not None:
        assert browser.log_in(user.email).status_code == 302
    return browser


def history_pages(browser: Visitor) -> dict[str, object]:
    return {
        url: browser.get(url)
        for url in [
            f"/lessen/{SLUG}/versies",
            *(f"/lessen/{SLUG}/versies/{n}" for n in range(1, 6)),
            f"/lessen/{SLUG}/vergelijk",
            *(f"/lessen/{SLUG}/vergelijk?van={a}&naar={b}" for a, b in [(1, 3), (3, 4), (4, 5)]),
            f"/api/v1/lessons/{SLUG}/revisions",
        ]
    }


@pytest.mark.parametrize("who", ["anonymous", "other"])
def test_others_see_only_the_revisions_that_were_published(
    app, people, who, lesson_with_a_private_past
):
    browser = visitor(app, people.get(who))
    pages = history_pages(browser)
    for url, response in pages.items():
        assert PUPIL not in response.get_data(as_text=True), url
    shown = {url: response.status_code for url, response in pages.items()}
    assert shown == {
        f"/lessen/{SLUG}/versies": 200,
        f"/lessen/{SLUG}/versies/1": 404,
        f"/lessen/{SLUG}/versies/2": 404,
        f"/lessen/{SLUG}/versies/3": 200,
        f"/lessen/{SLUG}/versies/4": 404,
        f"/lessen/{SLUG}/versies/5": 200,
        f"/lessen/{SLUG}/vergelijk": 200,
        f"/lessen/{SLUG}/vergelijk?van=1&naar=3": 404,
        f"/lessen/{SLUG}/vergelijk?van=3&naar=4": 404,
        f"/lessen/{SLUG}/vergelijk?van=4&naar=5": 404,
        f"/api/v1/lessons/{SLUG}/revisions": 200,
    }
    listing = pages[f"/lessen/{SLUG}/versies"].get_data(as_text=True)
    assert ">Versie 5</a>" in listing and ">Versie 3</a>" in listing
    assert ">Versie 4</a>" not in listing and "Versie 1" not in listing
    assert "van=3&amp;naar=5" in listing  # what changed since the version they saw
    compared = pages[f"/lessen/{SLUG}/vergelijk"].get_data(as_text=True)
    assert "Versie 3 en versie 5 vergeleken" in compared and "allerlangste" in compared
    api = pages[f"/api/v1/lessons/{SLUG}/revisions"].get_json()
    assert [r["number"] for r in api["revisions"]] == [5, 3]


@pytest.mark.parametrize("who", ["owner", "moderator"])
def test_the_owner_and_moderators_see_every_revision(app, people, who, lesson_with_a_private_past):
    pages = history_pages(visitor(app, people[who]))
    assert {response.status_code for response in pages.values()} == {200}
    assert PUPIL in pages[f"/lessen/{SLUG}/versies/4"].get_data(as_text=True)
    api = pages[f"/api/v1/lessons/{SLUG}/revisions"].get_json()
    assert [r["number"] for r in api["revisions"]] == [5, 4, 3, 2, 1]


def test_the_policy_decides_per_revision(people, lesson_with_a_private_past):
    revisions = lesson_with_a_private_past.revisions
    anonymous = AnonymousUserMixin()
    assert not policy.can(anonymous, "view_revision", revisions[0])
    assert policy.can(anonymous, "view_revision", revisions[2])
    assert not policy.can(anonymous, "view_revision", revisions[3])
    assert not policy.can(people["other"], "view_revision", revisions[3])
    assert policy.can(people["owner"], "view_revision", revisions[3])
    assert policy.can(people["moderator"], "view_revision", revisions[3])


def test_a_published_revision_of_a_lesson_back_in_review_is_not_public(app, people):
    owner = people["owner"]
    document, _ = parse_lesson(LESSON, "test", get_vocabularies(), SLUG)
    workflow.create_lesson(document, [], by=owner)
    approve(people["moderator"])
    revise(owner, "Nieuwe tekst die op een moderator wacht.")
    assert lesson().status == LessonStatus.REVIEW.value
    assert not lesson().current_revision.published
    assert visitor(app).get(f"/lessen/{SLUG}/versies").status_code == 404
    assert visitor(app).get(f"/lessen/{SLUG}/versies/1").status_code == 404


def test_a_moderator_redacts_a_revision_and_everyone_sees_why(
    app, people, lesson_with_a_private_past
):
    moderator = visitor(app, people["moderator"])
    page = f"/lessen/{SLUG}/versies/3"
    assert "Verwijder de tekst van versie 3" in moderator.get(page).get_data(as_text=True)
    refused = moderator.post(f"{page}/verwijderen", {"reason": " "}, form_page=page)
    assert refused.status_code == 400
    assert "Schrijf erbij waarom deze versie wordt verwijderd." in refused.get_data(as_text=True)
    too_long = moderator.post(f"{page}/verwijderen", {"reason": "x" * 501}, form_page=page)
    assert too_long.status_code == 400 and "korter dan 500 tekens" in too_long.get_data(
        as_text=True
    )
    response = moderator.post(
        f"{page}/verwijderen", {"reason": "Er stond een leerling in."}, form_page=page
    )
    assert response.status_code == 302
    redacted = lesson().revisions[2]
    assert redacted.redacted and redacted.redaction_reason == "Er stond een leerling in."
    assert redacted.sections == [] and redacted.message == "" and redacted.intro_markdown == ""
    assert redacted.author == "Maker" and redacted.metadata_["title"] == "Knikkerbaan"

    notice = "Deze versie is verwijderd door de redactie: Er stond een leerling in."
    for who in (None, people["owner"]):
        browser = visitor(app, who)
        html = browser.get(page).get_data(as_text=True)
        assert notice in html and "Een leerling bouwde" not in html
        assert notice in browser.get(f"/lessen/{SLUG}/versies").get_data(as_text=True)
        compared = browser.get(f"/lessen/{SLUG}/vergelijk?van=3&naar=5").get_data(as_text=True)
        assert notice in compared and "vergeleken" in compared
    api = visitor(app).get(f"/api/v1/lessons/{SLUG}/revisions").get_json()
    assert api["revisions"][1]["redacted"]["reason"] == "Er stond een leerling in."
    assert api["revisions"][1]["message"] == ""
    # The lesson itself is untouched.
    assert "allerlangste" in visitor(app).get(f"/lessen/{SLUG}").get_data(as_text=True)


def test_who_may_redact_and_what(app, people, lesson_with_a_private_past):
    revisions = lesson_with_a_private_past.revisions
    with pytest.raises(policy.NotAllowed):
        service.redact_revision(revisions[0], by=people["owner"], reason="Weg ermee.")
    with pytest.raises(policy.NotAllowed):  # the current revision is the lesson itself
        service.redact_revision(revisions[4], by=people["moderator"], reason="Weg ermee.")
    other = visitor(app, people["other"])
    response = other.post(
        f"/lessen/{SLUG}/versies/3/verwijderen", {"reason": "Weg."}, form_page="/account"
    )
    assert response.status_code == 403 and not lesson().revisions[2].redacted
    service.redact_revision(revisions[1], by=people["moderator"], reason="Naam van een leerling.")
    with pytest.raises(policy.NotAllowed):  # once is enough
        service.redact_revision(lesson().revisions[1], by=people["moderator"], reason="Nog eens.")
    with pytest.raises(workflow.WorkflowError, match="verwijderd door de redactie"):
        forks.restore_revision(lesson(), 2, by=people["owner"], expected_version=lesson().version)
