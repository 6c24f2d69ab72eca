"""Spelling suggestions (`Bedoelde je …?`) from the index's own words and the vocabularies.

Only words that found nothing get a suggestion: the closest word, within one or
two typing mistakes (a missing, extra, wrong or swapped letter), among the
lessons' words and the vocabulary labels and aliases.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from library.search.analysis import chunks, stem
from library.search.query import ParsedQuery
from library.vocab.loader import Vocabularies

MIN_WORD = 4
# Endings that turn a stem back into a word a teacher would type (`magnet` -> `magneten`).
ENDINGS = ("", "e", "en", "s", "er", "eren", "ing", "t")
_vocabulary_words: dict[int, tuple[Vocabularies, frozenset[str]]] = {}


class Lexicon(Protocol):
    """The index's own words (stems), as a backend knows them."""

    def knows(self, term: str) -> bool:
        """Whether any lesson has this term."""

    def similar(self, term: str, distance: int) -> Iterable[tuple[str, int]]:
        """Terms within `distance` edits of this one that start with its first letter,
        each with the number of lessons that have it."""


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, swaps."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def vocabulary_words(vocabularies: Vocabularies) -> frozenset[str]:
    """The folded words of every label and alias (computed once per set of vocabularies)."""
    cached = _vocabulary_words.get(id(vocabularies))
    if cached is not None and cached[0] is vocabularies:
        return cached[1]
    names = [
        name
        for vocabulary in vocabularies.by_name.values()
        for term in vocabulary
        for name in (term.label, *term.aliases)
    ]
    words = frozenset(
        span.text
        for name in names
        for chunk in chunks(name)
        for span in chunk.parts
        if len(span.text) >= MIN_WORD and span.text.isalpha()
    )
    _vocabulary_words[id(vocabularies)] = (vocabularies, words)
    return words


def correction(word: str, lexicon: Lexicon, known: Iterable[str]) -> str | None:
    """The likeliest intended word for a word the index does not have.

    Candidates: vocabulary words, and stems of the lessons' text made words again
    with the typed word's ending or a usual one (`progammeren` -> `programmer` +
    `en`). Closest first, then vocabulary words, then one that ends like the typed
    word, then the word most lessons have.
    """
    if len(word) < MIN_WORD or not word.isalpha():
        return None
    limit = 1 if len(word) < 7 else 2
    root = stem(word)
    ending = word[len(root) :] if word.startswith(root) else ""
    candidates: dict[str, tuple[int, int]] = {}
    for term in known:
        if term[:1] == word[:1] and abs(len(term) - len(word)) <= limit:
            candidates[term] = (0, 0)
    for term, lessons in lexicon.similar(root, limit):
        frequency = -lessons
        for form in {term + ending, *(term + usual for usual in ENDINGS)}:
            if stem(form) == term:
                candidates.setdefault(form, (1, frequency))
    candidates.pop(word, None)
    ranked = []
    for term, (source, frequency) in candidates.items():
        distance = edit_distance(word, term)
        if distance <= limit:
            ranked.append((distance, source, term[-1] != word[-1], frequency, term))
    return min(ranked)[-1] if ranked else None


def suggest(
    parsed: ParsedQuery, unmatched: Iterable[int], lexicon: Lexicon, vocabularies: Vocabularies
) -> str | None:
    """The query with each unmatched group's unknown words corrected, or None."""
    known = vocabulary_words(vocabularies)
    replacements = []
    for index in unmatched:
        for span in parsed.groups[index].spans:
            if lexicon.knows(stem(span.text)):
                continue
            better = correction(span.text, lexicon, known)
            if better:
                replacements.append((span, better))
    if not replacements:
        return None
    text = parsed.text
    for span, better in sorted(replacements, key=lambda item: item[0].start, reverse=True):
        text = text[: span.start] + better + text[span.end :]
    return text
