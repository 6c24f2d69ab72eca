"""Lineage never shows what was not published: a fork is credited with the title and makers
of the source revision it came from, links only to a published source, and a lesson file
naming a private draft here gets nothing of it."""

from __future__ import annotations

import io
import zipfile

import pytest

from library.accounts.models import Role
from library.authoring import workflow
from library.content.format import parse_lesson
from library.db import db
from library.lessons.exporter import document_from_revision
from library.lessons.importer import import_path
from library.lessons.service import get_lesson
from library.vocab.loader import get_vocabularies
from tests.helpers.web import Visitor, make_user

SECRET = "Pietje Puk"


def fresh(slug):
    db.session.expire_all()
    return get_lesson(slug)


def plain(html: str) -> str:
    return " ".join(html.split())


def public_views(app, slug: str) -> dict[str, str]:
    """What anyone reads about a lesson: its page, print view, ZIP attribution, tree, JSON."""
    visitor = Visitor(app.test_client())
    bundle = zipfile.ZipFile(io.BytesIO(visitor.get(f"/lessen/{slug}/download").data))
    return {
        "page": visitor.get(f"/lessen/{slug}").get_data(as_text=True),
        "print": visitor.get(f"/lessen/{slug}/print").get_data(as_text=True),
        "attribution": bundle.read("ATTRIBUTION.txt").decode(),
        "family": visitor.get(f"/lessen/{slug}/familie").get_data(as_text=True),
        "api": visitor.get(f"/api/v1/lessons/{slug}").get_data(as_text=True),
    }


def test_a_fork_keeps_the_title_of_the_revision_it_came_from(imported, app):
    """The source goes back into review with a new title: the fork does not show it."""
    owner = make_user(Role.LEERKRACHT, name="Sanne")
    source = fresh("brug-van-papier")
    source.owner = owner
    db.session.commit()
    document = document_from_revision(source.current_revision)
    document.metadata["title"] = f"De brug van {SECRET}"
    document.metadata["authors"] = [SECRET]
    workflow.save_lesson(source, document, [], by=owner, expected_version=source.version)
    assert fresh("brug-van-papier").status == "review"

    views = public_views(app, "brug-voor-kleuters")
    for name, text in views.items():
        assert SECRET not in text, name
        assert 'href="/lessen/brug-van-papier"' not in text, name
    assert "Gebaseerd op De sterkste brug van papier door Sanne de Vries" in plain(views["page"])
    assert "Bewerking van: De sterkste brug van papier door Sanne de Vries." in views["print"]
    attribution = views["attribution"]
    assert "- De sterkste brug van papier, versie 1, door Sanne de Vries (CC BY" in attribution
    assert "/lessen/brug-van-papier" not in attribution
    assert "Vergelijk met origineel" not in views["page"]
    assert (
        Visitor(app.test_client())
        .get("/lessen/brug-voor-kleuters/vergelijk-met-origineel")
        .status_code
        == 404
    )


@pytest.fixture
def private_draft(app):
    """A teacher's draft, never published, with a title and maker nobody else may read."""
    maker = make_user(Role.LEERKRACHT, name=SECRET)
    text = f"""---
title: Geheim concept van {SECRET}
summary: Een les die nog niemand mag zien.
kind: ontwerpend
worlds: [wonen-werken-verkeer]
grades: [groep-1-2]
---

## Confrontatie

Nog geheim.
"""
    document, problems = parse_lesson(text, "test", get_vocabularies(), "x")
    assert not problems
    draft = workflow.create_lesson(document, [], by=maker)
    return draft.slug, maker


def test_an_imported_lesson_naming_a_private_draft_gets_nothing_of_it(
    imported, app, fixture_lessons, private_draft
):
    slug, maker = private_draft
    path = fixture_lessons / "brug-voor-kleuters.md"
    path.write_text(
        path.read_text().replace("forked_from: brug-van-papier", f"forked_from: {slug}")
    )
    import_path(fixture_lessons)
    fork = fresh("brug-voor-kleuters")
    assert fork.forked_from is None and fork.forked_from_revision is None
    views = public_views(app, "brug-voor-kleuters")
    for name, text in views.items():
        assert f"Geheim concept van {SECRET}" not in text, name
        assert f'href="/lessen/{slug}"' not in text, name
        assert f"door {SECRET}" not in text, name
    # The reference is shown as the file gives it, as for any source not in this library.
    assert f"Gebaseerd op {slug}." in plain(views["page"])
    assert f"- {slug}\n" in views["attribution"]

    # Once the draft is published, the next import links it.
    moderator = make_user(Role.MODERATOR)
    workflow.submit(fresh(slug), by=maker, expected_version=fresh(slug).version)
    workflow.approve(fresh(slug), by=moderator, expected_version=fresh(slug).version)
    import_path(fixture_lessons)
    assert fresh("brug-voor-kleuters").forked_from.slug == slug


def test_a_named_revision_that_was_never_published_is_not_linked(app, imported, fixture_lessons):
    """`source@1` names a draft version of a lesson published later: the link goes to the
    newest published revision instead, so the comparison never shows the draft."""
    owner = make_user(Role.DOCENT)
    source = fresh("magneten-onderzoeken")
    source.owner = owner
    db.session.commit()
    document = document_from_revision(source.current_revision)
    document.metadata["summary"] = f"Nu zonder {SECRET}."
    app.config["REVIEW_REQUIRED"] = False
    workflow.save_lesson(source, document, [], by=owner, expected_version=source.version)
    first = fresh("magneten-onderzoeken").revisions[0]
    first.published = False  # as if version 1 had been a private draft
    db.session.commit()
    path = fixture_lessons / "brug-voor-kleuters.md"
    text = path.read_text().replace(
        "forked_from: brug-van-papier", "forked_from: magneten-onderzoeken@1"
    )
    path.write_text(text)
    import_path(fixture_lessons)
    assert fresh("brug-voor-kleuters").forked_from_revision.number == 2
