"""Searching `lesson_search` with PostgreSQL's full-text search: a page of hits, facets, more.

A search asks the database a few questions, each answered from the GIN indexes:

1. which of the words the query could need the index knows (`querying`);
2. the total under the filters (with every word; if none, with any word), and
   which groups of words found nothing at all (for `Bedoelde je …?`);
3. the drill-down facet counts: per facet, the matches narrowed by every other
   facet's filter, in one pass over the matches;
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
from library.search.facets import FACETS, facet_results
from library.search.postgres.lexicon import TableLexicon
from library.search.postgres.querying import Match, QueryBuilder, both, either
from library.search.postgres.vectors import RANK_WEIGHTS, lexeme
from library.search.request import SearchRequest
from library.search.results import Hit, SearchResult, card_hit
from library.search.similar import SIMILAR_FACETS, SIMILAR_KEY_TERMS
from library.search.suggest import suggest
from library.vocab.loader import Vocabularies

# `ts_rank` divides by 1 + the logarithm of the document's length: long lessons
# do not win by length alone.
RANK_NORMALISATION = 1
ORDERS = {
    "newest": "published DESC, slug",
    "shortest": "minutes, published DESC, slug",
    "preparation": "preparation_minutes, minutes, published DESC, slug",
    # Best average first, then the most experiences; unrated lessons (0) after the rated.
    "rating": "rating DESC, experiences DESC, published DESC, slug",
}
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
    any_word: bool = False
    unmatched: tuple[int, ...] = ()


def _plan_for_the_indexes(session: so.Session) -> None:
    """Make this transaction's queries use the GIN indexes, as they are meant to.

    The planner prices `document @@ query` as cheap per row, but each row it tests
    reads a tsvector of several kilobytes from TOAST (tsvectors do not compress), so
    it picks sequential scans that take three times as long as the index; and JIT
    compilation costs more than any of these short queries. `SET LOCAL` ends with
    the transaction, so the connection goes back to the pool as it came.
    """
    session.execute(sa.text("SET LOCAL enable_seqscan = off"))
    session.execute(sa.text("SET LOCAL jit = off"))


def search(session: so.Session, request: SearchRequest, vocabularies: Vocabularies) -> SearchResult:
    _plan_for_the_indexes(session)
    filters = _filters(request)
    text = _text(session, request, filters)
    matching = _Sql()
    if text.match is not None:
        matching.conditions.append("document @@ CAST(:full AS tsquery)")
        matching.params["full"] = text.match.full
    if request.max_duration is not None:
        matching.conditions.append("minutes <= :max_duration")
        matching.params["max_duration"] = request.max_duration
    counts, total = _counts(session, matching, filters)
    hits = _page(session, text, matching, filters, request, total)
    suggestion = None
    if text.unmatched:
        suggestion = suggest(request.query, text.unmatched, TableLexicon(session), vocabularies)
    facets = facet_results(counts, request.filters, vocabularies)
    return SearchResult(request, total, hits, facets, suggestion, text.any_word)


def _filters(request: SearchRequest) -> dict[str, list[str]]:
    """Per chosen facet, the `facet:key` values of which a lesson needs one."""
    return {name: [f"{name}:{key}" for key in keys] for name, keys in request.filters.items()}


def _filter_sql(
    filters: Mapping[str, list[str]], sql: _Sql, leave_out: str | None = None
) -> list[str]:
    conditions = []
    for name, values in filters.items():
        if name != leave_out:
            sql.params[f"facet_{name}"] = values
            conditions.append(f"facet_values && CAST(:facet_{name} AS text[])")
    return conditions


def _text(session: so.Session, request: SearchRequest, filters: Mapping[str, list[str]]) -> _Text:
    """The words' match: every word, or any word when the filters allow no lesson with all."""
    parsed = request.query
    if not parsed.has_words:
        return _Text(None)
    builder = QueryBuilder(session, parsed)
    parts = builder.matches(parsed)
    found = _finds(session, [part.full for part in parts])
    unmatched = tuple(
        index
        for part, finds in zip(parts, found, strict=True)
        for index in part.groups
        if not finds
    )
    match = both(*parts)
    loose = builder.loose_matches(parsed)
    if len(loose) > 1 and not _any_allowed(session, match, request, filters):
        return _Text(either(*loose), True, unmatched)
    return _Text(match, False, unmatched)


def _finds(session: so.Session, queries: list[str]) -> list[bool]:
    """Whether any lesson matches each query."""
    selects = ", ".join(
        f"EXISTS (SELECT 1 FROM lesson_search WHERE document @@ CAST(:q{n} AS tsquery))"
        for n in range(len(queries))
    )
    row = session.execute(sa.text(f"SELECT {selects}"), {f"q{n}": q for n, q in enumerate(queries)})
    return list(row.one())


def _any_allowed(
    session: so.Session, match: Match, request: SearchRequest, filters: Mapping[str, list[str]]
) -> bool:
    sql = _Sql(["document @@ CAST(:full AS tsquery)"], {"full": match.full})
    sql.conditions += _filter_sql(filters, sql)
    if request.max_duration is not None:
        sql.conditions.append("minutes <= :max_duration")
        sql.params["max_duration"] = request.max_duration
    query = f"SELECT EXISTS (SELECT 1 FROM lesson_search WHERE {sql.where()})"
    return bool(session.scalar(sa.text(query), sql.params))


def _counts(
    session: so.Session, matching: _Sql, filters: Mapping[str, list[str]]
) -> tuple[dict[str, dict[str, int]], int]:
    """Drill-down facet counts and the total, in one pass over the matches.

    Each match carries whether it passes each facet's filter; a value of facet F
    counts the matches that pass every filter but F's.
    """
    sql = _Sql(list(matching.conditions), dict(matching.params))
    passes = {
        name: conditions[0]
        for name in filters
        if (conditions := _filter_sql({name: filters[name]}, sql))
    }
    columns = "".join(f", {condition} AS pass_{name}" for name, condition in passes.items())

    def all_but(name: str | None) -> str:
        return " AND ".join(f"pass_{other}" for other in passes if other != name) or "TRUE"

    cases = "".join(f" WHEN '{name}' THEN {all_but(name)}" for name in passes)
    counted = (
        f"CASE split_part(value, ':', 1){cases} ELSE {all_but(None)} END" if passes else "TRUE"
    )
    query = f"""
        WITH matches AS MATERIALIZED (
            SELECT facet_values{columns} FROM lesson_search WHERE {sql.where()}
        )
        SELECT value, count(*) FROM matches, unnest(facet_values) AS value
        WHERE {counted} GROUP BY value
        UNION ALL
        SELECT NULL, count(*) FROM matches WHERE {all_but(None)}
    """
    counts: dict[str, dict[str, int]] = {facet.name: {} for facet in FACETS}
    total = 0
    for value, count in session.execute(sa.text(query), sql.params):
        if value is None:
            total = count
            continue
        name, _, key = value.partition(":")
        counts.setdefault(name, {})[key] = count
    return counts, total


def _page(
    session: so.Session,
    text: _Text,
    matching: _Sql,
    filters: Mapping[str, list[str]],
    request: SearchRequest,
    total: int,
) -> list[Hit]:
    start = (request.page - 1) * request.per_page
    if start >= total:
        return []
    sql = _Sql(list(matching.conditions), dict(matching.params))
    sql.conditions += _filter_sql(filters, sql)
    sql.params.update(limit=request.per_page, offset=start)
    score = "0"
    if text.match is not None and request.sort == "relevance":
        order = "exact DESC, score DESC, published DESC, slug"
        score = _score(text.match, sql)
        sql.params["exact"] = text.match.exact
        exact = "document @@ CAST(:exact AS tsquery)"
    else:
        order = ORDERS.get(request.sort, ORDERS["newest"])
        exact = "FALSE"
    query = f"""
        SELECT slug, card, "values", body, {exact} AS exact, {score} AS score
        FROM lesson_search WHERE {sql.where()}
        ORDER BY {order} LIMIT :limit OFFSET :offset
    """
    rows = session.execute(sa.text(query), sql.params).all()
    return [_hit(row, _highlights(row, text.match)) for row in rows]


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
        "body": marking.snippet(
            row.body, _matcher(match, compounds=not _has_words(row.body, match))
        ),
    }
    return {name: mark for name, mark in marks.items() if mark is not None}


def _has_words(body: str, match: Match) -> bool:
    return any(root in match.terms for root, *_ in terms(body))


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
    _plan_for_the_indexes(session)
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
