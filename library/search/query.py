"""What a teacher typed, as groups of words: the engine-neutral query model.

Anything typed is text: there is no query syntax except "quoted phrases".
`title:`, `*`, `AND`, brackets and control characters are just characters
(punctuation is dropped, words are words); unbalanced quotes are ignored. Only
a query that is too long is refused, with a message that says so.

Every word must match (AND); a backend retries with any word (OR) when that
finds nothing. A word matches its stem in the lesson text, a compound it is part
of (ranked after), and — when the index knows both halves — the same word written
apart (`zonneenergie` finds `zonne energie`). Two words the index knows written
together match that too (`3d printen`, `3dprinten`). Each backend builds its own
engine's query from these groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from library.search.analysis import Span, chunks

MAX_LENGTH = 200
MAX_GROUPS = 12

_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})
_PHRASE = re.compile(r'"([^"]*)"')


class SearchError(ValueError):
    """The request cannot be searched as given; the message tells the teacher why."""


@dataclass(frozen=True)
class Group:
    """Words that must match together: one word, a hyphenated word or a quoted phrase."""

    spans: tuple[Span, ...]  # the words, folded, with their place in the query text
    joined: str | None = None  # `zonneenergie` for `zonne-energie`
    quoted: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(span.text for span in self.spans)

    @property
    def is_word(self) -> bool:
        return len(self.spans) == 1 and not self.joined and not self.quoted


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the query as understood (clean white space, no control characters)
    groups: tuple[Group, ...]

    @property
    def has_words(self) -> bool:
        return bool(self.groups)


def clean(text: str) -> str:
    return " ".join(_INVISIBLE.sub(" ", text.translate(_QUOTES)).split())


def checked_text(text: str) -> str:
    """The query cleaned (see `clean`); refuse one that is too long."""
    cleaned = clean(text)
    if len(cleaned) > MAX_LENGTH:
        raise SearchError(
            f"Je zoekvraag is te lang ({len(cleaned)} tekens). Gebruik er hoogstens {MAX_LENGTH}."
        )
    return cleaned


def parse(text: str) -> ParsedQuery:
    """Split a query into groups of words; refuse one that is too long."""
    cleaned = checked_text(text)
    groups: list[Group] = []
    position = 0
    for match in _PHRASE.finditer(cleaned):
        groups.extend(_free_groups(cleaned, position, match.start()))
        groups.extend(_phrase_groups(cleaned, match.start(1), match.end(1)))
        position = match.end()
    groups.extend(_free_groups(cleaned, position, len(cleaned)))
    if len(groups) > MAX_GROUPS:
        raise SearchError(f"Gebruik hoogstens {MAX_GROUPS} zoekwoorden; je gaf er {len(groups)}.")
    return ParsedQuery(cleaned, tuple(groups))


def _shifted(span: Span, offset: int) -> Span:
    return Span(span.text, span.start + offset, span.end + offset)


def _free_groups(text: str, start: int, end: int) -> list[Group]:
    groups = []
    for chunk in chunks(text[start:end].replace('"', " ")):
        parts = tuple(_shifted(span, start) for span in chunk.parts)
        if chunk.joined is None:
            groups.append(Group(parts))
        elif parts:
            groups.append(Group(parts, joined=chunk.joined.text))
        else:
            groups.append(Group((_shifted(chunk.joined, start),)))
    return groups


def _phrase_groups(text: str, start: int, end: int) -> list[Group]:
    spans = tuple(
        _shifted(span, start) for chunk in chunks(text[start:end]) for span in chunk.parts
    )
    if len(spans) > 1:
        return [Group(spans, quoted=True)]
    return [Group(spans)] if spans else []
