"""Saving lessons: the one path by which any change of a lesson becomes a revision.

Import, and later the editor and forks, hand a `LessonDocument` to `save_revision`.
It renders the Markdown once (the HTML is stored with the revision), updates the
lesson's metadata columns and term links, and points the lesson at the new
revision. It adds to the session and flushes; the caller's unit of work commits.

An import saves thousands of documents in one transaction: it loads the lessons it
will touch with `lessons_by_slug` and hands that map to `save_revision`, which then
neither looks each lesson up nor flushes after each one (the import flushes once).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.content.format import FORKED_FROM_RE, TERM_FIELDS, LessonDocument, serialise
from library.db import db, utcnow
from library.lessons.models import Attachment, Lesson, LessonStatus, Revision, Section
from library.lessons.storage import image_urls, media_type_for
from library.rendering import MarkupBudget, render_markdown
from library.vocab.loader import get_vocabularies
from library.vocab.models import VocabularyTerm, sync_terms


@dataclass(frozen=True)
class StoredAttachment:
    filename: str
    sha256: str
    size: int


def content_hash(document: LessonDocument, attachments: list[StoredAttachment]) -> str:
    """Identity of a lesson's content: its canonical file text plus its attachments' hashes."""
    digest = hashlib.sha256(serialise(document).encode("utf-8"))
    for attachment in attachments:
        digest.update(f"\n{attachment.filename}\0{attachment.sha256}".encode())
    return digest.hexdigest()


def get_lesson(slug: str) -> Lesson | None:
    return db.session.scalar(sa.select(Lesson).where(Lesson.slug == slug))


# SQLite allows 32,766 bound parameters; far fewer keeps each statement small.
_SLUGS_PER_QUERY = 500


def lessons_by_slug(slugs: list[str]) -> dict[str, Lesson]:
    """The lessons with these slugs (and their current revisions), in a few queries."""
    found: dict[str, Lesson] = {}
    for start in range(0, len(slugs), _SLUGS_PER_QUERY):
        chunk = slugs[start : start + _SLUGS_PER_QUERY]
        query = (
            sa.select(Lesson)
            .where(Lesson.slug.in_(chunk))
            .options(so.joinedload(Lesson.current_revision))
        )
        found.update((lesson.slug, lesson) for lesson in db.session.scalars(query))
    return found


def sync_lesson_terms() -> dict[tuple[str, str], VocabularyTerm]:
    """The stored terms `save_revision` links lessons to, first brought up to date with the
    vocabulary files of the lesson format's term fields."""
    return sync_terms(get_vocabularies(), [spec.vocabulary for spec in TERM_FIELDS])


def save_revision(
    document: LessonDocument,
    attachments: list[StoredAttachment],
    *,
    author: str,
    message: str,
    terms: dict[tuple[str, str], VocabularyTerm],
    status: LessonStatus | None = None,
    author_id: int | None = None,
    known: dict[str, Lesson] | None = None,
) -> Revision | None:
    """Store the document as the lesson's new current revision; None if nothing changed.

    `author` is the name shown; `author_id` links the user who saved it (None for imports).
    `known` (from `lessons_by_slug`) is a batch's map of the lessons it may touch: the
    lesson is taken from it, a new one is added to it, and nothing is flushed, so the
    batch flushes once at its end.
    """
    digest = content_hash(document, attachments)
    lesson = get_lesson(document.slug) if known is None else known.get(document.slug)
    if lesson is None:
        lesson = Lesson(slug=document.slug, status=(status or LessonStatus.DRAFT).value)
        db.session.add(lesson)
        if known is not None:
            known[document.slug] = lesson
    elif lesson.current_revision is not None and lesson.current_revision.content_hash == digest:
        return None

    now = utcnow()
    previous = (
        db.session.scalar(
            sa.select(sa.func.max(Revision.number)).where(Revision.lesson_id == lesson.id)
        )
        if lesson.id
        else None
    )
    number = (previous or 0) + 1
    revision = render_revision(document, attachments)
    revision.lesson = lesson
    revision.number = number
    revision.author = author
    revision.author_id = author_id
    revision.message = message
    revision.created_at = now
    revision.content_hash = digest
    db.session.add(revision)
    _copy_metadata(lesson, document, terms)
    previous = lesson.current_revision
    lesson.current_revision = revision
    lesson.updated_at = now
    # A fork is linked to its source when it names one (again); otherwise it stays
    # pinned to the source revision it was made from.
    reference = document.metadata.get("forked_from")
    if reference != (previous.metadata_.get("forked_from") if previous else None) or (
        reference and lesson.forked_from is None
    ):
        link_fork_source(lesson, known)
    if status is not None:
        set_status(lesson, status)
    revision.published = lesson.is_published
    if known is None:
        db.session.flush()
    return revision


def render_revision(document: LessonDocument, attachments: list[StoredAttachment]) -> Revision:
    """The document as a revision with its HTML rendered, linked to no lesson and not saved.

    `save_revision` stores it; the editor's preview only shows it.
    """
    images = image_urls(document.slug, [item.filename for item in attachments])
    budget = MarkupBudget()

    def render(text: str) -> str:
        return render_markdown(text, images=images, budget=budget)

    return Revision(
        metadata_=dict(document.metadata),
        intro_markdown=document.intro,
        intro_html=render(document.intro),
        preparation_html=render(document.metadata.get("preparation", "")),
        sections=[
            Section(
                position=position,
                heading=section.heading,
                phase=section.phase,
                markdown=section.markdown,
                html=render(section.markdown),
            )
            for position, section in enumerate(document.sections)
        ],
        attachments=[
            Attachment(
                position=position,
                filename=item.filename,
                sha256=item.sha256,
                size=item.size,
                media_type=media_type_for(item.filename),
            )
            for position, item in enumerate(attachments)
        ],
    )


def set_status(lesson: Lesson, status: LessonStatus) -> None:
    """Move the lesson to a status; a change counts as an update (harvesters ask `from`).

    Publishing marks the current revision as published: from then on the lesson's
    history shows it to everyone.
    """
    now = utcnow()
    if status == LessonStatus.PUBLISHED and lesson.published_at is None:
        lesson.published_at = now
    if status == LessonStatus.PUBLISHED and lesson.current_revision is not None:
        lesson.current_revision.published = True
    if status.value != lesson.status:
        lesson.status = status.value
        lesson.updated_at = now


def _copy_metadata(
    lesson: Lesson, document: LessonDocument, terms: dict[tuple[str, str], VocabularyTerm]
) -> None:
    copy_metadata_columns(lesson, document.metadata)
    meta = document.metadata
    lesson.terms = [
        terms[(spec.vocabulary, key)] for spec in TERM_FIELDS for key in meta.get(spec.name, [])
    ]


def copy_metadata_columns(lesson: Lesson, meta: dict) -> None:
    """Copy a revision's metadata into the lesson's columns (also for an unsaved preview)."""
    lesson.title = meta["title"]
    lesson.summary = meta["summary"]
    lesson.kind = meta["kind"]
    lesson.duration = meta.get("duration")
    lesson.group_size = meta.get("group_size")
    lesson.threshold = meta.get("threshold")
    lesson.location = meta.get("location")
    lesson.license = meta["license"]
    lesson.organisation = meta.get("organisation")
    lesson.region = meta.get("region")


def link_fork_source(lesson: Lesson, known: dict[str, Lesson] | None = None) -> None:
    """Point a lesson at the lesson (and revision) its `forked_from` names, when present here.

    Only a published revision is linked: the one named, else the source's newest
    published one. A source never published here stays unknown, as if it were absent,
    so a lesson file cannot reach a private draft by naming it. `known` is a batch's
    map of lessons, as for `save_revision`; a source outside it is looked up.
    """
    reference = (lesson.current_revision.metadata_ if lesson.current_revision else {}).get(
        "forked_from"
    )
    match = FORKED_FROM_RE.match(reference or "")
    source = ((known or {}).get(match["slug"]) or get_lesson(match["slug"])) if match else None
    published = [r for r in source.revisions if r.published] if source else []
    if not published or source is lesson:
        lesson.forked_from, lesson.forked_from_revision = None, None
        return
    wanted = int(match["revision"]) if match["revision"] else None
    lesson.forked_from = source
    lesson.forked_from_revision = next((r for r in published if r.number == wanted), published[-1])
