"""The facets of search: what a teacher can narrow by, and their drill-down counts.

Each facet is a lesson property with a fixed set of values (a vocabulary, the
duration and preparation buckets, or whole/part of the cycle). Several values of
one facet are OR, facets are AND, and each facet's counts apply every *other*
active filter, so a teacher sees how many lessons each further click would leave.

Each backend counts in its own engine; `facet_results` turns the counts into
what pages and the API show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from library.content.format import DEFAULT_AUDIENCE
from library.lessons.display import CyclePhase, cycle_phases, part_of_cycle
from library.lessons.models import Lesson
from library.vocab.loader import Vocabularies


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str


@dataclass(frozen=True)
class Bucket:
    key: str
    label: str
    longest: int | None  # minutes; None: no upper bound


DURATION_BUCKETS = (
    Bucket("tot-45", "45 minuten of korter", 45),
    Bucket("tot-90", "46 tot 90 minuten", 90),
    Bucket("dagdeel", "Een dagdeel (tot 4 uur)", 240),
    Bucket("langer", "Langer dan een dagdeel", None),
)
# The time a teacher has (`max_duration`), in minutes: at least this, at most the longest lesson.
SHORTEST_TIME = 5
LONGEST_LESSON = 2400
# "Een dagdeel": the longest lesson of the bucket.
DAGDEEL = next(bucket.longest for bucket in DURATION_BUCKETS if bucket.key == "dagdeel")
# Each label names the preparation: a chosen filter is shown by its label alone.
PREPARATION_BUCKETS = (
    Bucket("geen", "Geen voorbereiding", 0),
    Bucket("tot-15", "Tot 15 minuten voorbereiding", 15),
    Bucket("tot-30", "16 tot 30 minuten voorbereiding", 30),
    Bucket("langer", "Meer dan 30 minuten voorbereiding", None),
)
WHOLE_CYCLE = FacetValue("hele-cyclus", "Hele cyclus")
PART_OF_CYCLE = FacetValue("deel-cyclus", "Deel van de cyclus")


@dataclass(frozen=True)
class Facet:
    name: str  # request parameter, index field and key in the API's `facets`
    label: str  # heading of the facet in the filter list
    vocabulary: str | None = None  # where the values come from, else `buckets` or `values`
    buckets: tuple[Bucket, ...] = ()  # a lesson's minutes fall in one of these
    values: tuple[FacetValue, ...] = ()


FACETS = (
    Facet("world", "Wereld van techniek", "worlds"),
    Facet("grade", "Groep", "grades"),
    Facet("kind", "Soort les", "kinds"),
    Facet("audience", "Voor wie", "audiences"),
    Facet("duration", "Duur", buckets=DURATION_BUCKETS),
    Facet("preparation", "Voorbereiding", buckets=PREPARATION_BUCKETS),
    Facet("cycle", "Cyclus", values=(WHOLE_CYCLE, PART_OF_CYCLE)),
    Facet("phase", "Fasen in de les", "phases"),
    Facet("technology", "Technologie", "technologies"),
    Facet("goal", "Kerndoel", "goals"),
    Facet("profile", "vmbo-profiel", "profiles"),
    Facet("occupation", "Beroep", "occupations"),
    Facet("threshold", "Drempel", "thresholds"),
    Facet("location", "Locatie", "locations"),
    Facet("license", "Licentie", "licenses"),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


def facet_values(facet: Facet, vocabularies: Vocabularies) -> list[FacetValue]:
    """Every value a facet can take, in the order the vocabulary gives them."""
    if facet.buckets:
        return [FacetValue(bucket.key, bucket.label) for bucket in facet.buckets]
    if facet.vocabulary is None:
        return list(facet.values)
    if facet.vocabulary == "phases":
        seen: dict[str, FacetValue] = {}
        for cycle in vocabularies.cycles.values():
            for phase in cycle.phases:
                seen.setdefault(phase.key, FacetValue(phase.key, phase.label))
        return list(seen.values())
    return [FacetValue(term.key, term.label) for term in vocabularies[facet.vocabulary]]


def bucket_of(minutes: int | None, buckets: tuple[Bucket, ...]) -> str | None:
    if minutes is None:
        return None
    for bucket in buckets:
        if bucket.longest is None or minutes <= bucket.longest:
            return bucket.key
    return None


def cycle_value(phases: list[CyclePhase]) -> str | None:
    """Whole or part of the cycle, from the phases the lesson works out; None without any."""
    if part_of_cycle(phases):
        return PART_OF_CYCLE.key
    return WHOLE_CYCLE.key if any(phase.covered for phase in phases) else None


def lesson_facet_values(lesson: Lesson, vocabularies: Vocabularies) -> dict[str, list[str]]:
    """The lesson's value(s) for every facet, as the index stores them."""
    revision = lesson.current_revision
    meta = revision.metadata_
    phases = list(dict.fromkeys(s.phase for s in revision.sections if s.phase))
    single = {
        "kind": lesson.kind,
        "audience": meta.get("audience", DEFAULT_AUDIENCE),
        "threshold": lesson.threshold,
        "location": lesson.location,
        "license": lesson.license,
        "duration": bucket_of(lesson.duration, DURATION_BUCKETS),
        "preparation": bucket_of(meta.get("preparation_minutes"), PREPARATION_BUCKETS),
        "cycle": cycle_value(cycle_phases(revision, vocabularies)),
    }
    values = {name: [value] if value else [] for name, value in single.items()}
    values["phase"] = phases
    for facet in FACETS:
        if facet.name not in values:
            values[facet.name] = list(meta.get(facet.vocabulary, []))
    return values


@dataclass(frozen=True)
class FacetCount:
    key: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetResult:
    name: str
    label: str
    counts: tuple[FacetCount, ...]

    @property
    def selected(self) -> list[FacetCount]:
        return [count for count in self.counts if count.selected]

    def display_order(self, shown: int) -> list[FacetCount]:
        """A short list in the vocabulary's order; a long one with the most lessons first."""
        if len(self.counts) <= shown:
            return list(self.counts)
        return sorted(self.counts, key=lambda count: -count.count)


def facet_results(
    counts: Mapping[str, Mapping[str, int]],
    selected: Mapping[str, tuple[str, ...]],
    vocabularies: Vocabularies,
) -> list[FacetResult]:
    """The facets as a page shows them, from a backend's drill-down counts.

    `counts[facet][value]` is how many matches the value would leave, with every
    *other* facet's filter applied. Values with no lessons are left out unless
    selected, so a teacher can always see (and undo) what narrowed the list.
    """
    results = []
    for facet in FACETS:
        chosen = selected.get(facet.name, ())
        found = counts.get(facet.name, {})
        values = []
        for value in facet_values(facet, vocabularies):
            count = found.get(value.key, 0)
            if count or value.key in chosen:
                values.append(FacetCount(value.key, value.label, count, value.key in chosen))
        results.append(FacetResult(facet.name, facet.label, tuple(values)))
    return results
