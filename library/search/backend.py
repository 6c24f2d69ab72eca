"""The seam between the search service and its engines.

A backend answers searches and keeps its index in step with the database. Two
exist: `library.search.whoosh` (files beside the app, the embedded default) and
`library.search.postgres` (the database's own full-text search, for several app
servers). `LIBRARY_SEARCH_BACKEND` chooses; `library.search.sync.init_app` builds
the chosen one. Everything outside a backend — the query model, the analysis,
facets, documents, the queue — is shared, so both find the same lessons.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Protocol

import sqlalchemy.orm as so
from flask import current_app

from library.search.request import SearchRequest
from library.search.results import Hit, SearchResult
from library.vocab.loader import Vocabularies

EXTENSION = "search"


class IndexBusy(Exception):
    """Another process is writing the index and did not finish within the lock timeout."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RebuildReport:
    lessons: int
    seconds: float
    processes: int


class SearchBackend(Protocol):
    # True: the backend writes a change in the transaction that makes it (`write_in`),
    # False: after the commit (`write`), queueing what fails.
    in_transaction: bool

    def search(self, request: SearchRequest, vocabularies: Vocabularies) -> SearchResult:
        """One page of hits for the request, with the facet counts and a suggestion."""

    def more_like_this(self, slug: str, limit: int) -> list[Hit]:
        """Published lessons about the same things as this one, best first."""

    def write(self, slugs: Iterable[str]) -> WriteReport:
        """Make the entries of these lessons, and of every queued one, match the database.

        Raises `IndexBusy` or whatever else stopped the write; the caller queues.
        """

    def rebuild(self, processes: int | None) -> RebuildReport:
        """Index every published lesson anew; searches keep working meanwhile."""

    def fingerprints(self) -> dict[str, str]:
        """The fingerprint of every indexed lesson by slug (see `documents.fingerprint`)."""


class TransactionalBackend(SearchBackend, Protocol):
    def write_in(self, session: so.Session, slugs: Iterable[str]) -> WriteReport:
        """Make these lessons' entries match the session's view of them, in its transaction."""


def current_backend() -> SearchBackend:
    """The search backend of the running app."""
    return current_app.extensions[EXTENSION]


# A lesson's average rating and its number of visible experiences.
Rating = tuple[float, int]
# The ratings of the rated published lessons among these slugs. Ratings live with the
# experiences, which the search does not know: the app hands it a source.
RatingSource = Callable[[so.Session, Collection[str]], dict[str, Rating]]
RATINGS = "search.ratings"


def lesson_ratings(session: so.Session, slugs: Collection[str]) -> dict[str, Rating]:
    """The ratings from the source given to `library.search.sync.init_app`."""
    return current_app.extensions[RATINGS](session, slugs)
