"""The PostgreSQL backend: the database's own full-text search, for several app servers.

The index is the `lesson_search` table beside the lessons, written in their own
transactions (`writing`): no files, no queue, nothing any app server keeps to
itself, so any number of them (and read replicas) serve one library.
`LIBRARY_SEARCH_BACKEND=postgres` chooses it.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy.orm as so

from library.db import db
from library.search.backend import RebuildReport, WriteReport
from library.search.postgres import searching, writing
from library.search.postgres.snapshot import Snapshots
from library.search.request import SearchRequest
from library.search.results import Hit, SearchResult
from library.vocab.loader import Vocabularies


class PostgresBackend:
    # Changes are written in the transaction that makes them (see `library.search.sync`).
    in_transaction = True

    def __init__(self) -> None:
        self._snapshots = Snapshots()

    def search(self, request: SearchRequest, vocabularies: Vocabularies) -> SearchResult:
        with so.Session(db.engine) as session:
            return searching.search(session, self._snapshots, request, vocabularies)

    def more_like_this(self, slug: str, limit: int) -> list[Hit]:
        with so.Session(db.engine) as session:
            return searching.more_like_this(session, slug, limit)

    def write_in(self, session: so.Session, slugs: Iterable[str]) -> WriteReport:
        return writing.write_in(session, slugs)

    def write(self, slugs: Iterable[str]) -> WriteReport:
        return writing.write(slugs)

    def rebuild(self, processes: int | None) -> RebuildReport:
        return writing.rebuild()

    def fingerprints(self) -> dict[str, str]:
        return writing.fingerprints()
