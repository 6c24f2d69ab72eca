"""What the editor holds <-> the `LessonDocument` the importer makes, checked by the same rules.

The editor's values are written out as a lesson file (`serialise`) and read back
with `parse_lesson`, so a lesson made in the browser passes exactly the checks a
lesson file passes and becomes the same document. Each problem the parser reports
on a line is traced back to the editor field that wrote that line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from library.content.body import without_closing_hashes
from library.content.format import (
    FIELDS,
    FIELDS_BY_NAME,
    LessonDocument,
    SectionDocument,
    parse_lesson,
    serialise,
)
from library.lessons.models import Revision
from library.lessons.service import StoredAttachment
from library.vocab.loader import Cycle, Vocabularies

# The front-matter keys the editor does not show; they (and x-… keys) are kept as they are.
KEPT_KEYS = ("slug", "authors", "organisation", "region", "forked_from", "attachments")
EDITOR_KEYS = tuple(spec.name for spec in FIELDS if spec.name not in KEPT_KEYS)
# The maker's content: what a moderator may not change in someone else's lesson. The
# kind decides the phases and the licence is the maker's to give; the word list and
# the sentence starters are written for the pupils, like the phases.
# The cover is one of the files, which only the maker attaches.
CONTENT_KEYS = (
    "kind",
    "materials",
    "preparation",
    "word_list",
    "sentence_starters",
    "license",
    "cover",
    "cover_alt",
)
# What a moderator may change in someone else's lesson: its description.
METADATA_KEYS = tuple(key for key in EDITOR_KEYS if key not in CONTENT_KEYS)
SOURCE = "editor"
KEY_LINE_RE = re.compile(r"^(?P<key>[a-z_][a-z0-9_-]*):")
CODE_RE = re.compile(r"`([^`]*)`")
NESTED_HEADING = (
    "Een regel die met ‘## ’ begint, maakt een nieuw onderdeel. Gebruik ‘### ’ voor een "
    "tussenkop, of voeg hieronder een onderdeel toe."
)


@dataclass
class FreeSection:
    """A section with a heading of the maker's own, placed at the start or after a phase."""

    heading: str
    markdown: str
    after: str = ""  # "" = before the phases, else the key of the phase it follows


@dataclass
class EditorContent:
    """Everything the editor edits, in the shape of its fields."""

    values: dict[str, Any] = field(default_factory=dict)  # front-matter key -> field value
    intro: str = ""
    phases: dict[str, str] = field(default_factory=dict)  # phase key -> Markdown
    free_sections: list[FreeSection] = field(default_factory=list)
    attachments: list[StoredAttachment] = field(default_factory=list)


def content_from_revision(revision: Revision) -> EditorContent:
    """The editor's fields for a saved revision (phases by key, free sections placed)."""
    meta = revision.metadata_
    content = EditorContent(
        values={key: meta[key] for key in EDITOR_KEYS if key in meta},
        intro=revision.intro_markdown,
        attachments=[StoredAttachment(a.filename, a.sha256, a.size) for a in revision.attachments],
    )
    after = ""
    for section in revision.sections:
        if section.phase and section.phase not in content.phases:
            content.phases[section.phase] = section.markdown
            after = section.phase
        else:
            content.free_sections.append(FreeSection(section.heading, section.markdown, after))
    return content


def kept_metadata(revision: Revision | None) -> dict[str, Any]:
    """The front matter the editor does not show, carried over unchanged."""
    meta = revision.metadata_ if revision else {}
    return {key: value for key, value in meta.items() if key not in EDITOR_KEYS}


def _sections(content: EditorContent, cycle: Cycle) -> list[tuple[str, SectionDocument]]:
    """(editor field, section) in reading order: leading free sections, then each phase
    followed by the free sections placed after it."""
    placed: dict[str, list[tuple[str, SectionDocument]]] = {}
    for index, section in enumerate(content.free_sections):
        after = section.after if section.after in cycle.phases else ""
        heading = without_closing_hashes(" ".join(section.heading.split()))
        document = SectionDocument(heading, section.markdown.strip())
        placed.setdefault(after, []).append((f"section-{index}", document))
    ordered = placed.get("", [])
    for phase in cycle.phases:
        text = content.phases.get(phase.key, "").strip()
        if text:
            ordered.append((f"phase-{phase.key}", SectionDocument(phase.label, text, phase.key)))
        ordered.extend(placed.get(phase.key, []))
    return ordered


def _front_matter(content: EditorContent, kept: dict[str, Any]) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    for spec in FIELDS:
        value = content.values.get(spec.name, kept.get(spec.name))
        if isinstance(value, str):
            value = value.strip()
        if spec.required:
            metadata[spec.name] = value if value is not None else ""
        elif value not in (None, "", []):
            metadata[spec.name] = value
    metadata.update({k: v for k, v in kept.items() if k.startswith("x-")})
    if content.attachments:
        metadata["attachments"] = [item.filename for item in content.attachments]
    else:
        metadata.pop("attachments", None)
    return metadata


def _key_lines(text: str) -> list[tuple[int, str]]:
    """(line, key) of every top-level key of the front matter, in order."""
    found = []
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if line.strip() == "---":
            break
        match = KEY_LINE_RE.match(line)
        if match:
            found.append((number, match["key"]))
    return found


def _readable(message: str, labels: dict[str, str]) -> str:
    """A parser message for the field it is shown at: key names become field labels."""

    def name(match: re.Match) -> str:
        word = match.group(1)
        return labels.get(word, f"‘{word}’")

    text = CODE_RE.sub(name, message)
    return text[:1].upper() + text[1:]


def build_document(
    content: EditorContent,
    *,
    slug: str,
    kept: dict[str, Any],
    vocabularies: Vocabularies,
    labels: dict[str, str],
) -> tuple[LessonDocument | None, dict[str, list[str]]]:
    """The lesson document the editor's values make, or the problems per editor field.

    Problem keys are front-matter keys, `intro`, `phase-<key>`, `section-<n>` and
    `section-<n>-heading`; `form` holds what belongs to no single field.
    """
    kind = content.values.get("kind")
    cycle = vocabularies.cycles.get(kind) or next(iter(vocabularies.cycles.values()))
    sections = _sections(content, cycle)
    heading_errors = _heading_problems(sections, cycle)
    draft = LessonDocument(
        slug=slug,
        metadata=_front_matter(content, {**kept, "slug": slug}),
        intro=content.intro.strip(),
        # A section with a wrong heading is left out here; its problem is reported already.
        sections=[section for key, section in sections if f"{key}-heading" not in heading_errors],
    )
    parts = [key for key, _section in sections if f"{key}-heading" not in heading_errors]
    document, errors = _checked(draft, vocabularies, labels, parts)
    if document is None or heading_errors:
        return None, {**errors, **heading_errors}
    expected = [section.heading for _, section in sections]
    found = [section.heading for section in document.sections]
    if found != expected:
        # A line starting with `## ` inside a text field split it into two sections.
        index = next(i for i in range(len(found)) if i >= len(expected) or found[i] != expected[i])
        target = sections[index - 1][0] if index else "intro"
        return None, {target: [NESTED_HEADING]}
    return document, {}


def describe_again(
    saved: LessonDocument,
    values: dict[str, Any],
    *,
    vocabularies: Vocabularies,
    labels: dict[str, str],
) -> tuple[LessonDocument | None, dict[str, list[str]]]:
    """A saved lesson with new values for its description (a moderator's edit); the
    sections, introduction and files stay exactly as they are."""
    metadata = dict(saved.metadata)
    for key in METADATA_KEYS:
        value = values.get(key)
        value = value.strip() if isinstance(value, str) else value
        if value in (None, "", []) and not FIELDS_BY_NAME[key].required:
            metadata.pop(key, None)
        else:
            metadata[key] = value if value is not None else ""
    return _checked(replace(saved, metadata=metadata), vocabularies, labels)


def _heading_problems(sections, cycle: Cycle) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for key, section in sections:
        if not key.startswith("section-"):
            continue
        if not section.heading:
            errors[f"{key}-heading"] = ["Geef dit onderdeel een kop."]
        elif cycle.match_heading(section.heading):
            message = "Deze kop is de naam van een fase; schrijf die tekst bij de fase zelf."
            errors[f"{key}-heading"] = [message]
    return errors


def _checked(
    draft: LessonDocument,
    vocabularies: Vocabularies,
    labels: dict[str, str],
    section_fields: list[str] | None = None,
) -> tuple[LessonDocument | None, dict[str, list[str]]]:
    """Write the draft as a lesson file and read it back: the importer's checks, per field.

    `section_fields` names the editor field of each of the draft's sections, in order.
    """
    text = serialise(draft)
    document, problems = parse_lesson(text, SOURCE, vocabularies, default_slug=draft.slug)
    if not problems:
        return document, {}
    errors: dict[str, list[str]] = {}
    key_lines = _key_lines(text)
    for problem in problems:
        if problem.part:
            target = _body_field(problem.part, section_fields or [])
        else:
            key = next((k for line, k in reversed(key_lines) if line <= problem.line), "form")
            target = key if key in EDITOR_KEYS or key == "attachments" else "form"
        errors.setdefault(target, []).append(_readable(problem.message, labels))
    return None, errors


def _body_field(part: str, section_fields: list[str]) -> str:
    """The editor field a problem of the body belongs to (`form` for the lesson as a whole)."""
    if part == "intro":
        return "intro"
    index, _, rest = part.removeprefix("section-").partition("-")
    if not part.startswith("section-") or not index.isdigit():
        return "form"
    if int(index) >= len(section_fields):
        return "form"
    field_name = section_fields[int(index)]
    if rest == "heading":
        # A phase's heading is its label, not a field: its problem shows at its text.
        return f"{field_name}-heading" if field_name.startswith("section-") else field_name
    return field_name
