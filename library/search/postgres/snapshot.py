"""What a process keeps of `lesson_search` per generation: bitsets of the facet values.

Counting facet values row by row in SQL (an `unnest` over every match) costs most
of a search. So each app process reads, once per generation of the table (see
`SearchState`), every row's facet values and sort columns, numbers the lessons in
slug order, and keeps a bitset per facet value: counts, totals, filters and the
column sorts are then computed as the Whoosh backend computes them
(`library.search.bitsets`); SQL still finds which lessons the words match and
ranks them. The threads of a process share the snapshots; a search reads the
generation in the same database snapshot as its rows (repeatable read), so the
bitsets it uses describe exactly the rows it sees, on the primary and on a replica.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.search.bitsets import Columns, bits_of
from library.search.postgres.models import SearchState

# The last generations kept: a search that began before a write still finds its own.
KEPT_GENERATIONS = 2


@dataclass(frozen=True)
class Snapshot:
    """The search table at one generation: lesson n is `slugs[n]`."""

    generation: int | None
    slugs: list[str]
    docnums: dict[str, int]
    everything: int
    value_bits: dict[str, dict[str, int]]
    columns: Columns

    def bits(self, slugs: Iterable[str]) -> int:
        """The bitset of these lessons."""
        docnums = self.docnums
        return bits_of((docnums[slug] for slug in slugs), len(self.slugs))


class Snapshots:
    """The snapshots of the last generations, shared by a process's threads."""

    def __init__(self) -> None:
        self._kept: dict[int, Snapshot] = {}
        self._lock = threading.Lock()

    def current(self, session: so.Session) -> Snapshot:
        """The snapshot of the generation the session's transaction sees."""
        generation = session.scalar(sa.select(SearchState.generation).where(SearchState.id == 1))
        if generation is None:  # never written since the tables were emptied: nothing cached
            return _read(session, None)
        found = self._kept.get(generation)
        if found is not None:
            return found
        with self._lock:  # one thread reads a new generation; the others wait for it
            found = self._kept.get(generation)
            if found is None:
                found = _read(session, generation)
                self._kept[generation] = found
                while len(self._kept) > KEPT_GENERATIONS:
                    del self._kept[next(iter(self._kept))]
        return found


def _read(session: so.Session, generation: int | None) -> Snapshot:
    rows = session.execute(
        sa.text(
            "SELECT slug, facet_values, published, minutes, preparation_minutes, rating, "
            "experiences FROM lesson_search ORDER BY slug"
        )
    ).all()
    slugs = [row.slug for row in rows]
    members: dict[str, dict[str, list[int]]] = {}
    for docnum, row in enumerate(rows):
        for value in row.facet_values:
            facet, _, key = value.partition(":")
            members.setdefault(facet, {}).setdefault(key, []).append(docnum)
    size = len(slugs)
    value_bits = {
        facet: {key: bits_of(docnums, size) for key, docnums in keys.items()}
        for facet, keys in members.items()
    }
    columns = Columns(
        published=[row.published for row in rows],
        minutes=[row.minutes for row in rows],
        preparation=[row.preparation_minutes for row in rows],
        rating=[row.rating for row in rows],
        experiences=[row.experiences for row in rows],
    )
    return Snapshot(
        generation,
        slugs,
        {slug: docnum for docnum, slug in enumerate(slugs)},
        (1 << size) - 1,
        value_bits,
        columns,
    )
