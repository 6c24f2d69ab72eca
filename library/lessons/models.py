"""Lessons, their revisions, sections and attachments.

A lesson is a stable identity (slug, status, links); everything a maker writes
lives in revisions. Every change is a new revision (author, time, message); the
lesson points at its current one and keeps a copy of the current metadata in
columns of its own, so lists and filters need no join into revisions.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import UTCDateTime, db, utcnow
from library.vocab.models import VocabularyTerm

if TYPE_CHECKING:
    from library.accounts.models import User


HARVEST_SOURCE_LENGTH = 500
HARVEST_IDENTIFIER_LENGTH = 300


class LessonStatus(enum.StrEnum):
    """Where a lesson is in its life; `label` is what the pages call it."""

    DRAFT = "draft", "Concept"
    REVIEW = "review", "Ter beoordeling"
    RETURNED = "returned", "Teruggestuurd"
    PUBLISHED = "published", "Gepubliceerd"
    ARCHIVED = "archived", "Gearchiveerd"

    label: str

    def __new__(cls, value: str, label: str) -> LessonStatus:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


lesson_term = sa.Table(
    "lesson_term",
    db.metadata,
    sa.Column("lesson_id", sa.ForeignKey("lesson.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("term_id", sa.ForeignKey("vocabulary_term.id"), primary_key=True, index=True),
)


class Lesson(db.Model):
    __table_args__ = (
        sa.Index("ix_lesson_harvest_key", "harvest_source", "harvest_identifier", unique=True),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    status: so.Mapped[str] = so.mapped_column(
        sa.String(20), default=LessonStatus.DRAFT.value, index=True
    )
    current_revision_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("revision.id", use_alter=True, name="fk_lesson_current_revision_id_revision")
    )
    forked_from_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("lesson.id", ondelete="SET NULL"), index=True
    )
    forked_from_revision_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey(
            "revision.id",
            ondelete="SET NULL",
            use_alter=True,
            name="fk_lesson_forked_from_revision_id_revision",
        )
    )
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    # The last change harvesters and feeds see (a revision, a status), set by lessons.service;
    # no onupdate: a download, a review comment or a fork link is no such change.
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow, index=True)
    published_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime, index=True)
    # Who writes the lesson; None for lessons imported from files.
    owner_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # Optimistic locking: every UPDATE checks and bumps it, so no save overwrites another.
    # The ORM sets the first value itself: with a server default it would read the value
    # back with UPDATE ... RETURNING when an import updates many lessons in one
    # executemany, which SQLite cannot. The column keeps its server default from the
    # migrations, for rows written without the ORM.
    version: so.Mapped[int] = so.mapped_column(default=1)
    submitted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    # What the moderator wrote when sending the lesson back.
    review_comment: so.Mapped[str | None] = so.mapped_column(sa.Text)

    # How often the ZIP was downloaded; raised by a plain UPDATE, so it never counts as an edit.
    download_count: so.Mapped[int] = so.mapped_column(default=0, server_default="0")

    # A harvested lesson's key: the OAI-PMH base URL the administrator harvests and the
    # record's identifier there (see exchange/harvest.py). None for this library's own
    # lessons, so no source can update or withdraw a lesson it did not bring.
    harvest_source: so.Mapped[str | None] = so.mapped_column(sa.String(HARVEST_SOURCE_LENGTH))
    harvest_identifier: so.Mapped[str | None] = so.mapped_column(
        sa.String(HARVEST_IDENTIFIER_LENGTH)
    )

    # A copy of the current revision's metadata, for listing and filtering.
    title: so.Mapped[str] = so.mapped_column(sa.String(120))
    summary: so.Mapped[str] = so.mapped_column(sa.String(400))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20), index=True)
    duration: so.Mapped[int | None]
    group_size: so.Mapped[int | None]
    threshold: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    location: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    license: so.Mapped[str] = so.mapped_column(sa.String(20))
    organisation: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    region: so.Mapped[str | None] = so.mapped_column(sa.String(200))

    current_revision: so.Mapped[Revision | None] = so.relationship(
        foreign_keys=[current_revision_id], post_update=True
    )
    revisions: so.Mapped[list[Revision]] = so.relationship(
        back_populates="lesson",
        foreign_keys="Revision.lesson_id",
        order_by="Revision.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    terms: so.Mapped[list[VocabularyTerm]] = so.relationship(secondary=lesson_term)
    forked_from: so.Mapped[Lesson | None] = so.relationship(
        remote_side=[id], foreign_keys=[forked_from_id]
    )
    forked_from_revision: so.Mapped[Revision | None] = so.relationship(
        foreign_keys=[forked_from_revision_id]
    )
    owner: so.Mapped[User | None] = so.relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_label(self) -> str:
        return LessonStatus(self.status).label

    @property
    def is_published(self) -> bool:
        return self.status == LessonStatus.PUBLISHED.value

    def __repr__(self) -> str:
        return f"<Lesson {self.slug}>"


class Revision(db.Model):
    """One saved state of a lesson: metadata as written, sections with their rendered HTML."""

    __table_args__ = (sa.UniqueConstraint("lesson_id", "number", name="uq_revision_lesson_number"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lesson_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("lesson.id", ondelete="CASCADE"), index=True
    )
    number: so.Mapped[int]
    author: so.Mapped[str] = so.mapped_column(sa.String(200))
    author_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    message: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    # The front matter in canonical form (what the lesson file says, keys as in the format).
    metadata_: so.Mapped[dict[str, Any]] = so.mapped_column("metadata", sa.JSON)
    intro_markdown: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    intro_html: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    preparation_html: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # sha256 of the lesson file as export writes it, plus its attachments: equal hash, same lesson.
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    # Whether the public ever saw it: it was the current revision while the lesson was
    # published. The history shows everyone else only these.
    published: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    # A moderator removed its text (a pupil's name, say); when, who (the name, as `author`)
    # and why stay.
    redacted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    redacted_by: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    redaction_reason: so.Mapped[str | None] = so.mapped_column(sa.String(500))

    lesson: so.Mapped[Lesson] = so.relationship(
        back_populates="revisions", foreign_keys=[lesson_id]
    )
    sections: so.Mapped[list[Section]] = so.relationship(
        back_populates="revision",
        order_by="Section.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    attachments: so.Mapped[list[Attachment]] = so.relationship(
        back_populates="revision",
        order_by="Attachment.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def redacted(self) -> bool:
        return self.redacted_at is not None

    def __repr__(self) -> str:
        return f"<Revision {self.lesson_id}#{self.number}>"


class Section(db.Model):
    """A `## ` section of a revision: a phase of the lesson's cycle, or a free heading."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    revision_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("revision.id", ondelete="CASCADE"), index=True
    )
    position: so.Mapped[int]
    heading: so.Mapped[str] = so.mapped_column(sa.String(200))
    phase: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    markdown: so.Mapped[str] = so.mapped_column(sa.Text)
    html: so.Mapped[str] = so.mapped_column(sa.Text)

    revision: so.Mapped[Revision] = so.relationship(back_populates="sections")


class Attachment(db.Model):
    """A file of a revision, stored once by its content hash under the upload folder."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    revision_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("revision.id", ondelete="CASCADE"), index=True
    )
    position: so.Mapped[int]
    filename: so.Mapped[str] = so.mapped_column(sa.String(200))
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    size: so.Mapped[int]
    media_type: so.Mapped[str] = so.mapped_column(sa.String(100))

    revision: so.Mapped[Revision] = so.relationship(back_populates="attachments")
