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
from library.search.postgres.models import SearchWord
from library.search.postgres.vectors import TAIL_MARK, lexeme
from library.search.query import Group, ParsedQuery

# Halves of a split word are at least this long (`3d` in `3dprinten` may be shorter).
MIN_SPLIT = 4


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


def _split_candidates(word: str) -> Iterable[tuple[str, str]]:
    if len(word) < 2 * MIN_SPLIT:
        return
    for cut in range(2, len(word) - MIN_SPLIT + 1):
        head, tail = word[:cut], word[cut:]
        if len(head) < MIN_SPLIT and head.isalpha():
            continue
        yield head, tail


def _words_to_know(parsed: ParsedQuery) -> set[str]:
    """Every word whose presence in the index the query's matches depend on."""
    words: set[str] = set()
    groups = parsed.groups
    for index, group in enumerate(groups):
        after = groups[index + 1] if index + 1 < len(groups) else None
        if after is not None and group.is_word and after.is_word:
            words.add(group.words[0] + after.words[0])
        for word in (*group.words, group.joined or ""):
            for head, tail in _split_candidates(word):
                words.update((head, tail))
    words.discard("")
    return words


class QueryBuilder:
    """Builds `tsquery`s for parsed groups, knowing which words the index has."""

    def __init__(self, session: so.Session, parsed: ParsedQuery) -> None:
        stems = {stem(word): word for word in _words_to_know(parsed)}
        known = session.scalars(sa.select(SearchWord.word).where(SearchWord.word.in_(stems)))
        self.known = frozenset(known)

    def knows(self, word: str) -> bool:
        return stem(word) in self.known

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
                    matches.append(_for_groups(pair, (index, index + 1)))
                    index += 2
                    continue
            matches.append(_for_groups(self.group(group), (index,)))
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

    def split(self, word: str) -> tuple[str, str] | None:
        """`zonneenergie` -> (`zonne`, `energie`) when the index knows both halves."""
        for head, tail in _split_candidates(word):
            if self.knows(head) and self.knows(tail):
                return head, tail
        return None


def _for_groups(match: Match, groups: tuple[int, ...]) -> Match:
    return Match(match.exact, match.full, match.terms, match.heads, match.tails, groups)
