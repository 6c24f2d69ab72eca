"""Keeping the index in step with the database, whoever changes a lesson.

The index hangs on the database commit, not on particular callers: after each
flush the slugs of changed lessons (and of lessons whose experiences changed)
are collected on the session. A backend that writes in the transaction
(PostgreSQL) writes them just before the commit, so both land or neither does.
Otherwise (Whoosh) they are written after the commit in one writer (an import
of a thousand lessons is one write); if that fails the commit stands and the
lessons wait in the queue (see `indexing.sync`). A rollback forgets them.

`LIBRARY_SEARCH_BACKEND` (`whoosh`, the default, or `postgres`) chooses the
backend; this is the one module that builds one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, current_app, has_app_context
from sqlalchemy import event, inspect

from library.db import db
from library.lessons.models import Lesson
from library.search import indexing
from library.search.backend import (
    EXTENSION,
    RATINGS,
    RatingSource,
    SearchBackend,
    TransactionalBackend,
)
from library.search.postgres import PostgresBackend
from library.search.whoosh import WhooshBackend

CHANGED = "search_changed_slugs"
CHANGED_IDS = "search_changed_lesson_ids"
WATCHED = "search.watched"
# Another model whose rows count in a lesson's document, and the lesson a row belongs to.
LessonOf = Callable[[Any], int | None]


def init_app(
    app: Flask, *, ratings: RatingSource, watched: Mapping[type, LessonOf] | None = None
) -> None:
    """Set up the configured search backend and keep it in step with the database's
    commits. `ratings` gives lessons' ratings for their documents: they live with the
    experiences, which the search does not know; a change to a row of a `watched`
    model (an experience) rewrites the document of the lesson it belongs to."""
    app.extensions[RATINGS] = ratings
    app.extensions[WATCHED] = dict(watched or {})
    app.extensions[EXTENSION] = _backend(app)
    if not event.contains(db.session, "after_flush", _collect_changes):
        event.listen(db.session, "after_flush", _collect_changes)
        event.listen(db.session, "before_commit", _write_in_transaction)
        event.listen(db.session, "after_commit", _write_changes)
        event.listen(db.session, "after_rollback", _forget_changes)


class BackendError(RuntimeError):
    """The configured search backend cannot run here; the message says what to change."""


def _backend(app: Flask) -> SearchBackend:
    name = app.config.setdefault("SEARCH_BACKEND", "whoosh")
    if name == "postgres":
        if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            raise BackendError(
                "LIBRARY_SEARCH_BACKEND=postgres searches with PostgreSQL's full-text search, "
                "but LIBRARY_DATABASE_URL is not a PostgreSQL database. Set a postgresql:// "
                "URL, or use LIBRARY_SEARCH_BACKEND=whoosh (the default) with SQLite."
            )
        return PostgresBackend()
    if name != "whoosh":
        raise BackendError(
            f"LIBRARY_SEARCH_BACKEND={name!r} is unknown: choose whoosh (the default) or postgres."
        )
    app.config.setdefault("INDEX_LOCK_TIMEOUT", 10.0)
    return WhooshBackend(Path(app.config["INDEX_DIR"]), float(app.config["INDEX_LOCK_TIMEOUT"]))


def _collect_changes(session: so.Session, _flush_context) -> None:
    changed: set[str] = session.info.setdefault(CHANGED, set())
    lesson_ids: set[int] = session.info.setdefault(CHANGED_IDS, set())
    watched = current_app.extensions.get(WATCHED, {}) if has_app_context() else {}
    for instance in (*session.new, *session.dirty, *session.deleted):
        if instance in session.dirty and not session.is_modified(instance):
            continue
        if isinstance(instance, Lesson):
            changed.add(instance.slug)
            # A renamed lesson must also leave the index under its old slug.
            changed.update(inspect(instance).attrs.slug.history.deleted or ())
        elif (lesson_of := watched.get(type(instance))) and (lesson_id := lesson_of(instance)):
            lesson_ids.add(lesson_id)


def _slugs_of(connection: sa.Connection | so.Session, lesson_ids: set[int]) -> set[str]:
    return set(connection.scalars(sa.select(Lesson.slug).where(Lesson.id.in_(lesson_ids))))


def _write_in_transaction(session: so.Session) -> None:
    if not has_app_context():
        return
    backend = current_app.extensions.get(EXTENSION)
    if backend is None or not backend.in_transaction:
        return
    # What is still unflushed must be collected too.
    session.flush()
    changed = session.info.pop(CHANGED, None) or set()
    lesson_ids = session.info.pop(CHANGED_IDS, None)
    if lesson_ids:
        changed |= _slugs_of(session, lesson_ids)
    if changed:
        transactional: TransactionalBackend = backend
        transactional.write_in(session, changed)


def _write_changes(session: so.Session) -> None:
    changed = session.info.pop(CHANGED, None) or set()
    lesson_ids = session.info.pop(CHANGED_IDS, None)
    if not has_app_context():
        return
    if lesson_ids:
        # The committed session cannot query any more: the slugs come through a connection.
        with db.engine.connect() as connection:
            changed |= _slugs_of(connection, lesson_ids)
    if changed:
        indexing.sync(changed)


def _forget_changes(session: so.Session) -> None:
    session.info.pop(CHANGED, None)
    session.info.pop(CHANGED_IDS, None)
