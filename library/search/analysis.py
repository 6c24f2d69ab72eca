"""Dutch text analysis: how lesson text and a teacher's query become index terms.

One tokenizer serves every text field, so a query word and a lesson word meet
when a teacher would say they are the same:

- lower case, accents folded (`bacteriën` = `bacterien`, `ĳ` = `ij`);
- Dutch stop words left out (`data/stopwords-nl.txt`);
- a word written with a hyphen, colon or apostrophe (`zonne-energie`, `micro:bit`,
  `3D-printen`) gives its parts *and* the joined form at the same position, so
  `zonne energie`, `zonne-energie` and `zonneenergie` find each other; the
  `'s` of `auto's` is dropped;
- Dutch Snowball stemming, then evened out where Dutch spelling alternates
  (`bruggen`/`brug`, `huizen`/`huis`, `klassen`/`klas`).

The `words` field keeps words unstemmed (for spelling suggestions and for
telling whether a word occurs at all) and adds the pieces of long words:
`robotauto` also gives `robot>` (a head) and `<auto` (a tail), so a query word
that is part of a compound still finds it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from whoosh.analysis import Filter, Token, Tokenizer
from whoosh.lang.snowball.dutch import DutchStemmer

STOPWORDS_FILE = Path(__file__).parent / "data" / "stopwords-nl.txt"
MIN_WORD = 2
MAX_WORD = 40
# Compound pieces: both the head and the tail of a split are at least this long.
MIN_PIECE = 4
HEAD_MARK = ">"
TAIL_MARK = "<"

_CHUNK = re.compile(r"[^\W_]+(?:[-‐‑:'’][^\W_]+)*")
_PART = re.compile(r"[^\W_]+")
_APOSTROPHES = "'’"
_VOWELS = frozenset("aeiouy")
_snowball = DutchStemmer()


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
    root = _snowball.stem(word)
    # Snowball only undoubles kk/dd/tt; `bruggen` -> `brugg` must meet `brug`.
    if len(root) > 2 and root[-1] == root[-2] and root[-1] not in _VOWELS:
        root = root[:-1]
    # `huizen` -> `huiz` meets `huis`, `duiven` -> `duiv` meets `duif`.
    if len(root) > 2 and root[-1] in "zv":
        root = root[:-1] + ("s" if root[-1] == "z" else "f")
    return root


@dataclass(frozen=True)
class Span:
    """A folded word and where it stands in the original text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    """A word as written: its meaningful parts and, if it had joiners, its joined form."""

    parts: tuple[Span, ...]
    joined: Span | None


def chunks(text: str) -> Iterator[Chunk]:
    """The words of a text; stop words and very short or long parts are left out of `parts`."""
    stops = stop_words()
    for match in _CHUNK.finditer(text):
        raw = match.group()
        offset = match.start()
        pieces = [
            Span(fold(m.group()), offset + m.start(), offset + m.end()) for m in _PART.finditer(raw)
        ]
        # `auto's`, `foto's`: the apostrophe-s is spelling, not a word.
        if (
            len(pieces) > 1
            and pieces[-1].text == "s"
            and text[pieces[-1].start - 1] in _APOSTROPHES
        ):
            pieces.pop()
        joined = None
        if len(pieces) > 1:
            joined_text = "".join(piece.text for piece in pieces)
            if len(joined_text) <= MAX_WORD:
                joined = Span(joined_text, pieces[0].start, pieces[-1].end)
        parts = tuple(
            p for p in pieces if MIN_WORD <= len(p.text) <= MAX_WORD and p.text not in stops
        )
        if parts or joined:
            yield Chunk(parts, joined)


class DutchTokenizer(Tokenizer):
    """Words with their positions and character offsets; joined forms stacked on their first part.

    Positions count only the words kept, so `brug van papier` is a phrase both in
    a lesson and in a query, whatever stop words stood between.
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for chunk in chunks(value):
            spans = chunk.parts if chunk.joined is None else (chunk.joined, *chunk.parts)
            first = pos
            for span in spans:
                token.text = span.text
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = span.text
                if positions:
                    token.pos = first if span is chunk.joined else pos
                if chars:
                    token.startchar = start_char + span.start
                    token.endchar = start_char + span.end
                yield token
                if span is not chunk.joined:
                    pos += 1
            if not chunk.parts:
                pos += 1


class DutchStemFilter(Filter):
    """Replaces each token's text by its Dutch stem."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DutchStemFilter)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = stem(token.text)
            yield token


def compound_pieces(word: str) -> list[str]:
    """The heads (`robot>`) and tails (`<auto`, and the tail's stem) of a long word."""
    pieces: list[str] = []
    if len(word) < 2 * MIN_PIECE or not word.isalpha():
        return pieces
    for cut in range(MIN_PIECE, len(word) - MIN_PIECE + 1):
        tail = word[cut:]
        pieces.append(word[:cut] + HEAD_MARK)
        pieces.append(TAIL_MARK + tail)
        tail_stem = stem(tail)
        if tail_stem != tail and len(tail_stem) >= MIN_PIECE:
            pieces.append(TAIL_MARK + tail_stem)
    return pieces


def query_pieces(word: str) -> list[str]:
    """The compound pieces a query word can be: a head or a tail, as written or stemmed."""
    if len(word) < MIN_PIECE or not word.isalpha():
        return []
    forms = dict.fromkeys(f for f in (word, stem(word)) if len(f) >= MIN_PIECE)
    return [mark for form in forms for mark in (form + HEAD_MARK, TAIL_MARK + form)]


class CompoundPiecesFilter(Filter):
    """Keeps each word and adds the pieces it could be a compound of."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CompoundPiecesFilter)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            word = token.text
            yield token
            for piece in compound_pieces(word):
                token.text = piece
                yield token


def is_piece(term: str) -> bool:
    return term.endswith(HEAD_MARK) or term.startswith(TAIL_MARK)


TEXT_ANALYZER = DutchTokenizer() | DutchStemFilter()
WORDS_ANALYZER = DutchTokenizer() | CompoundPiecesFilter()
