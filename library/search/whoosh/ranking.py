"""Ranking: the best scored of the lessons that match, by Okapi BM25 over the weighted text.

Which lessons match is decided by bitsets (see `matching`); ranking only orders
them, from each word's weights per document (read once per index generation),
so a page of results costs what its candidates cost (linear in them, never
candidates × lessons): Whoosh's collectors walk every match of a query even when
a filter allows only a few.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping

from whoosh.scoring import bm25

from library.search.bitsets import docnums_of
from library.search.whoosh.matching import postings
from library.search.whoosh.schema import TEXT_FIELD
from library.search.whoosh.store import Snapshot

# Whoosh's BM25F defaults.
K1 = 1.2
B = 0.75


def top(
    snapshot: Snapshot,
    words: Mapping[str, float],
    candidates: int,
    limit: int,
    bonuses: Iterable[tuple[int, float]] = (),
) -> list[int]:
    """The `limit` best candidates for these index terms (with their boosts), best first.

    A candidate's score is the sum of its words' BM25 scores times their boosts (a
    word in a title weighs more: the text's weights are in the postings), plus each
    bonus (documents, score) it is in.
    """
    searcher = snapshot.searcher
    docnums = docnums_of(candidates)
    scores = dict.fromkeys(docnums, 0.0)
    average = searcher.avg_field_length(TEXT_FIELD) or 1.0
    length = snapshot.data.length
    for word, boost in words.items():
        weights = postings(snapshot, TEXT_FIELD, word).weights
        if not weights:
            continue
        idf = searcher.idf(TEXT_FIELD, word) * boost
        # Walk whichever is shorter: the word's documents or the candidates.
        pairs = (
            ((docnum, weight) for docnum, weight in weights.items() if docnum in scores)
            if len(weights) < len(docnums)
            else ((docnum, weights.get(docnum)) for docnum in docnums)
        )
        for docnum, weight in pairs:
            if weight:
                scores[docnum] += bm25(idf, weight, length(searcher, docnum), average, B, K1)
    for documents, bonus in bonuses:
        # Only the candidates in the bonus's documents: no shift of a big bitset per candidate.
        for docnum in docnums_of(documents & candidates):
            scores[docnum] += bonus
    return heapq.nlargest(limit, docnums, key=lambda docnum: (scores[docnum], -docnum))
