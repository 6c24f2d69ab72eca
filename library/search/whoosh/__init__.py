"""The Whoosh backend: the lesson index as files beside the app, the embedded default.

It serves one machine: every process opens the files in `LIBRARY_INDEX_DIR`,
and one writer at a time holds their lock. See `store` for how searchers and
per-generation data are kept, `searching` for a search's passes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from library.search.backend import RebuildReport, WriteReport
from library.search.request import SearchRequest
from library.search.results import Hit, SearchResult
from library.search.whoosh import searching, writing
from library.search.whoosh.store import LessonIndex
from library.vocab.loader import Vocabularies


class WhooshBackend:
    # Index files are written after the commit; a failed write waits in the queue.
    in_transaction = False

    def __init__(self, directory: Path, lock_timeout: float) -> None:
        self.index = LessonIndex(directory, lock_timeout)

    def search(self, request: SearchRequest, vocabularies: Vocabularies) -> SearchResult:
        return searching.search(self.index, request, vocabularies)

    def more_like_this(self, slug: str, limit: int) -> list[Hit]:
        return searching.more_like_this(self.index, slug, limit)

    def write(self, slugs: Iterable[str]) -> WriteReport:
        return writing.write_lessons(self.index, slugs)

    def rebuild(self, processes: int | None) -> RebuildReport:
        return writing.rebuild(self.index, processes)

    def fingerprints(self) -> dict[str, str]:
        with self.index.snapshot() as snapshot:
            if snapshot is None:
                return {}
            return {
                fields["slug"]: fields["fingerprint"]
                for fields in snapshot.searcher.all_stored_fields()
            }
