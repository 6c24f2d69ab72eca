"""Saved lessons and collections.

A collection is reached by an unguessable token, never by its number: the token is
its address (`/collecties/<token>`, `/api/v1/collections/<token>`), and a new token
makes an old shared link stop working.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import UTCDateTime, db, utcnow
from library.lessons.models import Lesson

if TYPE_CHECKING:
    from library.accounts.models import User

MAX_TITLE_LENGTH = 120
MAX_DESCRIPTION_LENGTH = 1000


def new_token() -> str:
    return secrets.token_urlsafe(18)


class SavedLesson(db.Model):
    """A lesson a user keeps in `Mijn lessen`."""

    __tablename__ = "saved_lesson"
    __table_args__ = (sa.UniqueConstraint("user_id", "lesson_id", name="uq_saved_lesson_user"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    lesson_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("lesson.id", ondelete="CASCADE"), index=True
    )
    saved_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    lesson: so.Mapped[Lesson] = so.relationship()


class Collection(db.Model):
    """A named, ordered list of lessons; private to its owner unless shared."""

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    token: so.Mapped[str] = so.mapped_column(sa.String(32), unique=True, default=new_token)
    owner_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    title: so.Mapped[str] = so.mapped_column(sa.String(MAX_TITLE_LENGTH))
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    shared: so.Mapped[bool] = so.mapped_column(default=False)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: so.Mapped[User] = so.relationship()
    items: so.Mapped[list[CollectionItem]] = so.relationship(
        back_populates="collection",
        order_by="CollectionItem.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __repr__(self) -> str:
        return f"<Collection {self.title!r}>"


class CollectionItem(db.Model):
    __tablename__ = "collection_item"
    __table_args__ = (
        sa.UniqueConstraint("collection_id", "lesson_id", name="uq_collection_item_lesson"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    collection_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("collection.id", ondelete="CASCADE"), index=True
    )
    lesson_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("lesson.id", ondelete="CASCADE"), index=True
    )
    position: so.Mapped[int]

    collection: so.Mapped[Collection] = so.relationship(back_populates="items")
    lesson: so.Mapped[Lesson] = so.relationship()
