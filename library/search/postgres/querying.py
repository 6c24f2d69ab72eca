"""From a parsed query (`library.search.query`) to PostgreSQL `tsquery`s, as the Whoosh
backend builds its queries: the same stems, phrases, joined and split forms and compounds.

Which words the index knows (to split `zonneenergie` or join `3d printen`) is asked
in one query for every word the parse could need, before the queries are built.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.search.analysis import MIN_PART, stem
from library.search.planning import QueryPlanner, words_to_know
from library.search.postgres.models import SearchWord
from library.search.postgres.vectors import TAIL_MARK, lexeme
from library.search.query import ParsedQuery


@dataclass(frozen=True)
class Match:
    """How lessons may match one part of a query, as `tsquery` text.

    `exact` is the words as typed, in any spelling (stem, hyphenated, joined,
    split); `full` adds compounds they are part of. `terms` are the stems that
    score (a phrase's words included).
    """

    exact: str
    full: str
    terms: frozenset[str]
    heads: frozenset[str] = frozenset()  # a compound starts with one of these
    tails: frozenset[str] = frozenset()  # or ends with the stem of one of these
    groups: tuple[int, ...] = ()  # the parsed groups it stands for


def _joined(operator: str, queries: list[str]) -> str:
    return queries[0] if len(queries) == 1 else "(" + f" {operator} ".join(queries) + ")"


def either(*matches: Match) -> Match:
    return _combined("|", matches)


def both(*matches: Match) -> Match:
    return _combined("&", matches)


def _combined(operator: str, matches: Iterable[Match]) -> Match:
    matches = list(matches)
    return Match(
        _joined(operator, [m.exact for m in matches]),
        _joined(operator, [m.full for m in matches]),
        frozenset().union(*(m.terms for m in matches)),
        frozenset().union(*(m.heads for m in matches)),
        frozenset().union(*(m.tails for m in matches)),
    )


class QueryBuilder(QueryPlanner[Match]):
    """Builds `tsquery`s for parsed groups, knowing which words the index has."""

    def __init__(self, session: so.Session, parsed: ParsedQuery) -> None:
        stems = {stem(word): word for word in words_to_know(parsed)}
        known = session.scalars(sa.select(SearchWord.word).where(SearchWord.word.in_(stems)))
        self.known = frozenset(known)

    def knows(self, word: str) -> bool:
        return stem(word) in self.known

    def word(self, word: str, split: bool = True) -> Match:
        """The word, or `split=True` its halves written apart (`zonneenergie`, `zonne energie`)."""
        root = stem(word)
        options = [lexeme(root)]
        words = {root}
        halves = self.split(word) if split else None
        if halves:
            phrase = self.phrase(halves)
            options.append(phrase.exact)
            words |= phrase.terms
        exact = _joined("|", options)
        if len(word) < MIN_PART or not word.isalpha():
            return Match(exact, exact, frozenset(words))
        compounds = [f"{lexeme(word)}:*"]
        tails = frozenset({root}) if len(root) >= MIN_PART else frozenset()
        if tails:
            compounds.append(f"{lexeme(TAIL_MARK + root[::-1])}:*")
        full = _joined("|", [exact, *compounds])
        return Match(exact, full, frozenset(words), frozenset({word}), tails)

    def phrase(self, words: tuple[str, ...]) -> Match:
        roots = [stem(word) for word in words]
        phrase = " <-> ".join(lexeme(root) for root in roots)
        phrase = f"({phrase})" if len(roots) > 1 else phrase
        return Match(phrase, phrase, frozenset(roots))

    def either(self, *matches: Match) -> Match:
        return either(*matches)

    def both(self, *matches: Match) -> Match:
        return both(*matches)

    def for_groups(self, match: Match, groups: tuple[int, ...]) -> Match:
        return Match(match.exact, match.full, match.terms, match.heads, match.tails, groups)
