"""The index on disk: opening and creating it, writers that wait, searchers the threads share.

A search must not open the index. The process keeps a pool of open searchers:
a search borrows one of the index's latest generation and gives it back, so
`flask run`, which starts a thread per request, reuses searchers as gunicorn's
long-lived threads do; a searcher serves one thread at a time. After a writer
commits, searchers of older generations are closed as they come back. What
every thread shares for one generation — the bitsets of the facet values, the
sort columns, text lengths and the postings of recently searched terms — lives
in one `IndexData`, built once per generation.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex, LockError
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from library.caching import BoundedCache
from library.search.backend import IndexBusy
from library.search.bitsets import Columns, bits_of
from library.search.facets import FACETS
from library.search.whoosh.schema import INDEX_NAME, TEXT_FIELD, make_schema

# Recently searched terms' documents and compound expansions, kept per generation up to
# this many bytes (as `footprint` estimates them).
REMEMBERED_BYTES = 64 * 1024 * 1024
# Open searchers kept idle for the next searches (more are opened while more run at once).
IDLE_SEARCHERS = 8
# The stored columns that make a `Columns`, in its fields' order.
SORT_COLUMNS = ("published", "minutes", "preparation_minutes", "rating", "experiences")
log = logging.getLogger(__name__)


class IndexData:
    """What all threads share for one generation of the index."""

    def __init__(self, searcher: Searcher) -> None:
        reader = searcher.reader()
        self.generation = reader.generation()
        self.size = reader.doc_count_all()
        self.everything = bits_of(reader.all_doc_ids(), self.size)
        self.value_bits: dict[str, dict[str, int]] = {}
        for facet in FACETS:
            self.value_bits[facet.name] = {
                term.decode("utf-8"): bits_of(
                    reader.postings(facet.name, term).all_ids(), self.size
                )
                for term in reader.lexicon(facet.name)
            }
        self.columns = Columns()
        if self.size:
            self.columns = Columns(
                *(list(reader.column_reader(name)) for name in SORT_COLUMNS),
            )
        self._lengths: dict[int, int] = {}
        self._remembered: BoundedCache[Any] = BoundedCache(REMEMBERED_BYTES, footprint)

    def length(self, searcher: Searcher, docnum: int) -> int:
        """How many words a document's text has (looked up once)."""
        found = self._lengths.get(docnum)
        if found is None:
            found = searcher.reader().doc_field_length(docnum, TEXT_FIELD, 1)
            self._lengths[docnum] = found
        return found

    def remember(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """A value computed once per generation (and kept while recently used)."""
        return self._remembered.get(key, compute)


def footprint(value: Any) -> int:
    """About how many bytes a remembered value holds: bitsets, weights and words."""
    if isinstance(value, int):
        return sys.getsizeof(value)
    if isinstance(value, str):
        return sys.getsizeof(value)
    if isinstance(value, tuple | list | frozenset | set):
        return sys.getsizeof(value) + sum(footprint(item) for item in value)
    if isinstance(value, dict):
        # A dict entry with a small int key and a float value, measured: about 100 bytes.
        return sys.getsizeof(value) + 100 * len(value)
    fields = getattr(value, "__dict__", None) or {
        name: getattr(value, name) for name in getattr(value, "__slots__", ())
    }
    return sys.getsizeof(value) + sum(footprint(item) for item in fields.values())


@dataclass(frozen=True)
class Snapshot:
    """One search's view of the index: a borrowed searcher and the generation's shared data."""

    searcher: Searcher
    data: IndexData


class LessonIndex:
    """The lesson index in one folder."""

    def __init__(self, directory: Path, lock_timeout: float) -> None:
        self.directory = directory
        self.lock_timeout = lock_timeout
        self._idle: list[Searcher] = []
        self._idle_lock = threading.Lock()
        self._data_lock = threading.Lock()
        self._data: dict[int, IndexData] = {}
        self._index: FileIndex | None = None

    def exists(self) -> bool:
        return self.directory.is_dir() and index.exists_in(str(self.directory), INDEX_NAME)

    def open(self) -> FileIndex:
        """The index, created empty if there is none yet (one process creates it)."""
        if self._index is not None:
            return self._index
        self.directory.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(self.directory))
        if not index.exists_in(str(self.directory), INDEX_NAME):
            creating = storage.lock(f"{INDEX_NAME}_CREATE")
            if not creating.acquire(blocking=True):
                raise OSError(f"cannot lock {self.directory} to create the index")
            try:
                if not index.exists_in(str(self.directory), INDEX_NAME):
                    storage.create_index(make_schema(), indexname=INDEX_NAME)
            finally:
                creating.release()
        self._index = storage.open_index(INDEX_NAME)
        return self._index

    @contextmanager
    def writing(self, procs: int = 1, **options) -> Iterator[IndexWriter]:
        """A writer holding the index's lock, waiting up to the lock timeout for another writer.

        The caller commits (or cancels); if anything fails the writer is abandoned
        and the lock released, so one failed write never blocks the next. Raises
        `IndexBusy` when the lock stays taken.
        """
        options.setdefault("limitmb", 128)
        # Uncompressed posting blocks: faster to write and to read, for a larger index.
        options.setdefault("codec", W3Codec(compression=0))
        if procs > 1:
            options.update(procs=procs, multisegment=True)
        try:
            writer = self.open().writer(timeout=self.lock_timeout, delay=0.05, **options)
        except LockError as error:
            raise IndexBusy(f"{self.directory} stayed locked for {self.lock_timeout} s") from error
        try:
            yield writer
        except BaseException:
            _abandon(writer)
            raise
        if not writer.is_closed:
            writer.cancel()

    @contextmanager
    def snapshot(self) -> Iterator[Snapshot | None]:
        """A searcher of the latest generation for the time of one search; None without an index."""
        if self._index is None and not self.exists():
            yield None
            return
        latest = self.open().latest_generation()
        searcher = self._borrow(latest)
        try:
            yield Snapshot(searcher, self._shared_data(searcher))
        finally:
            self._give_back(searcher, latest)

    def _borrow(self, latest: int) -> Searcher:
        with self._idle_lock:
            while self._idle:
                searcher = self._idle.pop()
                if searcher.reader().generation() == latest:
                    return searcher
                # Not `refresh()`: it reuses segment readers and misses deletions made since.
                searcher.close()
        return self.open().searcher()

    def _give_back(self, searcher: Searcher, latest: int) -> None:
        with self._idle_lock:
            current = searcher.reader().generation() == latest
            if current and len(self._idle) < IDLE_SEARCHERS:
                self._idle.append(searcher)
                return
        searcher.close()

    def _shared_data(self, searcher: Searcher) -> IndexData:
        generation = searcher.reader().generation()
        data = self._data.get(generation)
        if data is not None:
            return data
        with self._data_lock:
            if generation not in self._data:
                self._data[generation] = IndexData(searcher)
                # Threads still on the previous generation keep its data until they refresh.
                for old in sorted(self._data)[:-2]:
                    del self._data[old]
            return self._data[generation]


def _abandon(writer: IndexWriter) -> None:
    if writer.is_closed:
        return
    try:
        writer.cancel()
    except Exception:
        log.exception("Cancelling an index writer failed; releasing its lock")
        lock = getattr(writer, "writelock", None)
        if lock is not None:
            lock.release()
