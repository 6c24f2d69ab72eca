"""Loading what a URL names for the person asking, or the 404 that tells nothing.

Every page that takes a lesson's slug finds the lesson here, so a draft, a lesson in
review or an archived one answers exactly like a slug that does not exist to whoever
may not see it.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from library.accounts import policy
from library.lessons import queries
from library.lessons.models import Lesson


def visible_lesson_or_404(slug: str) -> Lesson:
    """A lesson in any status for whoever may see it. Everyone else gets the 404 of a
    slug that does not exist, so no answer tells that someone's draft is there."""
    lesson = queries.get_lesson_with_content(slug)
    if lesson is None or not policy.can(current_user, "view", lesson):
        abort(404)
    return lesson
