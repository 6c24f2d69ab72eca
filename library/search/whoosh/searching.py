"""Searching the Whoosh index: a request's page of hits, its facets and "Meer zoals deze".

A search runs in passes over one snapshot of the index:

1. the words' matches, as bitsets, from posting lists read once per generation
   (`matching`); which of them have the words themselves, not only in a compound;
2. the filters, as bitsets of facet values; drill-down facet counts from both;
3. one page of results: BM25 over the allowed lessons with the words themselves,
   then over those with them in a compound (`ranking`), or the allowed lessons in
   the order of a sort column; then highlights for that page only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from whoosh import query as wq

from library.lessons.queries import published_among
from library.search.bitsets import (
    bits_of,
    combine,
    drill_down_counts,
    filter_bits,
    ordered,
)
from library.search.facets import facet_results
from library.search.query import ParsedQuery
from library.search.request import SearchRequest
from library.search.results import Hit, SearchResult, card_hit
from library.search.similar import SIMILAR_FACETS, SIMILAR_KEY_TERMS
from library.search.suggest import suggest
from library.search.whoosh import highlight, ranking
from library.search.whoosh.matching import matching, postings, strong
from library.search.whoosh.querying import Match, QueryBuilder, both, either
from library.search.whoosh.schema import COMPOUND_SCORE, TAILS_FIELD, TEXT_FIELD
from library.search.whoosh.store import LessonIndex, Snapshot
from library.search.whoosh.suggesting import IndexLexicon
from library.vocab.loader import Vocabularies

log = logging.getLogger(__name__)


def search(
    lesson_index: LessonIndex, request: SearchRequest, vocabularies: Vocabularies
) -> SearchResult:
    """The lessons matching a request: one page of hits, the facet counts and a suggestion."""
    with lesson_index.snapshot() as snapshot:
        return _search(snapshot, request, vocabularies)


def _search(
    snapshot: Snapshot | None, request: SearchRequest, vocabularies: Vocabularies
) -> SearchResult:
    if snapshot is None:
        return SearchResult(request, 0, [], facet_results({}, request.filters, vocabularies))
    data = snapshot.data
    filters = filter_bits(request, data.value_bits, data.columns)
    withdrawn = 0
    while True:
        allowed = combine(filters, data.everything & ~withdrawn)
        text = _text_matches(snapshot, request.query, allowed)
        selected = text.matches & allowed
        total = selected.bit_count()
        docnums = _page(snapshot, text, selected, request, total)
        stale = _unpublished(snapshot, docnums)
        if not stale:
            break
        withdrawn |= bits_of(stale, data.size)
    hits = _hits(snapshot, text, docnums)
    matches = text.matches & ~withdrawn
    counts = drill_down_counts(matches, filters, data.value_bits)
    facets = facet_results(counts, request.filters, vocabularies)
    suggestion = None
    if text.unmatched:
        lexicon = IndexLexicon(snapshot.searcher.reader())
        suggestion = suggest(request.query, text.unmatched, lexicon, vocabularies)
    return SearchResult(request, total, hits, facets, suggestion, text.any_word)


def _unpublished(snapshot: Snapshot, docnums: list[int]) -> list[int]:
    """The lessons on a page that the database no longer publishes.

    The index lags the database when a write failed and waits in the retry queue; a
    lesson taken down must not stay findable until then. One query per page; such a
    lesson is left out and the page is made again without it.
    """
    searcher = snapshot.searcher
    slugs = {docnum: searcher.stored_fields(docnum)["slug"] for docnum in docnums}
    published = published_among(set(slugs.values()))
    stale = [docnum for docnum, slug in slugs.items() if slug not in published]
    if stale:
        log.warning("Search index lists lessons no longer published: %s", [slugs[d] for d in stale])
    return stale


@dataclass(frozen=True)
class _TextMatches:
    match: Match | None  # None: no words, every lesson matches
    parts: list[Match]  # one per group of words (or per word, when any word will do)
    matches: int  # the lessons the words find
    exact: int  # those that have the words themselves, not only as part of a compound
    any_word: bool = False
    unmatched: tuple[int, ...] = ()  # groups of the parsed query that found nothing


def _text_matches(snapshot: Snapshot, parsed: ParsedQuery, allowed: int) -> _TextMatches:
    """Lessons with every word; if none is allowed by the filters, lessons with any word."""
    everything = snapshot.data.everything
    if not parsed.has_words:
        return _TextMatches(None, [], everything, everything)
    builder = QueryBuilder(snapshot)
    parts = builder.matches(parsed)
    found = [matching(snapshot, part.full) for part in parts]
    unmatched = tuple(
        index for part, bits in zip(parts, found, strict=True) for index in part.groups if not bits
    )
    match, matches, any_word = both(*parts), _all_of(found, everything), False
    loose = builder.loose_matches(parsed)
    if not matches & allowed and len(loose) > 1:
        match, parts, any_word = either(*loose), loose, True
        matches = _any_of([matching(snapshot, word.full) for word in loose])
    exact = matching(snapshot, match.exact) & matches
    return _TextMatches(match, parts, matches, exact, any_word, unmatched)


def _all_of(found: list[int], everything: int) -> int:
    bits = everything
    for group in found:
        bits &= group
    return bits


def _any_of(found: list[int]) -> int:
    bits = 0
    for group in found:
        bits |= group
    return bits


def _page(
    snapshot: Snapshot, text: _TextMatches, selected: int, request: SearchRequest, total: int
) -> list[int]:
    """The document numbers of the requested page of results."""
    start = (request.page - 1) * request.per_page
    if start >= total:
        return []
    end = start + request.per_page
    if text.match is not None and request.sort == "relevance":
        return _ranked(snapshot, text, selected, start, end)
    return ordered(snapshot.data.columns, selected, request.sort, end)[start:end]


def _ranked(
    snapshot: Snapshot, text: _TextMatches, selected: int, start: int, end: int
) -> list[int]:
    """Lessons with the words themselves by score, then those with them in a compound.

    When enough lessons have a word where it weighs (a title, tags, a summary, or
    three times in the body), only those are scored for the first pages: a lesson
    that mentions the words once or twice in passing does not outrank them.
    """
    words = _words(text.match.exact)
    first = selected & text.exact
    count = first.bit_count()
    docnums = []
    if start < count:
        prominent = first & strong(snapshot, text.match.exact)
        scored = prominent if prominent.bit_count() >= end else first
        docnums = ranking.top(snapshot, words, scored, min(end, count))[start:]
    rest = selected & ~text.exact
    if end > count and rest:
        compounds = [
            (matching(snapshot, part.full) & ~matching(snapshot, part.exact), COMPOUND_SCORE)
            for part in text.parts
        ]
        best = ranking.top(snapshot, words, rest, end - count, compounds)
        docnums += best[max(0, start - count) :]
    return docnums


def _words(query: wq.Query) -> dict[str, float]:
    """The text field's terms of a query (a phrase's words included), each weighing 1."""
    return {
        text.decode("utf-8") if isinstance(text, bytes) else text: 1.0
        for field, text in query.iter_all_terms(phrases=True)
        if field == TEXT_FIELD
    }


def _hits(snapshot: Snapshot, text: _TextMatches, docnums: list[int]) -> list[Hit]:
    searcher = snapshot.searcher
    stored = {docnum: searcher.stored_fields(docnum) for docnum in docnums}
    bodies = {docnum: (doc["body"], doc["card"]["body_start"]) for docnum, doc in stored.items()}
    snippets: dict[int, Markup] = {}
    terms: frozenset[str] = frozenset()
    if text.match is not None:
        terms = frozenset(_highlight_terms(text.match.full))
        # In a body, compounds are only looked for where the words themselves are not.
        exact = {docnum: body for docnum, body in bodies.items() if text.exact >> docnum & 1}
        snippets = highlight.body_snippets(
            searcher, exact, frozenset(_highlight_terms(text.match.exact))
        )
        others = {docnum: body for docnum, body in bodies.items() if docnum not in exact}
        snippets.update(highlight.body_snippets(searcher, others, terms))
    hits = []
    for docnum in docnums:
        card = stored[docnum]["card"]
        marks = {
            "title": highlight.mark_text(card["title"], terms),
            "summary": highlight.mark_text(card["summary"], terms),
            "body": snippets.get(docnum),
        }
        hits.append(
            _hit(stored[docnum], {name: mark for name, mark in marks.items() if mark is not None})
        )
    return hits


def _highlight_terms(query: wq.Query | None) -> set[str]:
    """The index terms to mark: the query's own, and the compounds it found."""
    terms = set()
    for name, text in query.iter_all_terms(phrases=True) if query is not None else ():
        text = text.decode("utf-8") if isinstance(text, bytes) else text
        if name == TEXT_FIELD:
            terms.add(text)
        elif name == TAILS_FIELD:
            terms.add(text[::-1])
    return terms


def _hit(fields: dict[str, Any], highlights: dict[str, Markup]) -> Hit:
    return card_hit(fields["slug"], fields["card"], fields["values"], highlights)


def more_like_this(lesson_index: LessonIndex, slug: str, limit: int) -> list[Hit]:
    """Published lessons about the same things as this one, best first."""
    with lesson_index.snapshot() as snapshot:
        return _more_like_this(snapshot, slug, limit)


def _more_like_this(snapshot: Snapshot | None, slug: str, limit: int) -> list[Hit]:
    if snapshot is None:
        return []
    searcher = snapshot.searcher
    docnum = searcher.document_number(slug=slug)
    if docnum is None:
        return []
    fields = searcher.stored_fields(docnum)
    card = fields["card"]
    # The title and summary say best what a lesson is about: they count three times.
    text = "\n".join([card["title"], card["summary"]] * 3 + [fields["body"]])
    words = dict(searcher.key_terms_from_text(TEXT_FIELD, text, SIMILAR_KEY_TERMS))
    shared = [
        (snapshot.data.value_bits[facet].get(value, 0), boost)
        for facet, boost in SIMILAR_FACETS.items()
        for value in fields["values"].get(facet, [])
    ]
    others = snapshot.data.everything & ~(1 << docnum)
    # Lessons where a key word weighs are enough to choose from, when there are some.
    strong_ones = _any_of([postings(snapshot, TEXT_FIELD, word).strong for word in words])
    while True:
        candidates = others & strong_ones
        if candidates.bit_count() < limit:
            candidates = others
        best = ranking.top(snapshot, words, candidates, limit, shared)
        stale = _unpublished(snapshot, best)
        if not stale:
            return [_hit(searcher.stored_fields(similar), {}) for similar in best]
        others &= ~bits_of(stale, snapshot.data.size)
