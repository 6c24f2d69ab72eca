"""Mijn gegevens (AVG/GDPR): everything the library holds about a person, and leaving.

`export_zip` gathers it in one ZIP of JSON and lesson files: the account, the lessons
they make (as lesson files with their attachments), the revisions they wrote, their
saved lessons and collections, their experiences and learning lines. The serialisers
are the API's, so the ZIP says what the API would.

`delete_account` removes the person: lessons that were never published, unpublished
learning lines, collections, saved lessons, experiences, logins, throttling records
and mails waiting for them go; published lessons and lines stay under their licence,
with the maker's name as it was published or, if the person asks, "anoniem". The
owner, or an admin, does it; it commits once.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import sqlalchemy as sa

from library.accounts.models import Attempt, Role, User
from library.accounts.service import AccountError
from library.api.serializers import collection_detail, line_detail
from library.collections.models import Collection, SavedLesson
from library.content.format import serialise
from library.db import db, utcnow
from library.experiences.models import Experience
from library.lessons.exporter import document_from_revision
from library.lessons.models import Lesson, Revision
from library.lessons.storage import read_blob
from library.lines.models import LearningLine
from library.mail import compose
from library.mail.models import OutboxMessage
from library.techlabs import visits
from library.techlabs.queries import visits_of_teacher

ANONYMOUS = "anoniem"
README = """Dit zijn al je gegevens bij Techniekbieb, zoals ze waren op {moment}.

account.json      je account: naam, e-mailadres, rol, school, regio, keuzes voor mails
lessen/           de lessen die je maakt, als lesbestanden (Markdown), met hun bijlagen
versies.json      elke versie van een les die jij hebt opgeslagen
collecties.json   je bewaarde lessen en je collecties
ervaringen.json   de ervaringen die je deelde
bezoeken.json     de bezoeken aan techlabs die je aanvroeg, met voorgesprek en nabespreking
leerlijnen.json   de leerlijnen die je maakte

Je wachtwoord staat er niet in: de bibliotheek kent alleen een versleutelde vorm ervan.
"""


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _account(user: User) -> dict[str, Any]:
    return {
        "name": user.name,
        "email": user.email,
        "role": user.role,
        "requested_role": user.requested_role,
        "organisation": user.organisation,
        "region": user.region,
        "created_at": _iso(user.created_at),
        "last_login_at": _iso(user.last_login_at),
        "email_confirmed_at": _iso(user.email_confirmed_at),
        "mails": {
            "review_outcome": user.notify_review,
            "new_experiences": user.notify_experiences,
            "review_digest": user.notify_digest,
        },
    }


def _owned(model, user: User) -> list:
    return list(db.session.scalars(sa.select(model).where(model.owner_id == user.id)))


def _revisions(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        sa.select(Revision, Lesson.slug)
        .join(Lesson, Revision.lesson_id == Lesson.id)
        .where(Revision.author_id == user.id)
        .order_by(Lesson.slug, Revision.number)
    )
    return [
        {
            "lesson": slug,
            "number": revision.number,
            "author": revision.author,
            "message": revision.message,
            "created_at": _iso(revision.created_at),
            "title": revision.metadata_.get("title"),
        }
        for revision, slug in rows
    ]


def _experiences(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        sa.select(Experience, Lesson.slug)
        .join(Lesson, Experience.lesson_id == Lesson.id)
        .where(Experience.author_id == user.id)
        .order_by(Experience.created_at)
    )
    return [
        {
            "lesson": slug,
            "grade": experience.grade,
            "minutes": experience.minutes,
            "rating": experience.rating,
            "went_well": experience.went_well,
            "watch_out": experience.watch_out,
            "hidden": experience.hidden,
            "created_at": _iso(experience.created_at),
            "updated_at": _iso(experience.updated_at),
        }
        for experience, slug in rows
    ]


def _collections(user: User) -> dict[str, Any]:
    saved = db.session.execute(
        sa.select(Lesson.slug, SavedLesson.saved_at)
        .join(Lesson, SavedLesson.lesson_id == Lesson.id)
        .where(SavedLesson.user_id == user.id)
        .order_by(SavedLesson.saved_at)
    )
    return {
        "saved_lessons": [{"lesson": slug, "saved_at": _iso(at)} for slug, at in saved],
        "collections": [collection_detail(c) for c in _owned(Collection, user)],
    }


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def export_zip(user: User) -> bytes:
    """Everything the library holds about this user, as a ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LEESMIJ.txt", README.format(moment=utcnow().strftime("%d-%m-%Y")))
        archive.writestr("account.json", _json(_account(user)))
        for lesson in _owned(Lesson, user):
            revision = lesson.current_revision
            if revision is None:
                continue
            text = serialise(document_from_revision(revision))
            archive.writestr(f"lessen/{lesson.slug}.md", text)
            for attachment in revision.attachments:
                archive.writestr(
                    f"lessen/{lesson.slug}/{attachment.filename}", read_blob(attachment.sha256)
                )
        archive.writestr("versies.json", _json(_revisions(user)))
        archive.writestr("collecties.json", _json(_collections(user)))
        archive.writestr("ervaringen.json", _json(_experiences(user)))
        mine = [visits.described(visit) for visit in visits_of_teacher(user.id)]
        archive.writestr("bezoeken.json", _json(mine))
        lines = [line_detail(line) for line in _owned(LearningLine, user)]
        archive.writestr("leerlijnen.json", _json(lines))
    return buffer.getvalue()


def _anonymise(user: User) -> None:
    """Put "anoniem" where the user's name stands in the lessons that stay."""
    revisions = db.session.scalars(
        sa.select(Revision).where(
            sa.or_(Revision.author_id == user.id, Revision.lesson.has(Lesson.owner_id == user.id))
        )
    )
    for revision in revisions:
        if revision.author_id == user.id:
            revision.author = ANONYMOUS
        authors = revision.metadata_.get("authors") or []
        if user.name in authors:
            named = [ANONYMOUS if author == user.name else author for author in authors]
            revision.metadata_ = {**revision.metadata_, "authors": named}
            # The lesson changed for readers (and for the index and OAI-PMH).
            revision.lesson.updated_at = utcnow()


def _only_admin(user: User) -> bool:
    if user.role != Role.ADMIN.value:
        return False
    others = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN.value, User.id != user.id, User.active)
    )
    return others == 0


def delete_account(user: User, *, anonymous: bool) -> None:
    """Remove the account and what is only theirs; published work stays (see the module)."""
    if _only_admin(user):
        raise AccountError(
            "Dit is het enige beheerdersaccount. Maak eerst iemand anders beheerder."
        )
    email, name = user.email, user.name
    if anonymous:
        _anonymise(user)
    for lesson in _owned(Lesson, user):
        if lesson.published_at is None:
            db.session.delete(lesson)
        else:
            lesson.owner = None
    for line in _owned(LearningLine, user):
        if line.published:
            line.owner = None
        else:
            db.session.delete(line)
    db.session.execute(sa.delete(Attempt).where(Attempt.email == email))
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.recipient == email))
    visits.release_seats_of(user)
    # Deleted one by one, not by the cascade, so the search rewrites the lessons' ratings.
    for experience in db.session.scalars(
        sa.select(Experience).where(Experience.author_id == user.id)
    ):
        db.session.delete(experience)
    # Collections, saved lessons, visits, lab memberships and logins go with the row
    # (ON DELETE CASCADE).
    db.session.delete(user)
    compose.queue(email, "account_deleted", name=name, anonymous=anonymous)
    db.session.commit()
