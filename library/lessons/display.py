"""How a lesson is shown: what its page needs, free sections kept in place, phases in cycle
order, the quick look at its top and the drawing of its cycle."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from library.lessons import lineage
from library.lessons.models import Lesson, Revision, Section
from library.printing.blocks import Text, plain
from library.printing.html import html_blocks
from library.vocab.loader import Vocabularies, get_vocabularies

# The time line a phase section starts with, by the lesson format's habit: `*Duur: 10 minuten*`.
# Anchored and bounded, so it reads a few characters of any section.
PHASE_MINUTES_RE = re.compile(r"\s{0,20}[*_]Duur: {0,3}(\d{1,4}) minuten")


@dataclass(frozen=True)
class CyclePhase:
    key: str
    label: str
    covered: bool
    anchor: str | None
    description: str = ""  # what happens in the phase, in one line
    minutes: int | None = None  # the phase's time in this lesson, when its text gives it


def ordered_sections(revision: Revision, vocabularies: Vocabularies) -> list[Section]:
    """Sections for reading: leading free sections, then each phase (with the free sections
    that follow it in the file) in the order of the cycle."""
    cycle = vocabularies.cycles[revision.metadata_["kind"]]
    order = {phase.key: phase.position for phase in cycle.phases}
    leading: list[Section] = []
    blocks: list[list[Section]] = []
    for section in revision.sections:
        if section.phase:
            blocks.append([section])
        elif blocks:
            blocks[-1].append(section)
        else:
            leading.append(section)
    blocks.sort(key=lambda block: order.get(block[0].phase, len(order)))
    return leading + [section for block in blocks for section in block]


def phase_anchor(phase: str) -> str:
    return f"fase-{phase}"


def section_anchor(section: Section) -> str:
    return phase_anchor(section.phase) if section.phase else f"deel-{section.position + 1}"


def phase_minutes(markdown: str) -> int | None:
    """The minutes a phase section's opening `*Duur: N minuten*` line gives, if it has one."""
    match = PHASE_MINUTES_RE.match(markdown)
    return int(match[1]) if match else None


def cycle_phases(revision: Revision, vocabularies: Vocabularies) -> list[CyclePhase]:
    """The seven phases of the lesson's cycle, marking the ones this lesson works out."""
    cycle = vocabularies.cycles[revision.metadata_["kind"]]
    worked_out = {s.phase: s for s in reversed(revision.sections) if s.phase}
    return [
        CyclePhase(
            phase.key,
            phase.label,
            phase.key in worked_out,
            section_anchor(worked_out[phase.key]) if phase.key in worked_out else None,
            phase.description,
            phase_minutes(worked_out[phase.key].markdown) if phase.key in worked_out else None,
        )
        for phase in cycle.phases
    ]


def part_of_cycle(phases: list[CyclePhase]) -> list[str]:
    """The labels of the phases a lesson works out when it works out some of its cycle's
    phases but not all (a short "verkennen" lesson); empty for the whole cycle or none."""
    covered = [phase.label for phase in phases if phase.covered]
    return covered if 0 < len(covered) < len(phases) else []


def minutes_text(minutes: int | None) -> str:
    """`90` -> `1 uur en 30 minuten`: how a teacher says a duration."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} uur")
    if rest:
        parts.append(f"{rest} minuten" if rest != 1 else "1 minuut")
    return " en ".join(parts)


@dataclass(frozen=True)
class QuickFact:
    """One line of "In één oogopslag": what a teacher checks before choosing a lesson."""

    label: str
    value: str
    note: str = ""  # what the fact means, for whoever does not know the word
    anchor: str | None = None  # where the lesson page works the fact out


THRESHOLD_NOTE = "De drempel zegt hoeveel techniekkennis jij als leerkracht nodig hebt."


def quick_look(lesson: Lesson, revision: Revision, vocabularies: Vocabularies) -> list[QuickFact]:
    """TeachEngineering's "quick look", in Dutch: only what the lesson's file says.

    Safety has no key in the lesson format yet, so it is not shown rather than guessed.
    """
    meta = revision.metadata_
    facts = []
    if lesson.duration:
        facts.append(QuickFact("Duur", minutes_text(lesson.duration)))
    grades = ", ".join(vocabularies.grades.label_of(key) for key in meta.get("grades", []))
    facts.append(QuickFact("Groepen", grades))
    if lesson.group_size:
        size = lesson.group_size
        text = "ieder kind werkt alleen" if size == 1 else f"{size} leerlingen per groepje"
        facts.append(QuickFact("Groepjes", text))
    threshold = vocabularies.thresholds.get(lesson.threshold or "")
    if threshold:
        value = f"{threshold.label}: {threshold.description}"
        facts.append(QuickFact("Drempel", value, note=THRESHOLD_NOTE))
    if meta.get("preparation_minutes") is not None:
        prepared = minutes_text(meta["preparation_minutes"]) or "geen"
        where = "voorbereiding" if revision.preparation_html else None
        facts.append(QuickFact("Voorbereiding", prepared, anchor=where))
    if meta.get("materials"):
        count = len(meta["materials"])
        text = f"{count} {'ding' if count == 1 else 'dingen'} op de lijst"
        facts.append(QuickFact("Materialen", text, anchor="materialen"))
    count = len(revision.attachments)
    files = f"{count} {'bestand' if count == 1 else 'bestanden'}" if count else "geen"
    facts.append(QuickFact("Werkbladen", files, anchor="werkbladen" if count else None))
    return facts


@dataclass(frozen=True)
class CycleDiagram:
    """The drawing of a cycle: each phase a numbered circle on a ring, arrows between."""

    nodes: list[tuple[CyclePhase, float, float]]  # phase, centre x, centre y
    arcs: list[str]  # SVG path data, from each phase to the next
    size: int = 240
    node_radius: int = 19


def cycle_diagram(phases: list[CyclePhase]) -> CycleDiagram:
    """Where the phases of a cycle stand in its drawing, clockwise from the top."""
    size, node, ring = 240, 19, 92
    centre = size / 2
    angles = [2 * math.pi * index / len(phases) for index in range(len(phases))]

    def point(angle: float) -> tuple[float, float]:
        return round(centre + ring * math.sin(angle), 1), round(centre - ring * math.cos(angle), 1)

    gap = (node + 5) / ring  # leave the circles (and the arrow's head) clear
    arcs = []
    for angle in angles:
        (x1, y1), (x2, y2) = point(angle + gap), point(angle + 2 * math.pi / len(phases) - gap)
        arcs.append(f"M{x1} {y1} A{ring} {ring} 0 0 1 {x2} {y2}")
    nodes = [(phase, *point(angle)) for phase, angle in zip(phases, angles, strict=True)]
    return CycleDiagram(nodes, arcs, size, node)


def lesson_page(lesson: Lesson, revision: Revision, *, saved: bool = True) -> dict:
    """What `lessons/show.html` needs to show a revision of a lesson.

    `saved=False` is for a lesson that is not in the database (an editor preview,
    an older version): it has no forks to count.
    """
    vocabularies = get_vocabularies()
    cycle = cycle_phases(revision, vocabularies)
    return dict(
        lesson=lesson,
        revision=revision,
        meta=revision.metadata_,
        quick_look=quick_look(lesson, revision, vocabularies),
        sections=ordered_sections(revision, vocabularies),
        cycle=cycle,
        diagram=cycle_diagram(cycle),
        anchor=section_anchor,
        license=vocabularies.licenses.get(lesson.license),
        forks=lineage.published_forks(lesson) if saved else [],
        fork_count=lineage.fork_count(lesson) if saved else 0,
        sources=lineage.ancestors(lesson) if saved else [],
        saved=saved,
    )


EXCERPT_LENGTH = 240  # characters of a phase text the O&O page quotes


@dataclass(frozen=True)
class PhaseExample:
    """A lesson that works a phase out well, quoted from its phase text."""

    slug: str
    title: str
    grades: list[str]
    anchor: str
    minutes: int | None
    excerpt: str


@dataclass(frozen=True)
class ExplainedCycle:
    """A cycle for the O&O page: its phases, its drawing and examples of each phase."""

    key: str
    label: str
    phases: list[CyclePhase]
    diagram: CycleDiagram
    examples: dict[str, list[PhaseExample]]
    source: str  # where the model comes from


def excerpt(html: str, length: int = EXCERPT_LENGTH) -> str:
    """The opening words of a phase text, without its time line, cut at a word."""
    words: list[str] = []
    for block in html_blocks(html):
        text = plain(block.runs) if isinstance(block, Text) else ""
        if text and not text.startswith("Duur:"):
            words += text.split()
        if sum(len(word) + 1 for word in words) > length:
            break
    text = " ".join(words)
    if len(text) <= length:
        return text
    return text[: text.rfind(" ", 0, length)].rstrip(",;:") + " …"


def explained_cycles(examples: list, vocabularies: Vocabularies) -> list[ExplainedCycle]:
    """Both cycles with every phase explained, and the given examples (rows of
    `queries.longest_phase_sections`) under their cycle and phase."""
    found: dict[tuple[str, str], list[PhaseExample]] = {}
    for row in examples:
        found.setdefault((row.kind, row.phase), []).append(
            PhaseExample(
                row.slug,
                row.title,
                [vocabularies.grades.label_of(key) for key in row.metadata.get("grades", [])],
                phase_anchor(row.phase),
                phase_minutes(row.markdown),
                excerpt(row.html),
            )
        )
    explained = []
    for key, cycle in vocabularies.cycles.items():
        phases = [
            CyclePhase(p.key, p.label, True, phase_anchor(p.key), p.description)
            for p in cycle.phases
        ]
        by_phase = {phase.key: found.get((key, phase.key), []) for phase in phases}
        diagram = cycle_diagram(phases)
        explained.append(
            ExplainedCycle(key, cycle.label, phases, diagram, by_phase, cycle.phases.source)
        )
    return explained
