"""Searching `lesson_search` with PostgreSQL's full-text search: a page of hits, facets, more.

A search reads one database snapshot (repeatable read):

1. which of the words the query could need the index knows (`querying`);
2. which lessons each group of words matches, as bitsets over the process's
   snapshot of the table's generation (`snapshot`): the GIN index answers;
3. the total and the drill-down facet counts from those bitsets and the facet
   values' bitsets, as the Whoosh backend counts them (`library.search.bitsets`);
4. one page: lessons with the words themselves by `ts_rank` over the weighted
   text, then those with them only in a compound; or in the order of a column.

Highlights are made for that page only, from the project's own analysis (`marking`).
The table is written in the lessons' own transactions, so nothing here can lag
the database.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.search import marking
from library.search.analysis import MIN_COMPOUND, terms
from library.search.bitsets import combine, drill_down_counts, filter_bits, ordered
from library.search.facets import facet_results
from library.search.postgres.lexicon import TableLexicon
from library.search.postgres.querying import Match, QueryBuilder, both, either
from library.search.postgres.snapshot import Snapshot, Snapshots
from library.search.postgres.vectors import RANK_WEIGHTS, lexeme
from library.search.request import SearchRequest
from library.search.results import Hit, SearchResult, card_hit
from library.search.similar import SIMILAR_FACETS, SIMILAR_KEY_TERMS
from library.search.suggest import suggest
from library.vocab.loader import Vocabularies

# `ts_rank` divides by 1 + the logarithm of the document's length: long lessons
# do not win by length alone.
RANK_NORMALISATION = 1
_WEIGHTS = "{" + ",".join(f"{weight:.4f}" for weight in RANK_WEIGHTS) + "}"


@dataclass
class _Sql:
    """A WHERE clause built from trusted fragments, with its bound parameters."""

    conditions: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def where(self) -> str:
        return " AND ".join(self.conditions) or "TRUE"


@dataclass(frozen=True)
class _Text:
    match: Match | None  # None: no words, every lesson matches
    matches: int  # the lessons the words find
    any_word: bool = False
    unmatched: tuple[int, ...] = ()


def search(
    session: so.Session, snapshots: Snapshots, request: SearchRequest, vocabularies: Vocabularies
) -> SearchResult:
    _begin(session)
    snapshot = snapshots.current(session)
    filters = filter_bits(request, snapshot.value_bits, snapshot.columns)
    allowed = combine(filters, snapshot.everything)
    text = _text(session, snapshot, request, allowed)
    selected = text.matches & allowed
    total = selected.bit_count()
    hits = _page(session, snapshot, text, selected, request, total)
    suggestion = None
    if text.unmatched:
        suggestion = suggest(request.query, text.unmatched, TableLexicon(session), vocabularies)
    counts = drill_down_counts(text.matches, filters, snapshot.value_bits)
    facets = facet_results(counts, request.filters, vocabularies)
    return SearchResult(request, total, hits, facets, suggestion, text.any_word)


def _begin(session: so.Session) -> None:
    """One database snapshot for the whole search, planned for the GIN indexes.

    Repeatable read makes the generation read first (`Snapshots.current`) and every
    later query see the same rows. The planner prices `document @@ query` as cheap
    per row, but each row it tests reads a tsvector of several kilobytes from TOAST
    (tsvectors do not compress), so it picks sequential scans that take three times
    as long as the index; and JIT compilation costs more than any of these short
    queries. `SET LOCAL` ends with the transaction: the pooled connection comes back
    as it was.
    """
    session.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
    session.execute(sa.text("SET LOCAL enable_seqscan = off"))
    session.execute(sa.text("SET LOCAL jit = off"))


def _filter_sql(filters: Mapping[str, tuple[str, ...]], sql: _Sql) -> None:
    """The request's facet filters as conditions on `facet_values` (GIN)."""
    for name, keys in filters.items():
        sql.params[f"facet_{name}"] = [f"{name}:{key}" for key in keys]
        sql.conditions.append(f"facet_values && CAST(:facet_{name} AS text[])")


def _text(session: so.Session, snapshot: Snapshot, request: SearchRequest, allowed: int) -> _Text:
    """The words' matches: every word, or any word when the filters allow no lesson with all."""
    parsed = request.query
    if not parsed.has_words:
        return _Text(None, snapshot.everything)
    builder = QueryBuilder(session, parsed)
    parts = builder.matches(parsed)
    found = [_matching(session, snapshot, part.full) for part in parts]
    unmatched = tuple(
        index for part, bits in zip(parts, found, strict=True) for index in part.groups if not bits
    )
    matches = snapshot.everything
    for bits in found:
        matches &= bits
    loose = builder.loose_matches(parsed)
    if not matches & allowed and len(loose) > 1:
        matches = 0
        for word in loose:
            matches |= _matching(session, snapshot, word.full)
        return _Text(either(*loose), matches, True, unmatched)
    return _Text(both(*parts), matches, False, unmatched)


def _matching(session: so.Session, snapshot: Snapshot, query: str) -> int:
    """The lessons a `tsquery` matches, as a bitset (the GIN index answers; no row is read)."""
    slugs = session.scalars(
        sa.text("SELECT slug FROM lesson_search WHERE document @@ CAST(:query AS tsquery)"),
        {"query": query},
    )
    return snapshot.bits(slugs)


def _page(
    session: so.Session,
    snapshot: Snapshot,
    text: _Text,
    selected: int,
    request: SearchRequest,
    total: int,
) -> list[Hit]:
    """One page: by `ts_rank` in SQL for words sorted by relevance, else in a column's order."""
    start = (request.page - 1) * request.per_page
    if start >= total:
        return []
    if text.match is None or request.sort != "relevance":
        end = start + request.per_page
        docnums = ordered(snapshot.columns, selected, request.sort, end)[start:end]
        return _rows(session, [snapshot.slugs[docnum] for docnum in docnums], text.match)
    match = text.match
    sql = _Sql(["document @@ CAST(:full AS tsquery)"], {"full": match.full, "exact": match.exact})
    _filter_sql(request.filters, sql)
    if request.max_duration is not None:
        sql.conditions.append("minutes <= :max_duration")
        sql.params["max_duration"] = request.max_duration
    sql.params.update(limit=request.per_page, offset=start)
    query = f"""
        SELECT slug, card, "values", body, document @@ CAST(:exact AS tsquery) AS exact,
            {_score(match, sql)} AS score
        FROM lesson_search WHERE {sql.where()}
        ORDER BY exact DESC, score DESC, published DESC, slug LIMIT :limit OFFSET :offset
    """
    rows = session.execute(sa.text(query), sql.params).all()
    return [_hit(row, _highlights(row, match)) for row in rows]


def _rows(session: so.Session, slugs: list[str], match: Match | None) -> list[Hit]:
    """These lessons' hits, in this order."""
    query = (
        'SELECT slug, card, "values", body, FALSE AS exact FROM lesson_search '
        "WHERE slug = ANY(:slugs)"
    )
    rows = {row.slug: row for row in session.execute(sa.text(query), {"slugs": slugs})}
    return [_hit(rows[slug], _highlights(rows[slug], match)) for slug in slugs]


def _score(match: Match, sql: _Sql) -> str:
    """`ts_rank` of the words over the weighted text (lessons with the words only in a
    compound come after the others anyway: see the order)."""
    sql.params["words"] = " | ".join(lexeme(term) for term in sorted(match.terms)) or "''"
    return f"ts_rank('{_WEIGHTS}', document, CAST(:words AS tsquery), {RANK_NORMALISATION})"


def _highlights(row: sa.Row, match: Match | None) -> dict[str, Any]:
    if match is None:
        return {}
    matches = _matcher(match, compounds=not row.exact)
    card = row.card
    marks = {
        "title": marking.mark_text(card["title"], matches),
        "summary": marking.mark_text(card["summary"], matches),
        # In a body, compounds are only looked for where the words themselves are not.
        "body": marking.snippet(
            row.body, _matcher(match, compounds=False), _matcher(match, compounds=True)
        ),
    }
    return {name: mark for name, mark in marks.items() if mark is not None}


def _matcher(match: Match, compounds: bool) -> marking.Matches:
    """Whether a stem is one of the words, or (`compounds`) a compound they are part of."""
    words, heads, tails = match.terms, match.heads, match.tails

    def matches(root: str) -> bool:
        if root in words:
            return True
        if not compounds:
            return False
        return any(root.startswith(head) for head in heads) or (
            len(root) >= MIN_COMPOUND and any(root.endswith(tail) for tail in tails)
        )

    return matches


def _hit(row: sa.Row, highlights: dict[str, Any]) -> Hit:
    return card_hit(row.slug, row.card, row.values, highlights)


def more_like_this(session: so.Session, slug: str, limit: int) -> list[Hit]:
    """Lessons sharing this one's key words (its title and summary count three times) and
    its facet values."""
    _begin(session)
    row = session.execute(
        sa.text('SELECT card, body, "values" FROM lesson_search WHERE slug = :slug'), {"slug": slug}
    ).one_or_none()
    if row is None:
        return []
    card = row.card
    text = "\n".join([card["title"], card["summary"]] * 3 + [row.body])
    words = _key_terms(session, text)
    sql = _Sql(["slug <> :slug"], {"slug": slug, "limit": limit})
    bonuses = []
    for facet, boost in SIMILAR_FACETS.items():
        for number, value in enumerate(row.values.get(facet, [])):
            name = f"similar_{facet}_{number}"
            sql.params[name] = [f"{facet}:{value}"]
            bonuses.append(f"(facet_values @> CAST(:{name} AS text[]))::int * {boost}")
    score = " + ".join(bonuses) or "0"
    if words:
        sql.params["words"] = " | ".join(lexeme(word) for word in words)
        rank = f"ts_rank('{_WEIGHTS}', document, CAST(:words AS tsquery), {RANK_NORMALISATION})"
        score = f"{rank} * 10 + {score}"
    query = f"""
        SELECT slug, card, "values", body, FALSE AS exact FROM lesson_search
        WHERE {sql.where()} ORDER BY {score} DESC, published DESC, slug LIMIT :limit
    """
    return [_hit(similar, {}) for similar in session.execute(sa.text(query), sql.params)]


def _key_terms(session: so.Session, text: str) -> list[str]:
    """The words that say most what a text is about: often in it, rare in the library."""
    frequency: dict[str, int] = {}
    for root, *_ in terms(text):
        if len(root) >= 3 and not root.isdigit():
            frequency[root] = frequency.get(root, 0) + 1
    candidates = sorted(frequency, key=lambda root: -frequency[root])[: SIMILAR_KEY_TERMS * 3]
    if not candidates:
        return []
    counts = dict(
        session.execute(
            sa.text(
                "SELECT word, (SELECT count(*) FROM lesson_search "
                "WHERE document @@ CAST(quote_literal(word) AS tsquery)) "
                "FROM unnest(CAST(:words AS text[])) AS word"
            ),
            {"words": candidates},
        ).all()
    )
    lessons = session.scalar(sa.text("SELECT count(*) FROM lesson_search")) or 1
    weight = {
        root: frequency[root] * math.log(1 + lessons / (counts.get(root, 0) or 1))
        for root in candidates
    }
    return sorted(candidates, key=lambda root: -weight[root])[:SIMILAR_KEY_TERMS]
