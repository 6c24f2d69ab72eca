"""Sharing, editing, hiding and reading-as-author experiences. Each call commits once.

Callers have asked the policy; these functions check the values (a grade group of the
vocabulary, a real duration, a rating of 1 to 5, texts of sensible length) and the
rate limit on new experiences, and raise `ExperienceError` with a Dutch message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app

from library.db import db, utcnow
from library.experiences.models import (
    MAX_REASON_LENGTH,
    MAX_TEXT_LENGTH,
    RATINGS,
    Experience,
    ExperienceHold,
)
from library.forms import FormError
from library.lessons.models import Lesson
from library.mail import compose
from library.vocab.loader import get_vocabularies

if TYPE_CHECKING:
    from library.accounts.models import User

# New experiences one user may share per hour (setting LIBRARY_EXPERIENCES_PER_HOUR).
EXPERIENCES_PER_HOUR = 10
SHORTEST, LONGEST = 5, 2400


class ExperienceError(FormError):
    """What was filled in cannot be stored; the message is for its writer."""


class TooManyExperiences(ExperienceError):
    """The writer shared as many new experiences this hour as one may: the page answers 429."""

    status = 429


@dataclass(frozen=True)
class Report:
    """What a teacher fills in after teaching the lesson."""

    grade: str
    minutes: int
    rating: int
    went_well: str = ""
    watch_out: str = ""


def _checked(report: Report) -> Report:
    if report.grade not in get_vocabularies().grades:
        raise ExperienceError("Kies de groep waarin je de les gaf.", "grade")
    if not SHORTEST <= report.minutes <= LONGEST:
        raise ExperienceError(f"Vul een duur in tussen {SHORTEST} en {LONGEST} minuten.", "minutes")
    if report.rating not in RATINGS:
        raise ExperienceError("Geef de les 1 tot 5 sterren.", "rating")
    went_well, watch_out = report.went_well.strip(), report.watch_out.strip()
    for name, text in (("went_well", went_well), ("watch_out", watch_out)):
        if len(text) > MAX_TEXT_LENGTH:
            raise ExperienceError(f"Hoogstens {MAX_TEXT_LENGTH} tekens.", name)
    return Report(report.grade, report.minutes, report.rating, went_well, watch_out)


def own_experience(user: User, lesson: Lesson, grade: str) -> Experience | None:
    return db.session.scalar(
        sa.select(Experience).where(
            Experience.lesson_id == lesson.id,
            Experience.author_id == user.id,
            Experience.grade == grade,
        )
    )


def _check_rate(user: User) -> None:
    limit = int(current_app.config.get("EXPERIENCES_PER_HOUR", EXPERIENCES_PER_HOUR))
    since = utcnow() - timedelta(hours=1)
    recent = db.session.scalar(
        sa.select(sa.func.count(Experience.id)).where(
            Experience.author_id == user.id, Experience.created_at > since
        )
    )
    if recent >= limit:
        raise TooManyExperiences(
            f"Je hebt het afgelopen uur al {limit} ervaringen gedeeld. "
            "Probeer het over een uur nog eens; je eerdere ervaringen bewerken kan wel."
        )


def share(user: User, lesson: Lesson, report: Report) -> tuple[Experience, bool]:
    """Store the teacher's experience with the lesson in this grade group.

    Returns it and whether it is new; an earlier one for the same grade group is edited.
    """
    report = _checked(report)
    experience = own_experience(user, lesson, report.grade)
    created = experience is None
    if created:
        _check_rate(user)
        experience = Experience(lesson_id=lesson.id, author_id=user.id, grade=report.grade)
        hold = _hold(lesson.id, user.id)
        if hold is not None:
            experience.hidden = True
            experience.hidden_reason = hold.reason
            experience.hidden_by_id = hold.held_by_id
        db.session.add(experience)
    experience.minutes = report.minutes
    experience.rating = report.rating
    experience.went_well = report.went_well
    experience.watch_out = report.watch_out
    experience.updated_at = utcnow()
    if created and not experience.hidden:
        _tell_maker(lesson, user)
    db.session.commit()
    return experience, created


def _tell_maker(lesson: Lesson, teacher: User) -> None:
    """Mail the lesson's maker (if they want it) that someone shared an experience."""
    maker = lesson.owner
    if maker is None or not maker.active or not maker.notify_experiences:
        return
    compose.queue(
        maker.email,
        "new_experience",
        name=maker.name,
        teacher=teacher.name,
        title=lesson.title,
        lesson_url=compose.absolute_url("lessons.show", slug=lesson.slug, _anchor="ervaringen"),
        preferences_url=compose.absolute_url("accounts.account", _anchor="mails"),
    )


def delete(experience: Experience) -> None:
    db.session.delete(experience)
    db.session.commit()


def hide(experience: Experience, by: User, reason: str) -> None:
    """Take an abusive experience out of sight; the reason is shown to its writer."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ExperienceError("Schrijf kort waarom je de ervaring verbergt.", "reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise ExperienceError(f"Hoogstens {MAX_REASON_LENGTH} tekens.", "reason")
    experience.hidden = True
    experience.hidden_reason = reason
    experience.hidden_by_id = by.id
    hold = _hold(experience.lesson_id, experience.author_id)
    if hold is None:
        hold = ExperienceHold(lesson_id=experience.lesson_id, author_id=experience.author_id)
        db.session.add(hold)
    hold.reason, hold.held_by_id = reason, by.id
    db.session.commit()


def show(experience: Experience) -> None:
    """Make a hidden experience visible again; the hold goes with the writer's last hidden one."""
    experience.hidden = False
    experience.hidden_reason = None
    experience.hidden_by_id = None
    still_hidden = db.session.scalar(
        sa.select(sa.func.count(Experience.id)).where(
            Experience.lesson_id == experience.lesson_id,
            Experience.author_id == experience.author_id,
            Experience.hidden.is_(True),
            Experience.id != experience.id,
        )
    )
    hold = _hold(experience.lesson_id, experience.author_id)
    if hold is not None and not still_hidden:
        db.session.delete(hold)
    db.session.commit()


def _hold(lesson_id: int, author_id: int) -> ExperienceHold | None:
    return db.session.scalar(
        sa.select(ExperienceHold).where(
            ExperienceHold.lesson_id == lesson_id, ExperienceHold.author_id == author_id
        )
    )


def mark_seen(owner: User) -> int:
    """The owner has read the new experiences of their lessons; returns how many there were."""
    owned = sa.select(Lesson.id).where(Lesson.owner_id == owner.id)
    result = db.session.execute(
        sa.update(Experience)
        .where(Experience.lesson_id.in_(owned), Experience.seen_by_owner.is_(False))
        .values(seen_by_owner=True)
    )
    db.session.commit()
    return result.rowcount
