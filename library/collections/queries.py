"""Reading saved lessons and collections, with their lessons loaded in a fixed number of queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.collections.models import Collection, CollectionItem, SavedLesson
from library.db import db
from library.lessons.models import Lesson, LessonStatus

if TYPE_CHECKING:
    from library.accounts.models import User


def saved_lessons(user: User) -> list[Lesson]:
    """The published lessons the user keeps, last saved first."""
    return list(
        db.session.scalars(
            sa.select(Lesson)
            .join(SavedLesson, SavedLesson.lesson_id == Lesson.id)
            .where(SavedLesson.user_id == user.id, Lesson.status == LessonStatus.PUBLISHED.value)
            .options(so.selectinload(Lesson.current_revision))
            .order_by(SavedLesson.saved_at.desc(), SavedLesson.id.desc())
        )
    )


def is_saved(user: User, lesson: Lesson) -> bool:
    return bool(
        db.session.scalar(
            sa.select(SavedLesson.id).where(
                SavedLesson.user_id == user.id, SavedLesson.lesson_id == lesson.id
            )
        )
    )


def collections_of(user: User) -> list[Collection]:
    """The user's collections, last changed first, with their lessons."""
    return list(
        db.session.scalars(
            sa.select(Collection)
            .where(Collection.owner_id == user.id)
            .options(so.selectinload(Collection.items).joinedload(CollectionItem.lesson))
            .order_by(Collection.updated_at.desc(), Collection.id.desc())
        )
    )


def collection_by_token(token: str) -> Collection | None:
    """The collection at this address, its lessons with their current revision."""
    return db.session.scalar(
        sa.select(Collection)
        .where(Collection.token == token)
        .options(
            so.joinedload(Collection.owner),
            so.selectinload(Collection.items)
            .joinedload(CollectionItem.lesson)
            .selectinload(Lesson.current_revision),
        )
    )


def published_lessons(collection: Collection) -> list[Lesson]:
    """The collection's lessons in order, leaving out those no longer published."""
    return [item.lesson for item in collection.items if item.lesson.is_published]
