"""Highlighted snippets: the query's words marked in a result's title, summary and body.

Output is HTML made only of escaped text and `<mark>` elements, safe to put in
a page or a JSON response. Body snippets use the character offsets stored in
the index (no re-analysis of the lesson text); the short title and summary are
re-analysed.
"""

from __future__ import annotations

from markupsafe import Markup, escape
from whoosh.analysis import Token
from whoosh.highlight import (
    BasicFragmentScorer,
    Formatter,
    PinpointFragmenter,
    WholeFragmenter,
    highlight,
    top_fragments,
)
from whoosh.searching import Searcher

from library.search.whoosh.analyzers import TEXT_ANALYZER
from library.search.whoosh.schema import TEXT_FIELD

SNIPPET_CHARS = 200
SNIPPET_CONTEXT = 60


class MarkFormatter(Formatter):
    """Escaped text with the matched words in `<mark>`."""

    between = " … "

    def _text(self, text: str) -> str:
        return str(escape(text))

    def format_token(self, text: str, token: Token, replace: bool = False) -> str:
        return f"<mark>{escape(text[token.startchar : token.endchar])}</mark>"


_formatter = MarkFormatter()
_whole = WholeFragmenter()
_pinpoint = PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=SNIPPET_CONTEXT, autotrim=True)
_scorer = BasicFragmentScorer()


def mark_text(text: str, terms: frozenset[str]) -> Markup | None:
    """The whole (short) text with matched words marked; None if nothing matched."""
    if not terms or not text:
        return None
    marked = highlight(text, terms, TEXT_ANALYZER, _whole, _formatter, top=1)
    return Markup(marked) if marked else None


def body_snippets(
    searcher: Searcher, bodies: dict[int, tuple[str, int]], terms: frozenset[str]
) -> dict[int, Markup]:
    """The best passage of each document's body around the matched words.

    `bodies` gives per document its body and where the body starts in the indexed text.
    """
    wanted = sorted(bodies)
    spans: dict[int, list[Token]] = {docnum: [] for docnum in wanted}
    reader = searcher.reader()
    for term in terms:
        if (TEXT_FIELD, term) not in reader:
            continue
        postings = searcher.postings(TEXT_FIELD, term)
        for docnum in wanted:
            if not postings.is_active():
                break
            postings.skip_to(docnum)
            if postings.is_active() and postings.id() == docnum:
                offset = bodies[docnum][1]
                spans[docnum].extend(
                    Token(text=term, pos=pos, startchar=start - offset, endchar=end - offset)
                    for pos, start, end in postings.value_as("characters")
                    if start >= offset
                )
    snippets = {}
    for docnum, tokens in spans.items():
        if tokens:
            snippets[docnum] = _snippet(bodies[docnum][0], tokens)
    return snippets


def _snippet(text: str, tokens: list[Token]) -> Markup | None:
    tokens.sort(key=lambda token: (token.startchar, token.startchar - token.endchar))
    fragments = _pinpoint.fragment_matches(text, _without_overlaps(tokens))
    best = top_fragments(fragments, 1, _scorer, lambda fragment: fragment.startchar)
    if not best:
        return None
    before = "… " if best[0].startchar > 0 else ""
    after = " …" if best[-1].endchar < len(text) else ""
    return Markup(before + _formatter(text, best) + after)


def _without_overlaps(tokens: list[Token]) -> list[Token]:
    """Keep the longest of tokens that overlap (`zonne-energie` over `zonne` and `energie`)."""
    kept: list[Token] = []
    for token in tokens:
        if kept and token.startchar < kept[-1].endchar:
            continue
        kept.append(token)
    return kept
