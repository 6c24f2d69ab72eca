"""From a parsed query (`library.search.query`) to Whoosh queries: the index says what it knows."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq
from whoosh.reading import IndexReader

from library.search.analysis import MIN_PART, stem
from library.search.planning import QueryPlanner
from library.search.whoosh.schema import COMPOUND_SCORE, TAILS_FIELD, TEXT_FIELD
from library.search.whoosh.store import Snapshot

# Compounds a query word is the head or tail of, at most (the most used ones).
MAX_COMPOUNDS = 24


@dataclass(frozen=True)
class Match:
    """How lessons may match one part of a query.

    `exact` is the words as typed, in any spelling (stem, hyphenated, joined,
    split); `full` adds compounds they are part of. Lessons that match exactly
    rank first; the others come after them.
    """

    exact: wq.Query
    full: wq.Query
    groups: tuple[int, ...] = ()  # the parsed groups it stands for


def either(*matches: Match) -> Match:
    return Match(wq.Or([m.exact for m in matches]), wq.Or([m.full for m in matches]))


def both(*matches: Match) -> Match:
    return Match(wq.And([m.exact for m in matches]), wq.And([m.full for m in matches]))


class QueryBuilder(QueryPlanner[Match]):
    """Builds Whoosh queries for parsed groups, asking the index which words it knows."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.reader: IndexReader = snapshot.searcher.reader()

    def knows(self, word: str) -> bool:
        return (TEXT_FIELD, stem(word)) in self.reader

    def word(self, word: str, split: bool = True) -> Match:
        """The word, or `split=True` its halves written apart (`zonneenergie`, `zonne energie`)."""
        options: list[wq.Query] = [wq.Term(TEXT_FIELD, stem(word))]
        halves = self.split(word) if split else None
        if halves:
            options.append(self.phrase(halves).exact)
        exact = wq.Or(options) if len(options) > 1 else options[0]
        compounds = self.compounds(word)
        if not compounds:
            return Match(exact, exact)
        return Match(exact, wq.Or([exact, wq.ConstantScoreQuery(wq.Or(compounds), COMPOUND_SCORE)]))

    def compounds(self, word: str) -> list[wq.Query]:
        """Words the index has that start with this word (`robotauto`) or end with it."""
        if len(word) < MIN_PART or not word.isalpha():
            return []
        root = stem(word)
        heads = self._expand(TEXT_FIELD, word)
        tails = self._expand(TAILS_FIELD, root[::-1]) if len(root) >= MIN_PART else ()
        return [wq.Term(TEXT_FIELD, term) for term in heads] + [
            wq.Term(TAILS_FIELD, term) for term in tails
        ]

    def _expand(self, field: str, prefix: str) -> tuple[str, ...]:
        """The most used terms that are `prefix` and another word of at least three letters."""

        def expand() -> tuple[str, ...]:
            longest = len(prefix) + MIN_PART - 1
            terms = (raw.decode("utf-8") for raw in self.reader.expand_prefix(field, prefix))
            found = [term for term in terms if len(term) >= longest]
            if len(found) > MAX_COMPOUNDS:
                found.sort(key=lambda term: -self.reader.doc_frequency(field, term))
            return tuple(found[:MAX_COMPOUNDS])

        return self.snapshot.data.remember(("expand", field, prefix), expand)

    def phrase(self, words: tuple[str, ...]) -> Match:
        phrase = wq.Phrase(TEXT_FIELD, [stem(word) for word in words])
        return Match(phrase, phrase)

    def either(self, *matches: Match) -> Match:
        return either(*matches)

    def both(self, *matches: Match) -> Match:
        return both(*matches)

    def for_groups(self, match: Match, groups: tuple[int, ...]) -> Match:
        return Match(match.exact, match.full, groups)
