"""Writing the index from the database: changed lessons, the retry queue, a rebuild, a check.

The database is the truth. Every write reads the lessons *after* taking the
index's write lock, so whichever process writes last writes the latest state.
A lesson whose entry could not be written waits in `index_queue`; every later
write (and `flask index retry`) takes the queue along.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError
from whoosh.writing import CLEAR

from library.db import db, utcnow
from library.lessons.models import Lesson, LessonStatus
from library.search.documents import lesson_document, lessons_by_slug, published_lessons
from library.search.models import IndexQueueEntry
from library.search.schema import INDEX_NAME
from library.search.store import LessonIndex, current_index
from library.vocab.loader import get_vocabularies

log = logging.getLogger(__name__)

# A rebuild of this many lessons or more uses several processes.
PARALLEL_FROM = 2000
_INDEX_FILE = re.compile(r"^_?(lessons_v\d+)_")


@dataclass(frozen=True)
class _Queued:
    id: int
    slug: str
    attempts: int


def _queued(session: so.Session) -> list[_Queued]:
    rows = session.execute(
        sa.select(IndexQueueEntry.id, IndexQueueEntry.slug, IndexQueueEntry.attempts)
    )
    return [_Queued(*row) for row in rows]


def _forget(entries: list[_Queued]) -> None:
    """Take written entries off the queue, unless a newer failure queued them again."""
    if not entries:
        return
    table = IndexQueueEntry.__table__
    statement = table.delete().where(
        table.c.id == sa.bindparam("entry_id"), table.c.attempts == sa.bindparam("entry_attempts")
    )
    with db.engine.begin() as connection:
        connection.execute(
            statement, [{"entry_id": e.id, "entry_attempts": e.attempts} for e in entries]
        )


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def write_lessons(slugs: Iterable[str]) -> WriteReport:
    """Make the index entries of these lessons, and of all queued ones, match the database.

    Raises whatever stops the write (the lock stayed taken, a full disk, ...).
    """
    report = WriteReport()
    with current_index().writing() as writer, so.Session(db.engine) as session:
        queued = _queued(session)
        wanted = set(slugs) | {entry.slug for entry in queued}
        lessons = lessons_by_slug(session, wanted)
        vocabularies = get_vocabularies()
        for slug in sorted(wanted):
            lesson = lessons.get(slug)
            if lesson is not None and lesson.is_published and lesson.current_revision:
                writer.update_document(**lesson_document(lesson, vocabularies))
                report.written.append(slug)
            elif writer.delete_by_term("slug", slug):
                report.removed.append(slug)
        if report.written or report.removed:
            writer.commit()
    _forget(queued)
    return report


def sync(slugs: Iterable[str]) -> None:
    """Write changed lessons to the index; on failure queue them. Never raises."""
    slugs = set(slugs)
    try:
        write_lessons(slugs)
    except Exception as error:
        log.exception("Search index not updated for %s; queued for a retry", sorted(slugs))
        try:
            queue(slugs, error)
        except Exception:
            log.exception("Could not queue %s for the search index", sorted(slugs))


def queue(slugs: Iterable[str], error: Exception) -> None:
    """Remember lessons whose index entry must still be written."""
    message = f"{type(error).__name__}: {error}"[:1000]
    for attempt in range(2):
        with so.Session(db.engine) as session:
            wanted = sorted(set(slugs))
            entries = {
                entry.slug: entry
                for entry in session.scalars(
                    sa.select(IndexQueueEntry).where(IndexQueueEntry.slug.in_(wanted))
                )
            }
            for slug in wanted:
                entry = entries.get(slug)
                if entry is None:
                    entry = IndexQueueEntry(slug=slug, attempts=0)
                    session.add(entry)
                entry.attempts += 1
                entry.last_error = message
                entry.queued_at = utcnow()
            try:
                session.commit()
                return
            except IntegrityError:
                # Another process queued the same lesson at the same moment: update its entry.
                session.rollback()
                if attempt:
                    raise


def retry() -> tuple[WriteReport, int]:
    """Write every queued lesson; returns what was written and how many are still queued."""
    report = write_lessons(())
    return report, _queue_length()


def _queue_length() -> int:
    with so.Session(db.engine) as session:
        return session.scalar(sa.select(sa.func.count()).select_from(IndexQueueEntry)) or 0


@dataclass(frozen=True)
class RebuildReport:
    lessons: int
    seconds: float
    processes: int


def rebuild(processes: int | None = None) -> RebuildReport:
    """Index every published lesson anew; searches use the old index until the new one commits."""
    started = time.perf_counter()
    lesson_index = current_index()
    if processes is None:
        processes = _processes_for(_published_count())
    count = 0
    with lesson_index.writing(procs=processes, limitmb=256) as writer:
        with so.Session(db.engine) as session:
            queued = _queued(session)
            vocabularies = get_vocabularies()
            for lesson in published_lessons(session):
                if lesson.current_revision is not None:
                    writer.add_document(**lesson_document(lesson, vocabularies))
                    count += 1
        writer.commit(mergetype=CLEAR)
    _forget(queued)
    _remove_other_versions(lesson_index)
    if _queue_length():
        # Lessons changed while the rebuild held the lock waited in the queue: write them now.
        write_lessons(())
    return RebuildReport(count, time.perf_counter() - started, processes)


def _published_count() -> int:
    with so.Session(db.engine) as session:
        published = sa.select(sa.func.count()).where(Lesson.status == LessonStatus.PUBLISHED.value)
        return session.scalar(published) or 0


def _processes_for(lessons: int) -> int:
    if lessons < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def _remove_other_versions(lesson_index: LessonIndex) -> None:
    """Delete the files of indexes an earlier version of the code built."""
    for path in lesson_index.directory.iterdir():
        match = _INDEX_FILE.match(path.name)
        if match and match.group(1) != INDEX_NAME and path.is_file():
            path.unlink(missing_ok=True)


@dataclass
class CheckReport:
    published: int = 0
    indexed: int = 0
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.unexpected or self.outdated or self.queued)


def check() -> CheckReport:
    """Compare the published lessons with the index, entry by entry."""
    report = CheckReport()
    expected: dict[str, str] = {}
    with so.Session(db.engine) as session:
        vocabularies = get_vocabularies()
        for lesson in published_lessons(session):
            if lesson.current_revision is not None:
                expected[lesson.slug] = lesson_document(lesson, vocabularies)["fingerprint"]
        report.queued = sorted(entry.slug for entry in _queued(session))
    actual: dict[str, str] = {}
    snapshot = current_index().snapshot()
    if snapshot is not None:
        for fields in snapshot.searcher.all_stored_fields():
            actual[fields["slug"]] = fields["fingerprint"]
    report.published, report.indexed = len(expected), len(actual)
    report.missing = sorted(expected.keys() - actual.keys())
    report.unexpected = sorted(actual.keys() - expected.keys())
    report.outdated = sorted(s for s in expected.keys() & actual.keys() if expected[s] != actual[s])
    return report
