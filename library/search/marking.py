"""Highlights from the project's own analysis: the query's words marked in a text.

A backend that keeps no character offsets (PostgreSQL) analyses the texts of a
page's results again, here, with the same `analysis.terms` the index holds, so
a word is marked exactly where it matched. Output is HTML made only of escaped
text and `<mark>` elements, safe in a page or a JSON response. Linear in the text.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from library.search.analysis import terms

SNIPPET_CHARS = 200
SNIPPET_CONTEXT = 60
# Whether an index term (a stem) is one of the words a search matched.
Matches = Callable[[str], bool]
_Span = tuple[int, int]


def matched_spans(text: str, matches: Matches) -> list[_Span]:
    """Where the matched words stand; of overlapping ones the longest (`zonne-energie`
    over `zonne` and `energie`)."""
    return _spans(terms(text), matches)


def _spans(analysed: tuple[tuple[str, int, int, int], ...], matches: Matches) -> list[_Span]:
    found = sorted(
        ((start, end) for root, start, end, _ in analysed if matches(root)),
        key=lambda span: (span[0], span[0] - span[1]),
    )
    kept: list[_Span] = []
    for span in found:
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def _marked(text: str, spans: list[_Span], start: int, end: int) -> str:
    parts, position = [], start
    for span_start, span_end in spans:
        parts.append(str(escape(text[position:span_start])))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(str(escape(text[position:end])))
    return "".join(parts)


def mark_text(text: str, matches: Matches) -> Markup | None:
    """The whole (short) text with the matched words marked; None if none matched."""
    spans = matched_spans(text, matches) if text else []
    return Markup(_marked(text, spans, 0, len(text))) if spans else None


def snippet(text: str, *matchers: Matches) -> Markup | None:
    """The passage of a long text with the most matched words, marked; None if none.

    The words are those of the first matcher that finds any in the text (the words
    themselves, say, before the compounds they are part of); the text is analysed
    once for all. A passage holds matches within SNIPPET_CHARS of its first one,
    with some context around, cut at spaces; `…` says where the text goes on.
    """
    analysed = terms(text)
    spans: list[_Span] = []
    for matches in matchers:
        spans = _spans(analysed, matches)
        if spans:
            break
    if not spans:
        return None
    best, best_count, last = 0, 0, 0
    for first in range(len(spans)):
        last = max(last, first)
        while last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= SNIPPET_CHARS:
            last += 1
        if last - first + 1 > best_count:
            best, best_count = first, last - first + 1
    inside = spans[best : best + best_count]
    start = max(0, inside[0][0] - SNIPPET_CONTEXT)
    end = min(len(text), inside[-1][1] + SNIPPET_CONTEXT)
    if start > 0:
        space = text.find(" ", start, inside[0][0])
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", inside[-1][1], end)
        end = space if space != -1 else end
    before = "… " if start > 0 else ""
    after = " …" if end < len(text) else ""
    return Markup(before + _marked(text, inside, start, end).strip() + after)
