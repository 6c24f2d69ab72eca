"""What a search answers, whichever backend ran it: the hits of one page, facets, a suggestion."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from library.search.facets import FacetCount, FacetResult
from library.search.request import SORTS, SearchRequest


@dataclass(frozen=True)
class Hit:
    slug: str
    title: str
    summary: str
    kind: str
    worlds: list[str]
    grades: list[str]
    goals: list[str]
    duration: int | None
    threshold: str | None = None  # how much technical know-how it asks of the teacher
    # The phases worked out, when the lesson works out only part of its cycle.
    cycle_part: list[str] = field(default_factory=list)
    # The lesson's cover image (an attachment's name) and its alt text, if it has one.
    cover: str | None = None
    cover_alt: str | None = None
    highlights: dict[str, Markup] = field(default_factory=dict)


def card_hit(
    slug: str, card: dict[str, Any], values: dict[str, list[str]], highlights: dict[str, Markup]
) -> Hit:
    """A hit from what an index stores of a lesson: its card and its facet values."""
    return Hit(
        slug=slug,
        title=card["title"],
        summary=card["summary"],
        kind=card["kind"],
        worlds=card["worlds"],
        grades=card["grades"],
        goals=card["goals"],
        duration=card["duration"],
        # The facet values hold it already: cards need no field of their own for it.
        threshold=next(iter(values.get("threshold", [])), None),
        cycle_part=card["cycle_part"],
        # An index written before covers existed has none until it is rebuilt.
        cover=card.get("cover"),
        cover_alt=card.get("cover_alt"),
        highlights=highlights,
    )


@dataclass(frozen=True)
class SearchResult:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: list[FacetResult]
    suggestion: str | None = None
    any_word: bool = False  # no lesson had every word; these have some of them

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))

    def page_numbers(self, around: int = 2) -> list[int | None]:
        """Pages to link to: the first, the last and a few around the current one; None is a gap."""
        current, last = self.request.page, self.pages
        wanted = {1, last, *range(current - around, current + around + 1)}
        numbers: list[int | None] = []
        for number in sorted(n for n in wanted if 1 <= n <= last):
            if numbers and number - (numbers[-1] or 0) > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers

    @property
    def sort_options(self) -> list[tuple[str, str, bool]]:
        """(key, label, active) per way of sorting; without words relevance means newest."""
        has_words = self.request.query.has_words
        current = self.request.sort
        if not has_words and current == "relevance":
            current = "newest"
        return [
            (key, label, key == current)
            for key, label in SORTS.items()
            if has_words or key != "relevance"
        ]

    @property
    def chosen(self) -> list[tuple[FacetResult, FacetCount]]:
        """Every selected facet value, with its facet."""
        return [(facet, value) for facet in self.facets for value in facet.selected]

    def facet_counts(self) -> dict[str, dict[str, int]]:
        return {f.name: {count.key: count.count for count in f.counts} for f in self.facets}
