"""From a parsed query (`library.search.query`) to Whoosh queries: the index says what it knows."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq
from whoosh.reading import IndexReader

from library.search.analysis import MIN_PART, stem
from library.search.query import Group, ParsedQuery
from library.search.whoosh.schema import COMPOUND_SCORE, TAILS_FIELD, TEXT_FIELD
from library.search.whoosh.store import Snapshot

# Compounds a query word is the head or tail of, at most (the most used ones).
MAX_COMPOUNDS = 24
# Halves of a split word are at least this long (`3d` in `3dprinten` may be shorter).
MIN_SPLIT = 4


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


class QueryBuilder:
    """Builds Whoosh queries for parsed groups, asking the index which words it knows."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.reader: IndexReader = snapshot.searcher.reader()

    def knows(self, word: str) -> bool:
        return (TEXT_FIELD, stem(word)) in self.reader

    def matches(self, parsed: ParsedQuery) -> list[Match]:
        """One match per group; two adjacent words the index knows written together are one."""
        matches = []
        groups = parsed.groups
        index = 0
        while index < len(groups):
            group = groups[index]
            after = groups[index + 1] if index + 1 < len(groups) else None
            if after is not None and group.is_word and after.is_word:
                joined = group.words[0] + after.words[0]
                if self.knows(joined):
                    apart = both(self.word(group.words[0]), self.word(after.words[0]))
                    pair = either(apart, self.word(joined))
                    matches.append(Match(pair.exact, pair.full, (index, index + 1)))
                    index += 2
                    continue
            match = self.group(group)
            matches.append(Match(match.exact, match.full, (index,)))
            index += 1
        return matches

    def loose_matches(self, parsed: ParsedQuery) -> list[Match]:
        """One match per word, hyphenated words taken apart: for when no lesson has them all."""
        matches = []
        for group in parsed.groups:
            if group.quoted:
                matches.append(self.phrase(group.words))
            else:
                matches.extend(self.word(word) for word in group.words)
        return matches

    def group(self, group: Group) -> Match:
        if group.quoted:
            return self.phrase(group.words)
        if group.joined:
            apart = self.phrase(group.words) if len(group.words) > 1 else self.word(group.words[0])
            return either(apart, self.word(group.joined, split=False))
        return self.word(group.words[0])

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

    def split(self, word: str) -> tuple[str, str] | None:
        """`zonneenergie` -> (`zonne`, `energie`) when the index knows both halves."""
        if len(word) < 2 * MIN_SPLIT:
            return None
        for cut in range(2, len(word) - MIN_SPLIT + 1):
            head, tail = word[:cut], word[cut:]
            if len(head) < MIN_SPLIT and head.isalpha():
                continue
            if self.knows(head) and self.knows(tail):
                return head, tail
        return None
