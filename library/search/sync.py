"""Keeping the index in step with the database, whoever changes a lesson.

The index hangs on the database commit, not on particular callers: after each
flush the slugs of changed lessons are collected on the session; after the
commit they are written to the index in one writer (an import of a thousand
lessons is one write). A rollback forgets them. If the index write fails the
commit stands and the lessons wait in the queue (see `indexing.sync`).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy.orm as so
from flask import Flask, has_app_context
from sqlalchemy import event, inspect

from library.db import db
from library.lessons.models import Lesson
from library.search import indexing
from library.search.backend import EXTENSION, RATINGS, RatingSource, SearchBackend
from library.search.whoosh import WhooshBackend

CHANGED = "search_changed_slugs"


def init_app(app: Flask, *, ratings: RatingSource) -> None:
    """Set up the configured search backend and keep it in step with the database's
    commits. `ratings` is asked for the lessons' ratings when a search sorts by them:
    they live with the experiences, which the search does not know."""
    app.extensions[RATINGS] = ratings
    app.extensions[EXTENSION] = _backend(app)
    if not event.contains(db.session, "after_flush", _collect_changes):
        event.listen(db.session, "after_flush", _collect_changes)
        event.listen(db.session, "after_commit", _write_changes)
        event.listen(db.session, "after_rollback", _forget_changes)


def _backend(app: Flask) -> SearchBackend:
    app.config.setdefault("INDEX_LOCK_TIMEOUT", 10.0)
    return WhooshBackend(Path(app.config["INDEX_DIR"]), float(app.config["INDEX_LOCK_TIMEOUT"]))


def _collect_changes(session: so.Session, _flush_context) -> None:
    changed: set[str] = session.info.setdefault(CHANGED, set())
    for lesson in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(lesson, Lesson):
            continue
        if lesson in session.dirty and not session.is_modified(lesson):
            continue
        changed.add(lesson.slug)
        # A renamed lesson must also leave the index under its old slug.
        changed.update(inspect(lesson).attrs.slug.history.deleted or ())


def _write_changes(session: so.Session) -> None:
    changed = session.info.pop(CHANGED, None)
    if changed and has_app_context():
        indexing.sync(changed)


def _forget_changes(session: so.Session) -> None:
    session.info.pop(CHANGED, None)
