"""A search as asked for: words, filters, sorting and a page, read from request arguments.

Pages and the API read their arguments here; a request that cannot be searched
raises `SearchError` with a message in Dutch that says what to change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from library.search.facets import (
    DAGDEEL,
    FACETS,
    FACETS_BY_NAME,
    LONGEST_LESSON,
    SHORTEST_TIME,
    facet_values,
)
from library.search.intent import understood_filters
from library.search.query import ParsedQuery, SearchError, parse
from library.vocab.loader import Vocabularies

SORTS = {
    "relevance": "Meest passend",
    "newest": "Nieuwste eerst",
    "shortest": "Kortste eerst",
    "preparation": "Minste voorbereiding",
    "rating": "Best beoordeeld",
}
MAX_PER_PAGE = 100
MAX_PAGE = 1000
# "Hoeveel tijd heb je?": the answers a teacher gives, as the longest lesson that fits.
TIME_CHOICES = (
    (45, "45 minuten"),
    (60, "een uur"),
    (90, "anderhalf uur"),
    (DAGDEEL, "een dagdeel"),
)
PARAMETERS = frozenset(
    {"q", "sort", "page", "per_page", "max_duration", *(facet.name for facet in FACETS)}
)


@dataclass(frozen=True)
class SearchRequest:
    query: ParsedQuery = field(default_factory=lambda: parse(""))
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    max_duration: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    # Words of the query read as filters (the page's searches only), and the search that
    # takes them as words instead.
    understood: tuple[str, ...] = ()
    literal: SearchRequest | None = None

    def args(self, **changes: Any) -> dict[str, Any]:
        """URL parameters for this request with some changed (None leaves one out)."""
        args: dict[str, Any] = {
            "q": self.query.text or None,
            **{name: list(values) for name, values in self.filters.items()},
            "max_duration": self.max_duration,
            "sort": self.sort if self.sort != "relevance" else None,
            "page": self.page if self.page != 1 else None,
        }
        args.update(changes)
        return {name: value for name, value in args.items() if value not in (None, [], "")}

    def unfiltered(self) -> dict[str, Any]:
        """URL parameters for the same words and sorting without any filter."""
        return self.args(**{facet.name: None for facet in FACETS}, max_duration=None, page=None)

    @property
    def filter_count(self) -> int:
        """How many filters narrow the list: every chosen facet value and a time limit."""
        chosen = sum(len(values) for values in self.filters.values())
        return chosen + (self.max_duration is not None)

    def with_time(self, minutes: int) -> dict[str, Any]:
        """URL parameters for lessons of at most these minutes; without the limit if it is set."""
        limit = None if self.max_duration == minutes else minutes
        return self.args(max_duration=limit, page=None)

    def toggled(self, facet: str, key: str) -> dict[str, Any]:
        """URL parameters with one facet value switched on or off, back on page 1."""
        values = list(self.filters.get(facet, ()))
        values = [v for v in values if v != key] if key in values else [*values, key]
        return self.args(**{facet: values, "page": None})


def parse_request(
    args, vocabularies: Vocabularies, per_page: int, strict: bool = False, understand: bool = False
) -> SearchRequest:
    """Read a search from request arguments; raise SearchError with a Dutch message.

    `strict` (the API) refuses parameters it does not know; pages ignore them.
    `understand` (the pages) reads words of the query that name a grade group or a time
    as those filters (see `library.search.intent`); the API takes every word as a word.
    """
    if strict:
        unknown = sorted(set(args) - PARAMETERS)
        if unknown:
            raise SearchError(f"Onbekende parameter(s): {', '.join(unknown)}.")
    filters = {}
    for facet in FACETS:
        chosen = _facet_choice(facet.name, args.getlist(facet.name), vocabularies)
        if chosen:
            filters[facet.name] = chosen
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        raise SearchError(f"Onbekende sortering '{sort}'. Kies uit: {', '.join(SORTS)}.")
    literal = SearchRequest(
        query=parse(args.get("q") or ""),
        filters=filters,
        max_duration=_whole_number(args, "max_duration", None, SHORTEST_TIME, LONGEST_LESSON),
        sort=sort,
        page=_whole_number(args, "page", 1, 1, MAX_PAGE),
        per_page=_whole_number(args, "per_page", per_page, 1, MAX_PER_PAGE),
    )
    return _understood(literal, vocabularies) if understand else literal


def _understood(literal: SearchRequest, vocabularies: Vocabularies) -> SearchRequest:
    """The search with the words that name filters read as them.

    Groups named in the words join those chosen (several groups are OR); a time in the
    words replaces one chosen, since a search has one time limit and the words came last
    (the search form sends the filters already chosen along with what was typed).
    """
    understood = understood_filters(literal.query.text, vocabularies)
    if not understood.phrases:
        return literal
    chosen = literal.filters.get("grade", ())
    grades = (*chosen, *(key for key in understood.grades if key not in chosen))
    filters = {**literal.filters, "grade": grades} if grades else dict(literal.filters)
    return replace(
        literal,
        query=parse(understood.text),
        filters={facet.name: filters[facet.name] for facet in FACETS if facet.name in filters},
        max_duration=understood.max_duration or literal.max_duration,
        understood=understood.phrases,
        literal=_quoted(literal, understood.literal),
    )


def _quoted(literal: SearchRequest, text: str) -> SearchRequest | None:
    """The search with the words read as filters in quotes; None if the quotes make it too long."""
    try:
        return replace(literal, query=parse(text))
    except SearchError:
        return None


def _facet_choice(name: str, values: list[str], vocabularies: Vocabularies) -> tuple[str, ...]:
    facet = FACETS_BY_NAME[name]
    allowed = {value.key for value in facet_values(facet, vocabularies)}
    chosen: list[str] = []
    for value in values:
        if value not in allowed:
            vocabulary = vocabularies.by_name.get(facet.vocabulary or "")
            close = vocabulary.suggest(value) if vocabulary else []
            hint = ", ".join(close or sorted(allowed))
            raise SearchError(f"Onbekende waarde '{value[:40]}' voor {name}. Kies uit: {hint}.")
        if value not in chosen:
            chosen.append(value)
    return tuple(chosen)


def _whole_number(args, name: str, default: int | None, low: int, high: int) -> int | None:
    raw = args.get(name)
    if raw in (None, ""):
        return default
    try:
        number = int(raw)
    except ValueError:
        raise SearchError(f"{name} moet een heel getal zijn.") from None
    if not low <= number <= high:
        raise SearchError(f"{name} moet tussen {low} en {high} liggen.")
    return number
