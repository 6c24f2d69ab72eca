"""Showing a lesson the lesson page does not: an unsaved preview, or an older version.

Both become detached `Lesson` objects (never saved) whose columns hold the metadata
of the revision shown, so the lesson page's own template renders them.
"""

from __future__ import annotations

from library.content.format import LessonDocument
from library.db import utcnow
from library.lessons.models import Lesson, Revision
from library.lessons.service import StoredAttachment, copy_metadata_columns, render_revision


def lesson_for_display(slug: str, revision: Revision) -> Lesson:
    """A detached lesson whose columns show this revision's metadata."""
    lesson = Lesson(slug=slug, updated_at=revision.created_at or utcnow())
    copy_metadata_columns(lesson, revision.metadata_)
    return lesson


def preview_revision(
    document: LessonDocument, attachments: list[StoredAttachment], number: int
) -> Revision:
    """The revision a save would make, rendered by the same sanitiser, but not saved."""
    revision = render_revision(document, attachments)
    revision.number = number
    revision.created_at = utcnow()
    return revision
