"""Keeping the index derived from the database: sync after a change, retry, rebuild, check.

The database is the truth. These work the same for every backend: a failed
write leaves the lessons in the queue (`library.search.queue`), and `check`
compares each published lesson's document fingerprint with what the backend
has indexed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy.orm as so

from library.db import db
from library.search import queue
from library.search.backend import RebuildReport, WriteReport, current_backend
from library.search.documents import lesson_documents, published_lessons
from library.vocab.loader import get_vocabularies

log = logging.getLogger(__name__)


def sync(slugs: Iterable[str]) -> None:
    """Write changed lessons to the index; on failure queue them. Never raises."""
    slugs = set(slugs)
    try:
        current_backend().write(slugs)
    except Exception as error:
        log.exception("Search index not updated for %s; queued for a retry", sorted(slugs))
        try:
            queue.add(slugs, error)
        except Exception:
            log.exception("Could not queue %s for the search index", sorted(slugs))


def retry() -> tuple[WriteReport, int]:
    """Write every queued lesson; returns what was written and how many are still queued."""
    report = current_backend().write(())
    return report, queue.length()


def rebuild(processes: int | None = None) -> RebuildReport:
    """Index every published lesson anew, then write what changed while it ran."""
    report = current_backend().rebuild(processes)
    if queue.length():
        # Lessons changed while the rebuild held the lock waited in the queue: write them now.
        current_backend().write(())
    return report


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
        indexed = (lesson for lesson in published_lessons(session) if lesson.current_revision)
        for document in lesson_documents(session, indexed, vocabularies):
            expected[document.slug] = document.fingerprint
        report.queued = sorted(entry.slug for entry in queue.queued(session))
    actual = current_backend().fingerprints()
    report.published, report.indexed = len(expected), len(actual)
    report.missing = sorted(expected.keys() - actual.keys())
    report.unexpected = sorted(actual.keys() - expected.keys())
    report.outdated = sorted(s for s in expected.keys() & actual.keys() if expected[s] != actual[s])
    return report
