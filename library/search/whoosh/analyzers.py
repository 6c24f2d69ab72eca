"""Whoosh tokenizers over the project's Dutch analysis (`library.search.analysis`).

The analysis decides the terms; these only hand them to Whoosh with the
positions, character offsets and weights its fields store.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Token, Tokenizer

from library.search.analysis import PART_GAP, tails, terms


class DutchTokenizer(Tokenizer):
    """The stems of a text's words, with positions and character offsets.

    Joined forms are stacked on their first part. Positions count only the words
    kept, so `brug van papier` is a phrase both in a lesson and in a query, whatever
    stop words stood between.
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
        token.boost, token.stopped = 1.0, False
        parts = getattr(value, "parts", ((len(value), 1.0),))
        part, (part_end, token.boost) = 0, parts[0]
        for word, start, end, pos in terms(value):
            while start >= part_end and part + 1 < len(parts):
                part += 1
                part_end, token.boost = parts[part]
            token.text = word
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + pos + part * PART_GAP
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class TailsTokenizer(Tokenizer):
    """The reversed stems of long words: the ends of compounds become prefixes."""

    def __call__(self, value: str, mode: str = "", **kwargs) -> Iterator[Token]:
        token = Token(mode=mode, **kwargs)
        token.boost, token.stopped = 1.0, False
        for text in tails(value):
            token.text = text
            yield token


TEXT_ANALYZER = DutchTokenizer()
TAILS_ANALYZER = TailsTokenizer()
