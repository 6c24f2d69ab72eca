"""The editor's state between requests: form <-> `EditorContent`, the buttons that reshape
it, and what pressing one does (`press`).

Without JavaScript every button posts the whole form. The content is read from the
form, changed (a section added, moved or removed; the kind switched; a file
attached) and written into a fresh form, so nothing typed is lost on the way.
Attachments uploaded but not yet saved travel as a signed list, so a page cannot
claim a stored file it never uploaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import SelectChoice

from library.accounts import policy
from library.accounts.models import User
from library.authoring import uploads, workflow
from library.authoring.document import (
    EDITOR_KEYS,
    METADATA_KEYS,
    EditorContent,
    FreeSection,
    build_document,
    content_from_revision,
    describe_again,
    kept_metadata,
)
from library.authoring.forms import LessonForm
from library.content.filetypes import IMAGE_EXTENSIONS
from library.content.format import DEFAULT_AUDIENCE, DEFAULT_LICENSE, LessonDocument
from library.lessons.exporter import document_from_revision
from library.lessons.models import Lesson, LessonStatus, Revision
from library.lessons.service import StoredAttachment
from library.vocab.loader import Cycle, Vocabularies, get_vocabularies

TEXT_LIST_SEPARATORS = {"materials": "\n", "sentence_starters": "\n", "tags": ","}
DEFAULT_KIND = "onderzoekend"
NEW_SLUG = "nieuwe-les"  # stands in for the slug a new lesson gets when it is saved


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="editor-attachments")


def attachments_token(attachments: list[StoredAttachment]) -> str:
    return _serializer().dumps([[a.filename, a.sha256, a.size] for a in attachments])


def attachments_from_token(token: str) -> list[StoredAttachment] | None:
    """The attachments a token lists; None when it was tampered with or is missing."""
    try:
        items = _serializer().loads(token or "")
    except BadSignature:
        return None
    return [StoredAttachment(name, sha256, int(size)) for name, sha256, size in items]


def cycle_for(kind: str | None, vocabularies: Vocabularies) -> Cycle:
    return vocabularies.cycles.get(kind or "") or vocabularies.cycles[DEFAULT_KIND]


def phase_placements(cycle: Cycle) -> list[SelectChoice]:
    """Where a free section can stand: at the start, or after a phase of the cycle."""
    return [SelectChoice("", "Aan het begin, vóór de fasen")] + [
        SelectChoice(phase.key, f"Na {phase.label}") for phase in cycle.phases
    ]


def new_content(kind: str | None) -> EditorContent:
    """An empty lesson of the kind asked for (`?soort=`), under the default licence."""
    return EditorContent(values={"kind": kind or DEFAULT_KIND, "license": DEFAULT_LICENSE})


def word_list_from_text(text: str) -> list[dict[str, str]]:
    """The word list field's lines `woord: uitleg` as word list entries.

    A word may hold a colon itself (`micro:bit: …`): a colon followed by a space ends it
    when there is one. A line without any colon becomes a word without explanation,
    which the lesson format then reports at the field.
    """
    entries = []
    for line in text.splitlines():
        if not line.strip():
            continue
        word, _, meaning = line.partition(": " if ": " in line else ":")
        entries.append({"word": " ".join(word.split()), "meaning": " ".join(meaning.split())})
    return entries


def word_list_text(entries: list[dict[str, str]]) -> str:
    return "\n".join(f"{entry['word']}: {entry['meaning']}" for entry in entries)


def content_from_form(form: LessonForm, attachments: list[StoredAttachment]) -> EditorContent:
    values = {}
    for key in EDITOR_KEYS:
        value = form[key].data
        if key in TEXT_LIST_SEPARATORS:
            parts = (value or "").split(TEXT_LIST_SEPARATORS[key])
            value = [" ".join(part.split()) for part in parts if part.strip()]
        elif key == "word_list":
            value = word_list_from_text(value or "")
        elif key == "audience" and value == DEFAULT_AUDIENCE:
            # The lesson format's meaning when the key is absent: nothing to write down.
            value = ""
        values[key] = value if value is not None else ""
    return EditorContent(
        values=values,
        intro=form.intro.data or "",
        phases={entry.key.data: entry.text.data or "" for entry in form.phases},
        free_sections=[
            FreeSection(entry.heading.data or "", entry.text.data or "", entry.after.data or "")
            for entry in form.sections
        ],
        attachments=attachments,
    )


def form_for(
    content: EditorContent, vocabularies: Vocabularies, *, version: int | None
) -> LessonForm:
    """A fresh editor form showing the content (for the kind's phases)."""
    cycle = cycle_for(content.values.get("kind"), vocabularies)
    data = {}
    for key in EDITOR_KEYS:
        value = content.values.get(key)
        if key in TEXT_LIST_SEPARATORS and isinstance(value, list):
            value = (TEXT_LIST_SEPARATORS[key] + (" " if key == "tags" else "")).join(value)
        elif key == "word_list" and isinstance(value, list):
            value = word_list_text(value)
        elif key == "audience" and not value:
            value = DEFAULT_AUDIENCE
        data[key] = "" if value is None else value
    data.update(
        version="" if version is None else str(version),
        phases_kind=cycle.key,
        attachments_token=attachments_token(content.attachments),
        intro=content.intro,
        phases=[
            {"key": phase.key, "text": content.phases.get(phase.key, "")} for phase in cycle.phases
        ],
        sections=[
            {"heading": s.heading, "text": s.markdown, "after": s.after}
            for s in content.free_sections
        ],
    )
    form = LessonForm(formdata=None, data=data)
    form.set_choices(vocabularies, phase_placements(cycle), cover_choices(content.attachments))
    return form


def cover_choices(attachments: list[StoredAttachment]) -> list[str]:
    """The attachments that can be the lesson's cover: its images."""
    return [
        item.filename
        for item in attachments
        if item.filename.rpartition(".")[2].lower() in IMAGE_EXTENSIONS
    ]


def change_kind(content: EditorContent, old: Cycle, new: Cycle) -> None:
    """Keep the text of phases both cycles share; the others become free sections."""
    kept: dict[str, str] = {}
    for phase in old.phases:
        text = content.phases.get(phase.key, "")
        if phase.key in new.phases:
            kept[phase.key] = text
        elif text.strip():
            last = new.phases.terms[-1].key
            content.free_sections.append(FreeSection(phase.label, text, last))
    content.phases = kept
    for section in content.free_sections:
        if section.after and section.after not in new.phases:
            section.after = ""


ACTION_RE = re.compile(r"^(?P<name>[a-z-]+?)(?:-(?P<index>[0-9]{1,4}))?$")
RESHAPING = frozenset(
    {"section-add", "section-remove", "section-up", "section-down", "attachment-remove"}
)


@dataclass(frozen=True)
class Action:
    """A button of the editor (`section-up-2`): what it does and to which item."""

    name: str
    index: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> Action:
        match = ACTION_RE.match(value or "")
        if not match:
            return cls("save")
        index = match["index"]
        return cls(match["name"], int(index) if index is not None else None)

    @property
    def reshapes(self) -> bool:
        return self.name in RESHAPING


def reshape(content: EditorContent, action: Action, cycle: Cycle) -> None:
    """Apply a section or attachment button to the content (out-of-range buttons do nothing)."""
    sections, index = content.free_sections, action.index
    if action.name == "section-add":
        sections.append(FreeSection("", "", cycle.phases.terms[-1].key))
        return
    items = content.attachments if action.name == "attachment-remove" else sections
    if index is None or not 0 <= index < len(items):
        return
    if action.name == "attachment-remove" and items[index].filename == content.values.get("cover"):
        # The cover goes with its file; the world's illustration shows instead.
        content.values["cover"] = content.values["cover_alt"] = ""
    if action.name in ("section-remove", "attachment-remove"):
        del items[index]
    elif action.name == "section-up" and index > 0:
        items[index - 1], items[index] = items[index], items[index - 1]
    elif action.name == "section-down" and index < len(items) - 1:
        items[index + 1], items[index] = items[index], items[index + 1]


def add_attachment(content: EditorContent, item: StoredAttachment) -> None:
    """Attach a file; a file with the same name replaces the earlier one."""
    for position, existing in enumerate(content.attachments):
        if existing.filename == item.filename:
            content.attachments[position] = item
            return
    content.attachments.append(item)


@dataclass
class FormAgain:
    """The editor once more: the content as it is now, with its problems per field, notes,
    or the conflict with a save made meanwhile."""

    content: EditorContent
    version: int | None
    errors: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    conflict: workflow.EditConflict | None = None


@dataclass(frozen=True)
class Preview:
    """The lesson as it would be published, not saved."""

    document: LessonDocument
    content: EditorContent


@dataclass(frozen=True)
class Saved:
    """A new lesson, or a revision of the lesson (None: nothing had changed)."""

    lesson: Lesson
    revision: Revision | None
    created: bool
    waits_for_review: bool  # the writer's change sent it to (or kept it in) review


def press(
    lesson: Lesson | None, posted: LessonForm, content: EditorContent, action: Action, *, by: User
) -> FormAgain | Preview | Saved:
    """What the button pressed on the posted editor does to the content read from it.

    A file posted with the form is staged first, whatever the button (it waits there until
    a save keeps it). A changed kind brings its phases and asks to look before saving; a
    section or attachment button reshapes; `preview` and `save` build the lesson file
    through the format's own checks, and `save` writes it (the workflow commits). Someone
    who may change only the description (a moderator) saves just that.
    """
    if lesson is not None and not policy.can(by, "edit", lesson):
        return _describe_again(lesson, posted, content, by=by)
    again = FormAgain(content, posted.expected_version)
    refused = _stage_upload(content, posted, by=by)
    if refused:
        again.errors["attachments"] = [refused]
    vocabularies = get_vocabularies()
    action = _follow_kind(content, posted.phases_kind.data, action, again.notes, vocabularies)
    if action.reshapes:
        reshape(content, action, cycle_for(content.values.get("kind"), vocabularies))
    if action.name not in ("save", "preview") or again.errors:
        return again
    kept = kept_metadata(lesson.current_revision) if lesson else workflow.makers_of_new_lesson(by)
    document, again.errors = build_document(
        content,
        slug=lesson.slug if lesson else NEW_SLUG,
        kept=kept,
        vocabularies=vocabularies,
        labels=_labels(posted),
    )
    if document is None:
        return again
    if action.name == "preview":
        return Preview(document, content)
    return _save(lesson, document, content, posted, by=by)


def _stage_upload(content: EditorContent, posted: LessonForm, *, by: User) -> str | None:
    """Stage the file posted with the form and attach it; why it was refused, if it was."""
    upload = posted.upload.data
    if not upload or not upload.filename:
        return None
    try:
        add_attachment(content, uploads.accept_posted_file(upload, by=by))
    except uploads.UploadRefused as refused:
        return str(refused)
    return None


def _follow_kind(
    content: EditorContent,
    shown_kind: str | None,
    action: Action,
    notes: list[str],
    vocabularies: Vocabularies,
) -> Action:
    """Give the content the phases of its (changed) kind; then the button pressed only
    refreshes the form, so the writer sees the new phases before saving."""
    old_cycle = cycle_for(shown_kind, vocabularies)
    new_cycle = cycle_for(content.values.get("kind"), vocabularies)
    if old_cycle.key == new_cycle.key:
        return action
    change_kind(content, old_cycle, new_cycle)
    if action.name in ("save", "preview"):
        notes.append(
            f"De fasen passen nu bij {new_cycle.label.lower()}. Kijk ze na en sla daarna op."
        )
    return Action("refresh")


def _describe_again(
    lesson: Lesson, posted: LessonForm, content: EditorContent, *, by: User
) -> FormAgain | Saved:
    """A moderator's edit of someone else's lesson: only its description changes."""
    saved = content_from_revision(lesson.current_revision)
    for key in METADATA_KEYS:
        saved.values[key] = content.values.get(key, "")
    document, errors = describe_again(
        document_from_revision(lesson.current_revision),
        saved.values,
        vocabularies=get_vocabularies(),
        labels=_labels(posted),
    )
    if document is None:
        return FormAgain(saved, posted.expected_version, errors=errors)
    return _save(lesson, document, saved, posted, by=by)


def _labels(form: LessonForm) -> dict[str, str]:
    return {key: form[key].label.text for key in EDITOR_KEYS}


def _save(
    lesson: Lesson | None,
    document: LessonDocument,
    content: EditorContent,
    posted: LessonForm,
    *,
    by: User,
) -> FormAgain | Saved:
    """Save through the workflow (which commits); a refusal comes back as the form again."""
    message, version = posted.message.data or "", posted.expected_version
    try:
        if lesson is None:
            created = workflow.create_lesson(document, content.attachments, by=by, message=message)
            return Saved(created, created.current_revision, created=True, waits_for_review=False)
        revision = workflow.save_lesson(
            lesson, document, content.attachments, by=by, expected_version=version, message=message
        )
    except uploads.UploadExpired as expired:
        content.attachments.remove(expired.attachment)
        return FormAgain(content, version, errors={"attachments": [str(expired)]})
    except workflow.EditConflict as conflict:
        return FormAgain(content, conflict.lesson.version, conflict=conflict)
    except workflow.LicenceNotAllowed as refused:
        return FormAgain(content, version, errors={"license": [str(refused)]})
    in_review = lesson.status == LessonStatus.REVIEW.value and lesson.owner_id == by.id
    return Saved(lesson, revision, created=False, waits_for_review=in_review)
