"""The records this installation offers over OAI-PMH, their identifiers, datestamps and sets.

A record is a lesson of our own that was ever published (`published_at` is set). While it
is published the record carries metadata; once it is no longer published (archived, or
back in review) it is a deleted record. The workflow never deletes a lesson that was
published (see `accounts.policy`), so these rows are the tombstones.

Lessons harvested from another installation are not offered again: the installation they
come from offers them, and Edurep would otherwise list them twice.

The datestamp of a record is the lesson's `updated_at`; records are listed in datestamp
order, so a resumption token can say where to go on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app, request

from library.db import db
from library.exchange.describe import harvested
from library.lessons.models import Lesson, Revision
from library.lessons.queries import tagged_with
from library.vocab.loader import Vocabularies

# Set spec prefix -> the vocabulary whose terms are its subsets (`world:energie-water-veiligheid`).
SET_VOCABULARIES = {"world": "worlds", "grade": "grades"}
DOMAIN_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$")
FALLBACK_REPOSITORY_IDENTIFIER = "techniekbieb.local"


@dataclass(frozen=True)
class OaiSet:
    spec: str
    name: str


@dataclass(frozen=True)
class Selection:
    """What a list request asks for: an optional set and datestamp range (until exclusive)."""

    set_spec: str | None = None
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True)
class Position:
    """The last record a page showed: the next page starts after it."""

    datestamp: datetime
    lesson_id: int


def repository_identifier() -> str:
    """The domain name in our OAI identifiers (`oai:<domain>:<slug>`).

    `LIBRARY_OAI_REPOSITORY_IDENTIFIER` in production, so identifiers stay the same when
    the site moves; else the host of `LIBRARY_SERVER_NAME`; in development, without
    either, the host the request came in on, when it is a domain name.
    """
    configured = current_app.config.get("OAI_REPOSITORY_IDENTIFIER")
    if configured:
        return configured
    host = urlsplit(f"//{current_app.config.get('SERVER_NAME') or request.host}").hostname or ""
    return host if DOMAIN_RE.match(host) else FALLBACK_REPOSITORY_IDENTIFIER


def oai_identifier(lesson: Lesson) -> str:
    return f"oai:{repository_identifier()}:{lesson.slug}"


def slug_from_identifier(identifier: str) -> str | None:
    """The slug in one of our OAI identifiers (`oai:<domain>:<slug>`); None for another
    repository's identifier."""
    prefix = f"oai:{repository_identifier()}:"
    return identifier.removeprefix(prefix) if identifier.startswith(prefix) else None


def datestamp(lesson: Lesson) -> datetime:
    return lesson.updated_at.replace(microsecond=0)


def is_deleted(lesson: Lesson) -> bool:
    return not lesson.is_published


def _records() -> sa.Select:
    return (
        sa.select(Lesson)
        .join(Revision, Revision.id == Lesson.current_revision_id)
        .where(Lesson.published_at.is_not(None), sa.not_(harvested()))
    )


def _select(selection: Selection) -> sa.Select:
    query = _records()
    if selection.set_spec:
        query = query.where(Lesson.id.in_(_set_members(selection.set_spec)))
    if selection.start:
        query = query.where(Lesson.updated_at >= selection.start)
    if selection.end:
        query = query.where(Lesson.updated_at < selection.end)
    return query


def _set_members(spec: str) -> sa.Select:
    prefix, _, key = spec.partition(":")
    return tagged_with(SET_VOCABULARIES[prefix], [key] if key else None)


def page(selection: Selection, after: Position | None, size: int) -> list[Lesson]:
    """Up to `size` records in datestamp order, after the given position."""
    query = _select(selection)
    if after is not None:
        query = query.where(
            sa.or_(
                Lesson.updated_at > after.datestamp,
                sa.and_(Lesson.updated_at == after.datestamp, Lesson.id > after.lesson_id),
            )
        )
    return list(
        db.session.scalars(
            query.options(
                so.contains_eager(Lesson.current_revision),
                so.selectinload(Lesson.terms),
                so.selectinload(Lesson.forked_from),
                so.selectinload(Lesson.forked_from_revision),
            )
            .order_by(Lesson.updated_at, Lesson.id)
            .limit(size)
        ).unique()
    )


def position_after(lesson: Lesson) -> Position:
    return Position(lesson.updated_at, lesson.id)


def count(selection: Selection) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(_select(selection).subquery()))


def find(slug: str) -> Lesson | None:
    return db.session.scalar(
        _records()
        .where(Lesson.slug == slug)
        .options(so.contains_eager(Lesson.current_revision), so.selectinload(Lesson.terms))
    )


def earliest_datestamp() -> datetime | None:
    records = _records().subquery()
    earliest = db.session.scalar(sa.select(sa.func.min(records.c.updated_at)))
    return earliest.replace(microsecond=0) if earliest else None


def sets(vocabularies: Vocabularies) -> list[OaiSet]:
    """Every set: one per vocabulary (all worlds, all grade groups) and one per term, each
    named as the vocabulary files name them."""
    found = []
    for prefix, name in SET_VOCABULARIES.items():
        vocabulary = vocabularies[name]
        found.append(OaiSet(prefix, vocabulary.label))
        found += [OaiSet(f"{prefix}:{term.key}", term.label) for term in vocabulary]
    return found


def set_specs(lesson: Lesson) -> list[str]:
    """The sets a record belongs to; a record in `world:x` is also in its parent `world`."""
    specs = []
    for prefix, vocabulary in SET_VOCABULARIES.items():
        terms = sorted(lesson.terms, key=lambda term: term.position)
        keys = [term.key for term in terms if term.vocabulary == vocabulary]
        if keys:
            specs += [prefix] + [f"{prefix}:{key}" for key in keys]
    return specs
