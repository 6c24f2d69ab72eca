"""How a lesson is shown: what its page needs, free sections kept in place, phases in cycle
order."""

from __future__ import annotations

from dataclasses import dataclass

from library.lessons import lineage
from library.lessons.models import Lesson, Revision, Section
from library.vocab.loader import Vocabularies, get_vocabularies


@dataclass(frozen=True)
class CyclePhase:
    key: str
    label: str
    covered: bool
    anchor: str | None


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


def section_anchor(section: Section) -> str:
    return f"fase-{section.phase}" if section.phase else f"deel-{section.position + 1}"


def cycle_phases(revision: Revision, vocabularies: Vocabularies) -> list[CyclePhase]:
    """The seven phases of the lesson's cycle, marking the ones this lesson works out."""
    cycle = vocabularies.cycles[revision.metadata_["kind"]]
    anchors = {s.phase: section_anchor(s) for s in revision.sections if s.phase}
    return [
        CyclePhase(phase.key, phase.label, phase.key in anchors, anchors.get(phase.key))
        for phase in cycle.phases
    ]


def part_of_cycle(phases: list[CyclePhase]) -> list[str]:
    """The labels of the phases a lesson works out when it works out some of its cycle's
    phases but not all (a short "verkennen" lesson); empty for the whole cycle or none."""
    covered = [phase.label for phase in phases if phase.covered]
    return covered if 0 < len(covered) < len(phases) else []


def lesson_page(lesson: Lesson, revision: Revision, *, saved: bool = True) -> dict:
    """What `lessons/show.html` needs to show a revision of a lesson.

    `saved=False` is for a lesson that is not in the database (an editor preview,
    an older version): it has no forks to count.
    """
    vocabularies = get_vocabularies()
    return dict(
        lesson=lesson,
        revision=revision,
        meta=revision.metadata_,
        sections=ordered_sections(revision, vocabularies),
        cycle=cycle_phases(revision, vocabularies),
        anchor=section_anchor,
        license=vocabularies.licenses.get(lesson.license),
        forks=lineage.published_forks(lesson) if saved else [],
        fork_count=lineage.fork_count(lesson) if saved else 0,
        sources=lineage.ancestors(lesson) if saved else [],
        saved=saved,
    )
