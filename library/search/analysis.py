"""Dutch text analysis: how lesson text and a teacher's query become index terms.

The same analysis serves a lesson's text and a teacher's query, so a query word
and a lesson word meet when a teacher would say they are the same:

- lower case, accents folded (`bacteriën` = `bacterien`, `ĳ` = `ij`);
- Dutch stop words left out (`data/stopwords-nl.txt`);
- a word written with a hyphen, colon or apostrophe (`zonne-energie`, `micro:bit`,
  `3D-printen`) gives its parts *and* the joined form at the same position, so
  `zonne energie`, `zonne-energie` and `zonneenergie` find each other; the
  `'s` of `auto's` is dropped;
- Dutch Snowball stemming, then evened out where Dutch spelling alternates
  (`bruggen`/`brug`, `huizen`/`huis`, `klassen`/`klas`).

Long words' stems are also kept reversed (`tails`), so the end of a compound is
a prefix too (`paneel` ends `zonnepanelen`); the start of a compound is a prefix
of the stem already (`robot` starts `robotauto`). A query word that is part of a
compound is looked up both ways at query time.

This is the engine-neutral analysis: every search backend indexes the terms
`terms` gives, so both find the same lessons for the same words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

import snowballstemmer

STOPWORDS_FILE = Path(__file__).parent / "data" / "stopwords-nl.txt"
MIN_WORD = 2
MAX_WORD = 40
# A compound's head and tail are each at least this long (`auto` in `robotauto`).
MIN_PART = 4
# Only words this long are indexed reversed: shorter ones are no compound of two parts.
MIN_COMPOUND = 7
PART_SEPARATOR = "\n\n"
# Positions left empty between the parts of a WeightedText.
PART_GAP = 100

# A word, possibly joined to more by hyphens, colons or apostrophes (group 1: a joiner).
_CHUNK = re.compile(r"[^\W_]+(?:([-‐‑:'’])[^\W_]+)*")
_PART = re.compile(r"[^\W_]+")
_APOSTROPHES = "'’"
_VOWELS = frozenset("aeiouy")
# The original Dutch Snowball algorithm, as PostgreSQL's `dutch_stem` and Whoosh have it
# (Snowball 3 calls it `dutch_porter`; its new `dutch` stems differently). With PyStemmer
# installed this is its C build: 1.1 µs a word against 34 µs in pure Python.
_snowball = snowballstemmer.stemmer("dutch_porter")


@cache
def stop_words() -> frozenset[str]:
    """The Dutch stop words of the data file, folded like index terms."""
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line) for line in lines if line.strip() and not line.startswith("#"))


def fold(text: str) -> str:
    """Lower case without accents: the form in which words are compared."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Dutch stem of a folded word, with the spelling alternations evened out."""
    if word.isdigit():
        return word
    root = _snowball.stemWord(word)
    # Snowball only undoubles kk/dd/tt; `bruggen` -> `brugg` must meet `brug`.
    if len(root) > 2 and root[-1] == root[-2] and root[-1] not in _VOWELS:
        root = root[:-1]
    # `huizen` -> `huiz` meets `huis`, `duiven` -> `duiv` meets `duif`.
    if len(root) > 2 and root[-1] in "zv":
        root = root[:-1] + ("s" if root[-1] == "z" else "f")
    return root


class Span(NamedTuple):
    """A folded word and where it stands in the original text."""

    text: str
    start: int
    end: int


class Chunk(NamedTuple):
    """A word as written: its meaningful parts and, if it had joiners, its joined form."""

    parts: tuple[Span, ...]
    joined: Span | None


def chunks(text: str) -> Iterator[Chunk]:
    """The words of a text; stop words and very short or long parts are left out of `parts`."""
    for parts, joined in _scan(text):
        yield Chunk(tuple(Span(*part) for part in parts), Span(*joined) if joined else None)


class WeightedText(str):
    """Text made of parts that weigh differently (a title more than the body).

    It is a `str` (the joined parts), so Whoosh takes it as any text value; the
    tokenizer gives each word its part's weight and leaves a gap of positions
    between parts, so no phrase runs from one part into the next.
    """

    parts: tuple[tuple[int, float], ...]  # (offset where the part ends, weight)

    def __new__(cls, parts: list[tuple[str, float]]) -> WeightedText:
        text = super().__new__(cls, PART_SEPARATOR.join(part for part, _ in parts))
        ends, offset = [], 0
        for part, weight in parts:
            offset += len(part)
            ends.append((offset, weight))
            offset += len(PART_SEPARATOR)
        text.parts = tuple(ends)
        return text

    def offset_of(self, index: int) -> int:
        """Where part number `index` starts."""
        return self.parts[index - 1][0] + len(PART_SEPARATOR) if index else 0

    def __reduce__(self):
        return (_weighted_text, (str(self), self.parts))


def _weighted_text(text: str, parts: tuple[tuple[int, float], ...]) -> WeightedText:
    restored = str.__new__(WeightedText, text)
    restored.parts = parts
    return restored


_Word = tuple[str, int, int]


def _scan(text: str) -> list[tuple[tuple[_Word, ...], _Word | None]]:
    """The work behind `chunks`, in plain tuples: this runs for every word of every lesson."""
    stops = stop_words()
    lowered = text.lower()
    # Lower-casing keeps offsets except for a few letters (`İ`); then fold word by word.
    exact = len(lowered) == len(text)
    found: list[tuple[tuple[_Word, ...], _Word | None]] = []
    for match in _CHUNK.finditer(lowered if exact else text):
        if match.group(1) is None:
            word = match.group()
            if not (exact and word.isascii()):
                word = fold(word)
            if MIN_WORD <= len(word) <= MAX_WORD and word not in stops:
                start, end = match.span()
                found.append((((word, start, end),), None))
            continue
        parts, joined = _joined_chunk(text, match, stops)
        if parts or joined:
            found.append((parts, joined))
    return found


def _joined_chunk(
    text: str, match: re.Match, stops: frozenset[str]
) -> tuple[tuple[_Word, ...], _Word | None]:
    offset = match.start()
    pieces = [
        (fold(m.group()), offset + m.start(), offset + m.end())
        for m in _PART.finditer(match.group())
    ]
    # `auto's`, `foto's`: the apostrophe-s is spelling, not a word.
    if pieces[-1][0] == "s" and text[pieces[-1][1] - 1] in _APOSTROPHES:
        pieces.pop()
    joined = None
    if len(pieces) > 1:
        joined_text = "".join(piece[0] for piece in pieces)
        if len(joined_text) <= MAX_WORD:
            joined = (joined_text, pieces[0][1], pieces[-1][2])
    parts = tuple(p for p in pieces if MIN_WORD <= len(p[0]) <= MAX_WORD and p[0] not in stops)
    return parts, joined


@lru_cache(maxsize=8)
def tokens(text: str) -> tuple[tuple[str, int, int, int], ...]:
    """(word, start, end, position) for every token of a text; joined forms share a position.

    Kept for a few texts: a lesson's text is analysed for several fields in a row.
    """
    tokens = []
    pos = 0
    for parts, joined in _scan(text):
        if joined is not None:
            tokens.append((*joined, pos))
            if not parts:
                pos += 1
        for part in parts:
            tokens.append((*part, pos))
            pos += 1
    return tuple(tokens)


@lru_cache(maxsize=8)
def terms(text: str) -> tuple[tuple[str, int, int, int], ...]:
    """(stem, start, end, position) for every token of a text: what an index holds."""
    return tuple((stem(word), start, end, pos) for word, start, end, pos in tokens(text))


@lru_cache(maxsize=8)
def tails(text: str) -> tuple[str, ...]:
    """The reversed stems of the long words of a text."""
    return tuple(root[::-1] for root, *_ in terms(text) if len(root) >= MIN_COMPOUND)
