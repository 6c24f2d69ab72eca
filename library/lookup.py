"""Loading what a URL names for the person asking, or the 404 that tells nothing.

Every page that takes a lesson's slug finds the lesson here, so a draft, a lesson in
review or an archived one answers exactly like a slug that does not exist to whoever
may not see it. Whoever may see a thing but not do what they ask gets a 403: the
refusal tells them nothing they do not know. The policy answers both questions.
"""

from __future__ import annotations

from typing import TypeVar

from flask import abort
from flask_login import current_user

from library.accounts import policy
from library.db import db
from library.lessons import queries
from library.lessons.models import Lesson, Revision

Thing = TypeVar("Thing")


def visible_or_404(thing: Thing | None, view: str, action: str | None = None) -> Thing:
    """`thing` for whoever the policy lets `view` it, else the 404 of a missing one;
    then a 403 unless they may also do `action` to it."""
    if thing is None or not policy.can(current_user, view, thing):
        abort(404)
    if action is not None and action != view:
        policy.authorize(current_user, action, thing)
    return thing


def lesson_or_404(slug: str, action: str = "view") -> Lesson:
    """A lesson in any status for whoever may see it and do `action` to it."""
    return visible_or_404(queries.get_lesson_with_content(slug), "view", action)


def published_lesson_or_404(slug: str) -> Lesson:
    """A published lesson, for pages that offer only what is public (downloads, keeping,
    experiences, learning lines): any other status is a 404 even for its owner."""
    lesson = queries.get_published(slug)
    if lesson is None:
        abort(404)
    return lesson


def revision_or_404(lesson: Lesson, number: int) -> Revision:
    """A revision of the lesson for whoever may see it (most people: only published ones)."""
    return visible_or_404(queries.get_revision(lesson, number), "view_revision")


def model_or_404(model: type[Thing], ident: int, action: str | None = None) -> Thing:
    """The row with this id, a 404 when there is none; a 403 unless the user may do
    `action` to it. For things whose id tells nothing (experiences, accounts); the
    accounts package, below this module, calls `db.get_or_404` itself."""
    thing = db.get_or_404(model, ident)
    if action is not None:
        policy.authorize(current_user, action, thing)
    return thing
