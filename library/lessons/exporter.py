"""Export lessons as lesson files (the exchange format), with their attachments."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.content.format import LessonDocument, SectionDocument, serialise
from library.db import db
from library.files import write_atomically
from library.lessons.models import Lesson, LessonStatus, Revision
from library.lessons.storage import read_blob


def document_from_revision(revision: Revision) -> LessonDocument:
    """The lesson file of a revision: what the export, the ZIP and a fork start from."""
    return LessonDocument(
        slug=revision.metadata_["slug"],
        metadata=dict(revision.metadata_),
        intro=revision.intro_markdown,
        sections=[
            SectionDocument(heading=s.heading, markdown=s.markdown, phase=s.phase)
            for s in revision.sections
        ],
    )


def export_lessons(target: Path, *, include_unpublished: bool = False) -> list[str]:
    """Write every (published) lesson to `target/<slug>.md` and its attachments beside it."""
    query = (
        sa.select(Lesson)
        .where(Lesson.current_revision_id.is_not(None))
        .options(
            so.joinedload(Lesson.current_revision).selectinload(Revision.sections),
            so.joinedload(Lesson.current_revision).selectinload(Revision.attachments),
        )
        .order_by(Lesson.slug)
    )
    if not include_unpublished:
        query = query.where(Lesson.status == LessonStatus.PUBLISHED.value)
    slugs = []
    for lesson in db.session.scalars(query).unique():
        revision = lesson.current_revision
        document = document_from_revision(revision)
        write_atomically(target / f"{lesson.slug}.md", serialise(document).encode("utf-8"))
        for attachment in revision.attachments:
            write_atomically(
                target / lesson.slug / attachment.filename, read_blob(attachment.sha256)
            )
        slugs.append(lesson.slug)
    return slugs
