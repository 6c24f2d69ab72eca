"""Keeping lessons: saving, collections and their order, sharing. Each call commits once.

A collection's `updated_at` (the owner's list sorts by it) moves by itself (`onupdate`)
when the collection's own row changes; a change to its items alone does not update that
row, so the item functions set it.

Callers have asked the policy first; these functions check what the data must hold
(a title, limits, a lesson that is published) and raise `CollectionError` otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from library.collections.models import (
    MAX_DESCRIPTION_LENGTH,
    MAX_TITLE_LENGTH,
    Collection,
    CollectionItem,
    SavedLesson,
    new_token,
)
from library.db import db, utcnow
from library.forms import FormError
from library.lessons.models import Lesson

if TYPE_CHECKING:
    from library.accounts.models import User

MAX_COLLECTIONS = 100
MAX_LESSONS_PER_COLLECTION = 200


class CollectionError(FormError):
    """What a teacher asked cannot be done; the message is for them."""


def _published(lesson: Lesson) -> None:
    if not lesson.is_published:
        raise CollectionError("Alleen gepubliceerde lessen kun je bewaren.")


def save_lesson(user: User, lesson: Lesson) -> bool:
    """Keep the lesson in the user's `Mijn lessen`; False if it was already there."""
    _published(lesson)
    exists = db.session.scalar(
        sa.select(SavedLesson.id).where(
            SavedLesson.user_id == user.id, SavedLesson.lesson_id == lesson.id
        )
    )
    if exists:
        return False
    db.session.add(SavedLesson(user_id=user.id, lesson_id=lesson.id))
    db.session.commit()
    return True


def forget_lesson(user: User, lesson: Lesson) -> None:
    db.session.execute(
        sa.delete(SavedLesson).where(
            SavedLesson.user_id == user.id, SavedLesson.lesson_id == lesson.id
        )
    )
    db.session.commit()


def _clean(title: str, description: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    description = (description or "").strip()
    if not title:
        raise CollectionError("Geef de collectie een naam.", "title")
    if len(title) > MAX_TITLE_LENGTH:
        raise CollectionError(
            f"De naam mag hoogstens {MAX_TITLE_LENGTH} tekens lang zijn.", "title"
        )
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise CollectionError(
            f"De beschrijving mag hoogstens {MAX_DESCRIPTION_LENGTH} tekens lang zijn.",
            "description",
        )
    return title, description


def create_collection(user: User, title: str, description: str = "") -> Collection:
    title, description = _clean(title, description)
    count = db.session.scalar(
        sa.select(sa.func.count(Collection.id)).where(Collection.owner_id == user.id)
    )
    if count >= MAX_COLLECTIONS:
        # Shown at the name, where the teacher typed the one too many.
        raise CollectionError(
            f"Je hebt al {MAX_COLLECTIONS} collecties. Ruim er eerst een op.", "title"
        )
    collection = Collection(owner_id=user.id, title=title, description=description)
    db.session.add(collection)
    db.session.commit()
    return collection


def update_collection(collection: Collection, title: str, description: str) -> None:
    collection.title, collection.description = _clean(title, description)
    db.session.commit()


def add_lesson(collection: Collection, lesson: Lesson) -> bool:
    """Put the lesson at the end of the collection; False if it was already in it."""
    _published(lesson)
    if any(item.lesson_id == lesson.id for item in collection.items):
        return False
    if len(collection.items) >= MAX_LESSONS_PER_COLLECTION:
        raise CollectionError(
            f"Een collectie heeft hoogstens {MAX_LESSONS_PER_COLLECTION} lessen. "
            "Maak een nieuwe collectie."
        )
    collection.items.append(CollectionItem(lesson=lesson, position=len(collection.items)))
    collection.updated_at = utcnow()  # items change, which onupdate does not see
    db.session.commit()
    return True


def _renumber(collection: Collection) -> None:
    for position, item in enumerate(collection.items):
        item.position = position


def remove_lesson(collection: Collection, lesson: Lesson) -> None:
    collection.items = [item for item in collection.items if item.lesson_id != lesson.id]
    _renumber(collection)
    collection.updated_at = utcnow()  # items change, which onupdate does not see
    db.session.commit()


def move_lesson(collection: Collection, lesson: Lesson, offset: int) -> None:
    """Move the lesson `offset` places (-1: one up, 1: one down), as far as the list goes."""
    items = list(collection.items)
    current = next((i for i, item in enumerate(items) if item.lesson_id == lesson.id), None)
    if current is None:
        raise CollectionError("Deze les staat niet in de collectie.")
    target = max(0, min(len(items) - 1, current + offset))
    items.insert(target, items.pop(current))
    collection.items = items
    _renumber(collection)
    collection.updated_at = utcnow()  # items change, which onupdate does not see
    db.session.commit()


def set_shared(collection: Collection, shared: bool) -> None:
    collection.shared = shared
    db.session.commit()


def renew_link(collection: Collection) -> None:
    """A new address for the collection: the old shared link stops working."""
    collection.token = new_token()
    db.session.commit()


def delete_collection(collection: Collection) -> None:
    db.session.delete(collection)
    db.session.commit()
