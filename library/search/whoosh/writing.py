"""Writing the Whoosh index from the database: changed lessons with the queue, a rebuild.

Every write reads the lessons *after* taking the index's write lock, so
whichever process writes last writes the latest state.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable

import sqlalchemy.orm as so
from whoosh.writing import CLEAR

from library.db import db
from library.progress import tracked
from library.search import queue
from library.search.backend import RebuildReport, WriteReport
from library.search.documents import (
    indexable_lessons,
    lesson_documents,
    published_count,
    published_lessons,
)
from library.search.whoosh.schema import INDEX_NAME, fields_of
from library.search.whoosh.store import LessonIndex
from library.vocab.loader import get_vocabularies

# A write (an import's, a rebuild) of this many lessons or more uses several processes.
PARALLEL_FROM = 2000
_INDEX_FILE = re.compile(r"^_?(lessons_v\d+)_")


def write_lessons(lesson_index: LessonIndex, slugs: Iterable[str]) -> WriteReport:
    """Make the index entries of these lessons, and of all queued ones, match the database.

    An import's thousands of lessons are analysed in several processes, as a rebuild's.
    """
    report = WriteReport()
    slugs = set(slugs)
    with (
        lesson_index.writing(procs=_processes_for(len(slugs)), limitmb=256) as writer,
        so.Session(db.engine) as session,
    ):
        waiting = queue.queued(session)
        wanted = slugs | {entry.slug for entry in waiting}
        published = indexable_lessons(session, wanted)
        documents = lesson_documents(session, published, get_vocabularies())
        for document in tracked(documents, "Zoekindex bijwerken", len(published)):
            writer.update_document(**fields_of(document))
            report.written.append(document.slug)
        for slug in sorted(wanted - set(report.written)):
            if writer.delete_by_term("slug", slug):
                report.removed.append(slug)
        if report.written or report.removed:
            writer.commit()
    queue.forget(waiting)
    return report


def rebuild(lesson_index: LessonIndex, processes: int | None) -> RebuildReport:
    """Index every published lesson anew; searches use the old index until the new one commits."""
    started = time.perf_counter()
    with so.Session(db.engine) as session:
        published = published_count(session)
    if processes is None:
        processes = _processes_for(published)
    count = 0
    with lesson_index.writing(procs=processes, limitmb=256) as writer:
        with so.Session(db.engine) as session:
            waiting = queue.queued(session)
            indexed = (lesson for lesson in published_lessons(session) if lesson.current_revision)
            documents = lesson_documents(session, indexed, get_vocabularies())
            for document in tracked(documents, "Zoekindex opbouwen", published):
                writer.add_document(**fields_of(document))
                count += 1
        writer.commit(mergetype=CLEAR)
    queue.forget(waiting)
    remove_other_versions(lesson_index)
    return RebuildReport(count, time.perf_counter() - started, processes)


def _processes_for(lessons: int) -> int:
    if lessons < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def remove_other_versions(lesson_index: LessonIndex) -> None:
    """Delete the files of indexes an earlier version of the code built."""
    for path in lesson_index.directory.iterdir():
        match = _INDEX_FILE.match(path.name)
        if match and match.group(1) != INDEX_NAME and path.is_file():
            path.unlink(missing_ok=True)
