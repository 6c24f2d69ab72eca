"""Sets of lessons as bitsets (bit n = document n), and what both backends compute with them.

Facet counts with drill-down are the costly part of a search when they are counted
row by row (in SQL, an `unnest` over every match). Kept per index generation as one
bitset per facet value, a count is one `&` and one `bit_count()`, whatever the
number of matches. Both backends hold a `Columns` of the sort values per document,
so a page in a column's order is chosen here too.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from library.search.facets import FACETS
from library.search.request import SearchRequest

_BYTE_BITS = tuple(tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256))


def bits_of(ids: Iterable[int], size: int) -> int:
    """A bitset (bit n set for document n) of document numbers below size."""
    buffer = bytearray((size >> 3) + 1)
    for docnum in ids:
        buffer[docnum >> 3] |= 1 << (docnum & 7)
    return int.from_bytes(buffer, "little")


def docnums_of(bits: int) -> list[int]:
    """The document numbers in a bitset, ascending."""
    found: list[int] = []
    for position, byte in enumerate(bits.to_bytes((bits.bit_length() + 7) // 8, "little")):
        if byte:
            base = position << 3
            found.extend(base + bit for bit in _BYTE_BITS[byte])
    return found


def combine(filters: Mapping[str, int], everything: int, leave_out: str | None = None) -> int:
    """The documents every active filter allows, except the one left out."""
    allowed = everything
    for name, bits in filters.items():
        if name != leave_out:
            allowed &= bits
    return allowed


@dataclass
class Columns:
    """Per document number, the values the sorts and the duration filter read."""

    published: list[int] = field(default_factory=list)
    minutes: list[int] = field(default_factory=list)
    preparation: list[int] = field(default_factory=list)
    # Average stars in thousandths (0: not rated yet) and the number of experiences.
    rating: list[int] = field(default_factory=list)
    experiences: list[int] = field(default_factory=list)


def filter_bits(
    request: SearchRequest, value_bits: Mapping[str, Mapping[str, int]], columns: Columns
) -> dict[str, int]:
    """Per active filter, the documents it allows (a facet's chosen values: any of them)."""
    filters = {}
    for name, keys in request.filters.items():
        bits = 0
        for key in keys:
            bits |= value_bits.get(name, {}).get(key, 0)
        filters[name] = bits
    if request.max_duration is not None:
        longest = request.max_duration
        short = (docnum for docnum, minutes in enumerate(columns.minutes) if minutes <= longest)
        filters["max_duration"] = bits_of(short, len(columns.minutes))
    return filters


def drill_down_counts(
    matches: int, filters: Mapping[str, int], value_bits: Mapping[str, Mapping[str, int]]
) -> dict[str, dict[str, int]]:
    """Per facet, its values' counts among the matches narrowed by every other facet's filter."""
    counts = {}
    for facet in FACETS:
        base = combine(filters, matches, leave_out=facet.name)
        counts[facet.name] = {
            key: (base & bits).bit_count() for key, bits in value_bits.get(facet.name, {}).items()
        }
    return counts


def ordered(columns: Columns, selected: int, sort: str, count: int) -> list[int]:
    """The first `count` selected documents in a sort's order (newest when it names no column)."""
    published, minutes = columns.published, columns.minutes
    docnums = docnums_of(selected)
    if sort == "shortest":
        return heapq.nsmallest(count, docnums, key=lambda d: (minutes[d], -published[d], d))
    if sort == "preparation":
        preparation = columns.preparation
        return heapq.nsmallest(
            count, docnums, key=lambda d: (preparation[d], minutes[d], -published[d], d)
        )
    if sort == "rating":
        # Best average first, then the most experiences; unrated lessons (0) after the rated.
        rating, experiences = columns.rating, columns.experiences
        return heapq.nsmallest(
            count, docnums, key=lambda d: (-rating[d], -experiences[d], -published[d], d)
        )
    return heapq.nsmallest(count, docnums, key=lambda d: (-published[d], d))
