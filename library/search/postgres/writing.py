"""Writing `lesson_search` in the transaction that changes the lessons, and rebuilding it.

A published change is searchable the moment it commits, on every app server, and
a failed write fails the commit: the lesson and its search entry never disagree,
so this backend needs no queue. Rows are written in slug order and words in
word order, so two transactions that touch the same ones cannot deadlock.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.dialects.postgresql import insert

from library.db import db
from library.progress import tracked
from library.search import queue
from library.search.backend import RebuildReport, WriteReport
from library.search.documents import (
    LessonDocument,
    indexable_lessons,
    lesson_documents,
    published_count,
    published_lessons,
)
from library.search.postgres.models import LessonSearch, SearchWord
from library.search.postgres.vectors import document_vector, document_words, facet_keys
from library.vocab.loader import get_vocabularies

BATCH = 500
_COLUMNS = [column.name for column in LessonSearch.__table__.columns if column.name != "slug"]


def _row(document: LessonDocument) -> dict:
    rating, experiences = document.rating or (0.0, 0)
    return {
        "slug": document.slug,
        "document": document_vector(document),
        "facet_values": facet_keys(document),
        "published": document.published,
        "minutes": document.minutes,
        "preparation_minutes": document.preparation_minutes,
        "rating": round(rating * 1000),
        "experiences": experiences,
        "body": document.body,
        "card": document.card,
        "values": document.values,
        "fingerprint": document.fingerprint,
    }


def _store(
    session: so.Session, documents: Iterable[LessonDocument], stage: str, total: int
) -> list[str]:
    """Insert or replace these documents' rows and add their words; returns their slugs."""
    written: list[str] = []
    batch: list[LessonDocument] = []

    def flush() -> None:
        if not batch:
            return
        rows = sorted((_row(document) for document in batch), key=lambda row: row["slug"])
        statement = insert(LessonSearch)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["slug"],
                set_={name: statement.excluded[name] for name in _COLUMNS},
            ),
            rows,
        )
        words = sorted(set().union(*(document_words(document) for document in batch)))
        session.execute(
            insert(SearchWord).on_conflict_do_nothing(), [{"word": word} for word in words]
        )
        written.extend(row["slug"] for row in rows)
        batch.clear()

    for document in tracked(documents, stage, total):
        batch.append(document)
        if len(batch) >= BATCH:
            flush()
    flush()
    return written


def write_in(session: so.Session, slugs: Iterable[str]) -> WriteReport:
    """Make these lessons' rows match the session's view of them, in its transaction."""
    wanted = set(slugs)
    report = WriteReport()
    if not wanted:
        return report
    published = indexable_lessons(session, wanted)
    documents = lesson_documents(session, published, get_vocabularies())
    report.written = _store(session, documents, "Zoekindex bijwerken", len(published))
    gone = sorted(wanted - set(report.written))
    if gone:
        deleted = session.execute(
            sa.delete(LessonSearch).where(LessonSearch.slug.in_(gone)).returning(LessonSearch.slug)
        )
        report.removed = sorted(deleted.scalars())
    return report


def write(slugs: Iterable[str]) -> WriteReport:
    """Write these lessons and any queued ones (left from the Whoosh backend) in a transaction
    of their own."""
    with so.Session(db.engine) as session:
        waiting = queue.queued(session)
        report = write_in(session, {*slugs, *(entry.slug for entry in waiting)})
        session.commit()
    queue.forget(waiting)
    return report


def rebuild() -> RebuildReport:
    """Every published lesson's row anew, and the word list without words no lesson has.

    One transaction: searches see the old rows until it commits.
    """
    started = time.perf_counter()
    with so.Session(db.engine) as session:
        waiting = queue.queued(session)
        session.execute(sa.delete(LessonSearch))
        session.execute(sa.delete(SearchWord))
        indexed = (lesson for lesson in published_lessons(session) if lesson.current_revision)
        documents = lesson_documents(session, indexed, get_vocabularies())
        count = len(_store(session, documents, "Zoekindex opbouwen", published_count(session)))
        session.commit()
    queue.forget(waiting)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("ANALYZE lesson_search"))
        connection.execute(sa.text("ANALYZE search_word"))
    return RebuildReport(count, time.perf_counter() - started, 1)


def fingerprints() -> dict[str, str]:
    with so.Session(db.engine) as session:
        rows = session.execute(sa.select(LessonSearch.slug, LessonSearch.fingerprint))
        return dict(rows.all())
