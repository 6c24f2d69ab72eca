"""How a parsed query becomes what lessons must match, the same for every backend.

A backend says how to match one word, a phrase, either or both of two matches, and
whether its index knows a word; the planner decides the rest as the query model
(`library.search.query`) describes it: two adjacent words the index knows written
together match that too (`3d printen`, `3dprinten`), a word the index knows in two
halves matches them written apart (`zonneenergie`, `zonne energie`), and when no
lesson has every word, each word on its own will do (`loose_matches`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Generic, TypeVar

from library.search.query import Group, ParsedQuery

# Halves of a split word are at least this long (`3d` in `3dprinten` may be shorter).
MIN_SPLIT = 4
Match = TypeVar("Match")


def split_candidates(word: str) -> Iterator[tuple[str, str]]:
    """The ways to cut a word into two halves that could each be a word, left to right."""
    if len(word) < 2 * MIN_SPLIT:
        return
    for cut in range(2, len(word) - MIN_SPLIT + 1):
        head, tail = word[:cut], word[cut:]
        if len(head) < MIN_SPLIT and head.isalpha():
            continue
        yield head, tail


class QueryPlanner(ABC, Generic[Match]):
    """One match per part of a parsed query, in a backend's own terms."""

    @abstractmethod
    def knows(self, word: str) -> bool:
        """Whether some lesson has this (folded) word."""

    @abstractmethod
    def word(self, word: str, split: bool = True) -> Match:
        """The word in any spelling, or `split=True` also its halves written apart."""

    @abstractmethod
    def phrase(self, words: tuple[str, ...]) -> Match:
        """The words next to each other."""

    @abstractmethod
    def either(self, *matches: Match) -> Match: ...

    @abstractmethod
    def both(self, *matches: Match) -> Match: ...

    @abstractmethod
    def for_groups(self, match: Match, groups: tuple[int, ...]) -> Match:
        """The match, marked as standing for these groups of the parsed query."""

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
                    apart = self.both(self.word(group.words[0]), self.word(after.words[0]))
                    pair = self.either(apart, self.word(joined))
                    matches.append(self.for_groups(pair, (index, index + 1)))
                    index += 2
                    continue
            matches.append(self.for_groups(self.group(group), (index,)))
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
            return self.either(apart, self.word(group.joined, split=False))
        return self.word(group.words[0])

    def split(self, word: str) -> tuple[str, str] | None:
        """`zonneenergie` -> (`zonne`, `energie`) when the index knows both halves."""
        for head, tail in split_candidates(word):
            if self.knows(head) and self.knows(tail):
                return head, tail
        return None


def words_to_know(parsed: ParsedQuery) -> set[str]:
    """Every word whose presence in the index a plan of this query may ask about."""
    words: set[str] = set()
    groups = parsed.groups
    for index, group in enumerate(groups):
        after = groups[index + 1] if index + 1 < len(groups) else None
        if after is not None and group.is_word and after.is_word:
            words.add(group.words[0] + after.words[0])
        for word in (*group.words, group.joined or ""):
            for head, tail in split_candidates(word):
                words.update((head, tail))
    words.discard("")
    return words
