"""Mails about the review of a lesson: its outcome to its maker, the queue to moderators.

`review_outcome` adds to the session of the workflow step that decides, so the mail
exists exactly when the decision does; `queue_digests` is a unit of work of its own
(`flask review digest`, from cron once a day).
"""

from __future__ import annotations

import sqlalchemy as sa

from library.accounts import policy
from library.accounts.models import User
from library.authoring.queries import review_queue
from library.db import db
from library.lessons.models import Lesson
from library.mail import compose


def review_outcome(lesson: Lesson) -> None:
    """Tell the maker (if they want it) that their lesson was published or sent back."""
    owner = lesson.owner
    if owner is None or not owner.active or not owner.notify_review:
        return
    compose.queue(
        owner.email,
        "review_outcome",
        name=owner.name,
        title=lesson.title,
        published=lesson.is_published,
        comment=lesson.review_comment or "",
        lesson_url=compose.absolute_url("authoring.workspace", slug=lesson.slug),
        preferences_url=compose.absolute_url("accounts.account", _anchor="mails"),
    )


def queue_digests() -> int:
    """Mail every moderator who wants it the lessons waiting for review; how many went.

    Nothing is sent when nothing waits.
    """
    waiting = review_queue()
    if not waiting:
        return 0
    moderators = db.session.scalars(
        sa.select(User).where(User.active, User.notify_digest).order_by(User.id)
    )
    sent = 0
    for moderator in moderators:
        if not policy.can(moderator, "review") or policy.awaits_confirmation(moderator):
            continue
        compose.queue(
            moderator.email,
            "review_digest",
            name=moderator.name,
            lessons=[
                {
                    "title": lesson.title,
                    "maker": lesson.owner.name if lesson.owner else "",
                    "url": compose.absolute_url("authoring.workspace", slug=lesson.slug),
                }
                for lesson in waiting
            ],
            queue_url=compose.absolute_url("authoring.queue"),
            preferences_url=compose.absolute_url("accounts.account", _anchor="mails"),
        )
        sent += 1
    db.session.commit()
    return sent
