"""What every exchange format says about a lesson, computed once here: its addresses,
keywords, duration, licence and the SLO terms it is classified with.

Dublin Core, NL-LOM and schema.org each spell these differently; the facts are the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from flask import url_for

from library.content.format import HARVEST_ORIGIN
from library.lessons.lineage import Source, known_source
from library.lessons.models import Lesson
from library.vocab.loader import Term, Vocabularies

NL_LOM_FILE = Path(__file__).parent / "data" / "nl_lom.yaml"


@cache
def nl_lom() -> dict[str, Any]:
    """The NL-LOM profile settings (vocabulary sources, mappings); read once."""
    return yaml.safe_load(NL_LOM_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SloTerm:
    """A term of ours that has an identifier in SLO's begrippenkader."""

    uuid: str
    label: str


def metadata(lesson: Lesson) -> dict[str, Any]:
    return lesson.current_revision.metadata_


def lesson_url(lesson: Lesson) -> str:
    return url_for("lessons.show", slug=lesson.slug, _external=True)


def package_url(lesson: Lesson) -> str:
    """The lesson's ZIP (lesson file and attachments): what another installation imports."""
    return url_for("downloads.download", slug=lesson.slug, _external=True)


def iso_duration(minutes: int | None) -> str | None:
    """`90` -> `PT1H30M` (ISO 8601), as LOM and schema.org want a duration."""
    if not minutes:
        return None
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "")


def keywords(lesson: Lesson, vocabularies: Vocabularies) -> list[str]:
    """Search words for catalogues: worlds, technologies, occupations, then the free tags."""
    meta = metadata(lesson)
    words: list[str] = []
    for vocabulary in ("worlds", "technologies", "occupations"):
        words += [vocabularies[vocabulary].label_of(key) for key in meta.get(vocabulary, [])]
    words += meta.get("tags", [])
    return list(dict.fromkeys(words))


def terms(lesson: Lesson, vocabulary: str, vocabularies: Vocabularies) -> list[Term]:
    """The lesson's terms of one vocabulary, in the order the maker gave them."""
    known = vocabularies[vocabulary]
    return [known.get(key) for key in metadata(lesson).get(vocabulary, []) if key in known]


def slo_term(term: Term) -> SloTerm | None:
    """The term as SLO identifies it, when it has an SLO identifier."""
    return SloTerm(term.get("slo_uuid"), term.label) if term.get("slo_uuid") else None


def slo_terms(lesson: Lesson, vocabulary: str, vocabularies: Vocabularies) -> list[SloTerm]:
    """The lesson's grades or goals that SLO identifies."""
    found = (slo_term(term) for term in terms(lesson, vocabulary, vocabularies))
    return [term for term in found if term is not None]


def contexts(lesson: Lesson, vocabularies: Vocabularies) -> list[str]:
    """Educational contexts (`PO`, `VO`) of the lesson's grade groups, each once."""
    grades = vocabularies.grades
    found = [grades.get(key).get("context") for key in metadata(lesson).get("grades", [])]
    return list(dict.fromkeys(context for context in found if context))


def license_url(lesson: Lesson, vocabularies: Vocabularies) -> str | None:
    """The licence's own URL; our data links the Dutch deed, `<licence>/deed.nl`."""
    term = vocabularies.licenses.get(lesson.license)
    if term is None or not term.get("url"):
        return None
    return term.get("url").removesuffix("deed.nl")


def source_lesson(lesson: Lesson) -> Source | None:
    """The published lesson here that this one adapts (its `forked_from`), if any, as
    the published revision it was adapted from."""
    source = known_source(lesson)
    return source if source is not None and source.linked else None


def harvest_origin(lesson: Lesson) -> dict[str, str] | None:
    """Where a harvested lesson comes from (`repository`, `identifier`, `url`, `revision`);
    None for every other lesson."""
    return (metadata(lesson).get(HARVEST_ORIGIN) or {}) if lesson.harvest_source else None


def harvested() -> sa.ColumnElement[bool]:
    """SQL for `harvest_origin(lesson) is not None`."""
    return Lesson.harvest_source.is_not(None)
