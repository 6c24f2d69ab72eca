"""Compare two revisions the way a teacher reads a lesson: metadata field by field,
sections matched by phase (or heading), and word by word within a section."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from library.content.format import FIELDS, SectionDocument
from library.lessons.models import Revision, Section
from library.vocab.loader import Vocabularies

TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

FIELD_LABELS = {
    "title": "Titel", "summary": "Samenvatting", "kind": "Soort les", "worlds": "Werelden",
    "grades": "Groepen", "goals": "Kerndoelen", "skills": "Vaardigheden",
    "duration": "Duur (minuten)",
    "group_size": "Groepsgrootte", "threshold": "Drempel", "location": "Locatie",
    "technologies": "Technologie", "profiles": "vmbo-profielen", "occupations": "Beroepen",
    "materials": "Materialen", "preparation": "Voorbereiding", "tags": "Trefwoorden",
    "license": "Licentie", "authors": "Makers", "organisation": "Organisatie", "region": "Regio",
    "forked_from": "Gebaseerd op", "attachments": "Bijlagen",
}  # fmt: skip
VOCABULARY_OF_FIELD = {f.name: f.vocabulary for f in FIELDS if f.vocabulary}
IGNORED_FIELDS = {"slug"}


@dataclass(frozen=True)
class Piece:
    """A run of text that is unchanged ("equal"), added ("insert") or removed ("delete")."""

    op: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass
class SectionChange:
    key: str
    heading: str
    status: str  # "added", "removed", "changed" or "unchanged"
    pieces: list[Piece] = field(default_factory=list)
    old_markdown: str = ""
    new_markdown: str = ""

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


@dataclass
class RevisionDiff:
    fields: list[FieldChange]
    sections: list[SectionChange]

    @property
    def has_changes(self) -> bool:
        return bool(self.fields) or any(s.changed for s in self.sections)


def word_diff(old: str, new: str) -> list[Piece]:
    """Word-level differences, merged into runs so the result reads as text."""
    a, b = TOKEN_RE.findall(old), TOKEN_RE.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            pieces.append(Piece("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(Piece("insert", "".join(b[j1:j2])))
        if tag == "equal":
            pieces.append(Piece("equal", "".join(a[i1:i2])))
    return _merge(pieces)


def _merge(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if merged and merged[-1].op == piece.op:
            merged[-1] = Piece(piece.op, merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged


def _display(name: str, value: Any, vocabularies: Vocabularies) -> str:
    if value is None or value == []:
        return ""
    vocabulary = VOCABULARY_OF_FIELD.get(name)
    if name == "kind":
        return vocabularies.kinds.label_of(value)
    if vocabulary and vocabulary in vocabularies.by_name:
        labels = vocabularies[vocabulary]
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.label_of(v) for v in values)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def diff_metadata(
    old: dict[str, Any], new: dict[str, Any], vocabularies: Vocabularies
) -> list[FieldChange]:
    names = [f.name for f in FIELDS] + sorted({*old, *new} - {f.name for f in FIELDS})
    changes = []
    for name in names:
        if name in IGNORED_FIELDS or old.get(name) == new.get(name):
            continue
        changes.append(
            FieldChange(
                name=name,
                label=FIELD_LABELS.get(name, name),
                old=_display(name, old.get(name), vocabularies),
                new=_display(name, new.get(name), vocabularies),
            )
        )
    return changes


def section_key(section: Section | SectionDocument) -> str:
    """Sections are matched by phase, else by heading (case and spacing ignored)."""
    return (
        f"phase:{section.phase}"
        if section.phase
        else "heading:" + " ".join(section.heading.lower().split())
    )


INTRO_KEY = "intro"


def section_texts(revision: Revision) -> list[tuple[str, str, str]]:
    rows = [(INTRO_KEY, "Inleiding", revision.intro_markdown)] if revision.intro_markdown else []
    return rows + [(section_key(s), s.heading, s.markdown) for s in revision.sections]


def diff_sections(old: Revision, new: Revision) -> list[SectionChange]:
    old_rows = {key: (heading, text) for key, heading, text in section_texts(old)}
    changes: list[SectionChange] = []
    seen: set[str] = set()
    for key, heading, text in section_texts(new):
        seen.add(key)
        if key not in old_rows:
            changes.append(SectionChange(key, heading, "added", [Piece("insert", text)], "", text))
            continue
        old_text = old_rows[key][1]
        status = "unchanged" if old_text == text else "changed"
        pieces = [Piece("equal", text)] if status == "unchanged" else word_diff(old_text, text)
        changes.append(SectionChange(key, heading, status, pieces, old_text, text))
    for key, heading, text in section_texts(old):
        if key not in seen:
            changes.append(
                SectionChange(key, heading, "removed", [Piece("delete", text)], text, "")
            )
    return changes


def diff_revisions(old: Revision, new: Revision, vocabularies: Vocabularies) -> RevisionDiff:
    return RevisionDiff(
        fields=diff_metadata(old.metadata_, new.metadata_, vocabularies),
        sections=diff_sections(old, new),
    )
