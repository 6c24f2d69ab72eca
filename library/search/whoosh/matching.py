"""Which documents a query matches, as bitsets (bit n = document n), from posting lists.

Matching is kept apart from ranking: these bitsets give the total and the facet
counts, and tell the ranking which documents it may score. Per index generation
each term's documents are read once and remembered, and a phrase is checked only
where its words all occur and no simpler alternative already matched.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq

from library.search.bitsets import bits_of, docnums_of
from library.search.whoosh.store import Snapshot

# A word weighs this much where it is in a title, tags or summary, or three times in the body.
STRONG_WEIGHT = 2.5


@dataclass(frozen=True)
class Postings:
    documents: int
    strong: int  # the documents where the term weighs at least STRONG_WEIGHT
    weights: dict[int, float]  # document -> the term's weight there


def postings(snapshot: Snapshot, field: str, text: str) -> Postings:
    """A term's documents, read once per generation."""
    data = snapshot.data

    def read() -> Postings:
        reader = snapshot.searcher.reader()
        if (field, text) not in reader:
            return Postings(0, 0, {})
        documents, strong = bytearray((data.size >> 3) + 1), bytearray((data.size >> 3) + 1)
        weights = {}
        matcher = reader.postings(field, text)
        while matcher.is_active():
            docnum, weight = matcher.id(), matcher.weight()
            weights[docnum] = weight
            documents[docnum >> 3] |= 1 << (docnum & 7)
            if weight >= STRONG_WEIGHT:
                strong[docnum >> 3] |= 1 << (docnum & 7)
            matcher.next()
        as_int = int.from_bytes
        return Postings(as_int(documents, "little"), as_int(strong, "little"), weights)

    return data.remember(("postings", field, text), read)


def documents(snapshot: Snapshot, field: str, text: str) -> int:
    """A term's documents, without the weights that ranking needs (cheaper to read)."""

    def read() -> int:
        reader = snapshot.searcher.reader()
        if (field, text) not in reader:
            return 0
        return bits_of(reader.postings(field, text).all_ids(), snapshot.data.size)

    return snapshot.data.remember(("documents", field, text), read)


def matching(snapshot: Snapshot, query: wq.Query, ranked: bool = True) -> int:
    """The documents a query matches.

    `ranked=False` (inside a constant score, such as compounds) skips reading the
    weights: those terms are never scored.
    """
    data = snapshot.data
    if isinstance(query, wq.Term):
        if ranked:
            return postings(snapshot, query.fieldname, query.text).documents
        return documents(snapshot, query.fieldname, query.text)
    if isinstance(query, wq.WrappingQuery):
        return matching(snapshot, query.child, ranked=False)
    if isinstance(query, wq.Phrase):
        return data.remember(("phrase", query), lambda: _phrase(snapshot, query, 0))
    if isinstance(query, wq.And):
        bits = data.everything
        for subquery in query.subqueries:
            bits &= matching(snapshot, subquery, ranked)
            if not bits:
                break
        return bits
    if isinstance(query, wq.Or):
        return data.remember(("or", query, ranked), lambda: _either(snapshot, query, ranked))
    return bits_of(snapshot.searcher.docs_for_query(query), data.size)


def _either(snapshot: Snapshot, query: wq.Or, ranked: bool) -> int:
    """Simple alternatives first; a phrase is then only checked where they did not match."""
    phrases = [sub for sub in query.subqueries if isinstance(sub, wq.Phrase)]
    bits = 0
    for subquery in query.subqueries:
        if not isinstance(subquery, wq.Phrase):
            bits |= matching(snapshot, subquery, ranked)
    for phrase in phrases:
        bits |= _phrase(snapshot, phrase, bits)
    return bits


def _phrase(snapshot: Snapshot, phrase: wq.Phrase, matched: int) -> int:
    """Documents with the phrase's words in a row, among those not matched yet."""
    data = snapshot.data
    words = [postings(snapshot, phrase.fieldname, word) for word in phrase.words]
    candidates = data.everything & ~matched
    for word in words:
        candidates &= word.documents
    if not candidates:
        return 0
    reader = snapshot.searcher.reader()
    matchers = [reader.postings(phrase.fieldname, word) for word in phrase.words]
    found = []
    for docnum in docnums_of(candidates):
        places = []
        for matcher in matchers:
            matcher.skip_to(docnum)
            places.append(set(matcher.value_as("positions")))
        if any(all(start + i in places[i] for i in range(1, len(places))) for start in places[0]):
            found.append(docnum)
    return bits_of(found, data.size)


def strong(snapshot: Snapshot, query: wq.Query) -> int:
    """The documents where at least one of the query's words weighs STRONG_WEIGHT or more."""
    bits = 0
    for field, text in query.iter_all_terms(phrases=True):
        text = text.decode("utf-8") if isinstance(text, bytes) else text
        bits |= postings(snapshot, field, text).strong
    return bits
