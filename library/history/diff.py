"""Compare two revisions the way a teacher reads a lesson: metadata field by field,
sections matched by phase (or heading), line by line within a section and word by word
within the lines that changed, all within a budget of work (`history.edits`).

Only what a reader would call a change is one: lists of terms (worlds, grades, kerndoelen,
profiles, occupations...), tags and attachments are compared as sets, so the same items
in another order are no change; the preparation is a text like the sections (compared
line by line, not struck out whole); line endings are not text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from library.content.format import FIELDS, FIELDS_BY_NAME, SectionDocument, unix_lines
from library.history.edits import Budget, opcodes
from library.lessons.models import Revision, Section
from library.vocab.loader import Vocabularies

TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
# Steps of comparison work (see history.edits): a whole page, one section, one run of
# changed lines. A section over its share is shown as replaced; a run of lines over its
# share is shown line by line. The worst case of a page takes under 0.2 s here.
PAGE_STEPS = 600_000
SECTION_STEPS = 200_000
LINES_STEPS = 100_000

# The slug is the page's address; `forked_from` is the lineage the pages tell in words
# ("Gebaseerd op", "de versie waar je van uitging"), never as `slug@n` in a table.
IGNORED_FIELDS = {"slug", "forked_from"}
# Lists whose order means nothing to a reader; the other lists (materials, makers,
# sentence starters, the word list) keep the order their maker gave.
UNORDERED_KINDS = {"terms"}
UNORDERED_FIELDS = {"tags", "attachments"}
# Markdown fields compared as texts among the sections, not as a row of the table.
TEXT_FIELDS = tuple(f for f in FIELDS if f.markdown)


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
    # Each side as pieces: a set field's kept items stay plain ("equal"), only what went
    # ("delete") or came ("insert") is marked; any other field is marked whole.
    old_pieces: tuple[Piece, ...] = ()
    new_pieces: tuple[Piece, ...] = ()


@dataclass
class SectionChange:
    key: str
    heading: str
    status: str  # "added", "removed", "changed" or "unchanged"
    pieces: list[Piece] = field(default_factory=list)
    # Nothing kept (or too different to compare within the budget): the old text, then the new.
    replaced: bool = False

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


def text_diff(old: str, new: str, budget: Budget) -> list[Piece] | None:
    """Differences line by line, then word by word inside the lines that changed, merged
    into runs so the result reads as text; None when that costs more than the budget."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    ops = opcodes(old_lines, new_lines, budget)
    if ops is None:
        return None
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in ops:
        before, after = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if tag == "replace":
            pieces.extend(_word_diff(before, after, budget.part(LINES_STEPS)))
        else:
            pieces.extend(_pieces(tag, before, after))
    return _merge(pieces)


def _word_diff(old: str, new: str, budget: Budget) -> list[Piece]:
    """Word-level differences of changed lines; over budget, the old lines replaced by the new."""
    a, b = TOKEN_RE.findall(old), TOKEN_RE.findall(new)
    ops = opcodes(a, b, budget)
    if ops is None:
        return _pieces("replace", old, new)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in ops:
        pieces.extend(_pieces(tag, "".join(a[i1:i2]), "".join(b[j1:j2])))
    return pieces


def _pieces(tag: str, before: str, after: str) -> list[Piece]:
    if tag == "equal":
        return [Piece("equal", before)]
    return [Piece(op, text) for op, text in (("delete", before), ("insert", after)) if text]


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
    spec = FIELDS_BY_NAME.get(name)  # None for an `x-` key
    if spec and spec.vocabulary in vocabularies.by_name:
        labels = vocabularies[spec.vocabulary]
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.label_of(v) for v in values)
    if spec and spec.kind == "glossary":
        # Explanations hold commas: entries are set apart by semicolons.
        return "; ".join(f"{entry['word']}: {entry['meaning']}" for entry in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _unordered(name: str) -> bool:
    spec = FIELDS_BY_NAME.get(name)
    return name in UNORDERED_FIELDS or (spec is not None and spec.kind in UNORDERED_KINDS)


def _same(name: str, old: Any, new: Any) -> bool:
    if _unordered(name) and isinstance(old, list) and isinstance(new, list):
        return set(old) == set(new)
    return old == new


def _set_pieces(name: str, values: list, other: list, op: str, vocabularies) -> tuple[Piece, ...]:
    """One side of a set field: every item, those missing on the other side marked `op`."""
    others = set(other)
    pieces: list[Piece] = []
    for value in values:
        if pieces:
            pieces.append(Piece("equal", ", "))
        text = _display(name, [value], vocabularies)
        pieces.append(Piece("equal" if value in others else op, text))
    return tuple(pieces)


def _field_change(name: str, old: Any, new: Any, vocabularies: Vocabularies) -> FieldChange:
    old_text, new_text = _display(name, old, vocabularies), _display(name, new, vocabularies)
    if _unordered(name) and isinstance(old, list) and isinstance(new, list):
        old_pieces = _set_pieces(name, old, new, "delete", vocabularies)
        new_pieces = _set_pieces(name, new, old, "insert", vocabularies)
    else:
        old_pieces = (Piece("delete", old_text),) if old_text else ()
        new_pieces = (Piece("insert", new_text),) if new_text else ()
    return FieldChange(
        name=name,
        # An `x-` key has no name but its own.
        label=FIELDS_BY_NAME[name].label if name in FIELDS_BY_NAME else name,
        old=old_text,
        new=new_text,
        old_pieces=old_pieces,
        new_pieces=new_pieces,
    )


def diff_metadata(
    old: dict[str, Any], new: dict[str, Any], vocabularies: Vocabularies
) -> list[FieldChange]:
    names = [f.name for f in FIELDS] + sorted({*old, *new} - set(FIELDS_BY_NAME))
    skipped = IGNORED_FIELDS | {f.name for f in TEXT_FIELDS}
    return [
        _field_change(name, old.get(name), new.get(name), vocabularies)
        for name in names
        if name not in skipped and not _same(name, old.get(name), new.get(name))
    ]


def section_key(section: Section | SectionDocument) -> str:
    """Sections are matched by phase, else by heading (case and spacing ignored)."""
    return (
        f"phase:{section.phase}"
        if section.phase
        else "heading:" + " ".join(section.heading.lower().split())
    )


INTRO_KEY = "intro"


def text_field_key(name: str) -> str:
    """The key of a Markdown field (the preparation) among the sections."""
    return f"field:{name}"


def section_texts(revision: Revision) -> list[tuple[str, str, str]]:
    """(key, heading, Markdown) of every text of the revision in reading order: the
    introduction, the preparation, the sections. A browser's textarea sends CRLF, which
    older revisions kept: the same text with other line endings is the same text."""
    meta = revision.metadata_ or {}
    rows = [(INTRO_KEY, "Inleiding", revision.intro_markdown)]
    rows += [(text_field_key(f.name), f.label, meta.get(f.name) or "") for f in TEXT_FIELDS]
    rows = [row for row in rows if row[2]]
    rows += [(section_key(s), s.heading, s.markdown) for s in revision.sections]
    return [(key, heading, unix_lines(text)) for key, heading, text in rows]


def diff_sections(old: Revision, new: Revision, budget: Budget) -> list[SectionChange]:
    old_rows = {key: (heading, text) for key, heading, text in section_texts(old)}
    changes: list[SectionChange] = []
    seen: set[str] = set()
    for key, heading, text in section_texts(new):
        seen.add(key)
        if key not in old_rows:
            changes.append(SectionChange(key, heading, "added", [Piece("insert", text)]))
            continue
        old_text = old_rows[key][1]
        change = SectionChange(key, heading, "unchanged", [Piece("equal", text)])
        if old_text != text:
            pieces = text_diff(old_text, text, budget.part(SECTION_STEPS))
            change.status = "changed"
            change.pieces = _pieces("replace", old_text, text) if pieces is None else pieces
            change.replaced = all(piece.op != "equal" for piece in change.pieces)
        changes.append(change)
    for key, heading, text in section_texts(old):
        if key not in seen:
            changes.append(SectionChange(key, heading, "removed", [Piece("delete", text)]))
    return changes


def diff_revisions(old: Revision, new: Revision, vocabularies: Vocabularies) -> RevisionDiff:
    return RevisionDiff(
        fields=diff_metadata(old.metadata_, new.metadata_, vocabularies),
        sections=diff_sections(old, new, Budget(PAGE_STEPS)),
    )
