"""Fork, take over and restore: each one revision through the workflow, one commit."""

from __future__ import annotations

from dataclasses import replace

from library.accounts import policy
from library.accounts.models import User
from library.authoring import workflow
from library.content.format import HARVEST_ORIGIN, LessonDocument, SectionDocument
from library.history.diff import INTRO_KEY, TEXT_FIELDS, section_key, text_field_key
from library.lessons.exporter import document_from_revision
from library.lessons.models import Lesson, Revision
from library.lessons.service import StoredAttachment


def _attachments(revision: Revision) -> list[StoredAttachment]:
    return [StoredAttachment(a.filename, a.sha256, a.size) for a in revision.attachments]


def fork_lesson(source: Lesson, *, by: User) -> Lesson:
    """An editable copy of a published lesson as `by`'s own draft, pointing at its source.

    The licence is carried over (ShareAlike and NonCommercial stay); the maker
    becomes `by`, while every earlier maker stays credited through the chain of sources.
    A harvested source's origin marker is not copied: the adaptation is this library's own.
    """
    policy.authorize(by, "fork", source)
    revision = source.current_revision
    document = document_from_revision(revision)
    metadata = {
        key: value
        for key, value in document.metadata.items()
        if key not in ("authors", "organisation", "region", HARVEST_ORIGIN)
    }
    metadata["forked_from"] = f"{source.slug}@{revision.number}"
    metadata["authors"] = [by.name]
    if by.organisation:
        metadata["organisation"] = by.organisation
    if by.region:
        metadata["region"] = by.region
    message = f"Aangepast van ‘{source.title}’ (versie {revision.number})"
    return workflow.create_lesson(
        replace(document, metadata=metadata), _attachments(revision), by=by, message=message
    )


def restore_revision(lesson: Lesson, number: int, *, by: User, expected_version: int | None):
    """Make an old revision the current one again, as a new revision (nothing is deleted)."""
    old = next((r for r in lesson.revisions if r.number == number), None)
    if old is None:
        raise workflow.WorkflowError(f"Versie {number} bestaat niet.")
    if old.redacted:
        raise workflow.WorkflowError(
            f"Versie {number} is verwijderd door de redactie en kan niet worden teruggezet."
        )
    return workflow.save_lesson(
        lesson,
        document_from_revision(old),
        _attachments(old),
        by=by,
        expected_version=expected_version,
        message=f"Versie {number} teruggezet",
    )


def _with_section_from(
    document: LessonDocument, source: Revision, key: str
) -> tuple[LessonDocument, str]:
    """The document with section `key` as the source revision has it (added, changed or removed)."""
    if key == INTRO_KEY:
        return replace(document, intro=source.intro_markdown), "Inleiding"
    field = next((f for f in TEXT_FIELDS if text_field_key(f.name) == key), None)
    if field is not None:
        metadata = {k: v for k, v in document.metadata.items() if k != field.name}
        if source.metadata_.get(field.name):
            metadata[field.name] = source.metadata_[field.name]
        return replace(document, metadata=metadata), field.label
    wanted = next((s for s in source.sections if section_key(s) == key), None)
    keys = [section_key(s) for s in document.sections]
    sections = list(document.sections)
    if wanted is None:
        if key not in keys:
            raise workflow.WorkflowError("Dit onderdeel staat niet (meer) in je les.")
        removed = sections.pop(keys.index(key))
        return replace(document, sections=sections), removed.heading
    taken = SectionDocument(heading=wanted.heading, markdown=wanted.markdown, phase=wanted.phase)
    if key in keys:
        sections[keys.index(key)] = taken
    else:
        sections.insert(_insert_position(source, key, keys), taken)
    return replace(document, sections=sections), wanted.heading


def _insert_position(source: Revision, key: str, keys: list[str]) -> int:
    """Right after the nearest section that comes before it in the original."""
    source_keys = [section_key(s) for s in source.sections]
    for earlier in reversed(source_keys[: source_keys.index(key)]):
        if earlier in keys:
            return keys.index(earlier) + 1
    return 0


def take_over_section(fork: Lesson, key: str, *, by: User, expected_version: int | None):
    """Copy one section of the original's current revision into the fork, as a new revision."""
    source = fork.forked_from
    if source is None or not source.is_published:
        raise workflow.WorkflowError("Het origineel van deze les is niet (meer) beschikbaar.")
    document = document_from_revision(fork.current_revision)
    document, heading = _with_section_from(document, source.current_revision, key)
    return workflow.save_lesson(
        fork,
        document,
        _attachments(fork.current_revision),
        by=by,
        expected_version=expected_version,
        message=f"Overgenomen uit het origineel: {heading}",
    )
