"""A search as asked for: words, filters, sorting and a page, read from request arguments.

Pages and the API read their arguments here; a request that cannot be searched
raises `SearchError` with a message in Dutch that says what to change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from library.search.facets import DURATION_BUCKETS, FACETS, FACETS_BY_NAME, facet_values
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
LONGEST_LESSON = 2400
# "Hoeveel tijd heb je?": the answers a teacher gives, as the longest lesson that fits.
DAGDEEL = next(bucket.longest for bucket in DURATION_BUCKETS if bucket.key == "dagdeel")
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
    args, vocabularies: Vocabularies, per_page: int, strict: bool = False
) -> SearchRequest:
    """Read a search from request arguments; raise SearchError with a Dutch message.

    `strict` (the API) refuses parameters it does not know; pages ignore them.
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
    return SearchRequest(
        query=parse(args.get("q") or ""),
        filters=filters,
        max_duration=_whole_number(args, "max_duration", None, 5, LONGEST_LESSON),
        sort=sort,
        page=_whole_number(args, "page", 1, 1, MAX_PAGE),
        per_page=_whole_number(args, "per_page", per_page, 1, MAX_PER_PAGE),
    )


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
