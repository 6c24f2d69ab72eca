"""The life of a lesson written on the site, one commit per step.

    draft ──submit──> review ──approve──> published ──archive──> archived
      │                 │                    ^                      │
      │                 └──send back──> returned ──submit──┘        │
      └── (docents without review, moderators) publish ─┘  <──restore─┘

Every save is a revision (`lessons.service.save_revision`); every step checks the
policy and the lesson's version, so a step taken on a stale page is refused
instead of overwriting someone else's work. The search index follows the
commits by itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from sqlalchemy.orm.exc import StaleDataError

from library.accounts import policy
from library.accounts.models import User
from library.authoring import notices, uploads
from library.authoring.queries import slug_taken
from library.content.format import LessonDocument
from library.db import db, utcnow
from library.forms import FormError
from library.lessons import service
from library.lessons.models import Lesson, LessonStatus, Revision
from library.lessons.service import StoredAttachment
from library.slugs import slug_of
from library.vocab.licences import adaptation_licence_problem
from library.vocab.loader import get_vocabularies

MAX_COMMENT_LENGTH = 2000


class WorkflowError(FormError):
    """A step that cannot be taken now; the message is for the user."""


class LicenceNotAllowed(WorkflowError):
    """An adaptation may not carry the licence chosen (ShareAlike, NonCommercial)."""


def _check_adaptation_licence(lesson: Lesson, document: LessonDocument) -> None:
    source = lesson.forked_from
    if source is None:
        return
    licenses = get_vocabularies().licenses
    source_licence = licenses.get(source.license)
    chosen = document.metadata.get("license", "")
    problem = source_licence and adaptation_licence_problem(source_licence, chosen, licenses)
    if problem:
        raise LicenceNotAllowed(problem)


class EditConflict(WorkflowError):
    """The lesson changed since the user loaded it; nothing was written."""

    def __init__(self, lesson: Lesson) -> None:
        super().__init__(
            "Iemand anders heeft deze les opgeslagen terwijl jij ermee bezig was. "
            "Er is niets overschreven."
        )
        self.lesson = lesson


def _check_version(lesson: Lesson, expected_version: int | None) -> None:
    if expected_version != lesson.version:
        raise EditConflict(lesson)


@contextmanager
def _written(lesson: Lesson) -> Iterator[None]:
    """Commit what the block changes, or nothing when another request changed the lesson.

    The version check before the block catches a stale form; a request that commits
    between that check and this one's write is caught by the version column, at
    whichever flush writes the lesson first (inside the block or at the commit).
    """
    try:
        yield
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise EditConflict(lesson) from None


def makers_of_new_lesson(by: User) -> dict[str, object]:
    """The front matter that credits a new lesson: its writer, their school and region."""
    makers: dict[str, object] = {"authors": [by.name]}
    if by.organisation:
        makers["organisation"] = by.organisation
    if by.region:
        makers["region"] = by.region
    return makers


def create_lesson(
    document: LessonDocument, attachments: list[StoredAttachment], *, by: User, message: str = ""
) -> Lesson:
    """Save a new lesson as a draft of `by`, under a free slug made of its title
    (with a random part when the title is taken: `library.slugs`). Its uploaded files
    move into the store (`uploads.keep`; UploadExpired when one waited too long)."""
    policy.authorize(by, "create")
    slug = slug_of(document.metadata["title"], fallback="les", taken=slug_taken)
    document = replace(document, slug=slug, metadata={**document.metadata, "slug": slug})
    uploads.keep(attachments, by=by)
    revision = service.save_revision(
        document,
        attachments,
        author=by.name,
        author_id=by.id,
        message=message or "Eerste versie",
        terms=service.sync_lesson_terms(),
        status=LessonStatus.DRAFT,
    )
    lesson = revision.lesson
    lesson.owner = by
    db.session.commit()
    return lesson


def _only_metadata_changed(lesson: Lesson, document: LessonDocument, attachments) -> bool:
    current = lesson.current_revision
    same_sections = [(s.heading, s.markdown) for s in current.sections] == [
        (s.heading, s.markdown) for s in document.sections
    ]
    same_files = [(a.filename, a.sha256) for a in current.attachments] == [
        (a.filename, a.sha256) for a in attachments
    ]
    return same_sections and same_files and current.intro_markdown == document.intro


def save_lesson(
    lesson: Lesson,
    document: LessonDocument,
    attachments: list[StoredAttachment],
    *,
    by: User,
    expected_version: int | None,
    message: str = "",
) -> Revision | None:
    """Save an edit as a new revision; None when nothing changed.

    The owner edits everything; a moderator edits only the description of another's
    lesson. An owner who may not publish directly sends a published lesson back to
    review by changing it.
    """
    if not policy.can(by, "edit", lesson):
        policy.authorize(by, "edit_metadata", lesson)
        if not _only_metadata_changed(lesson, document, attachments):
            raise policy.NotAllowed()
    _check_version(lesson, expected_version)
    _check_adaptation_licence(lesson, document)
    # Decided before saving: a revision that goes to review is never marked published.
    back_to_review = needs_review_again(lesson, by)
    with _written(lesson):
        uploads.keep(attachments, by=by)
        revision = service.save_revision(
            replace(document, slug=lesson.slug),
            attachments,
            author=by.name,
            author_id=by.id,
            message=message,
            terms=service.sync_lesson_terms(),
            status=LessonStatus.REVIEW if back_to_review else None,
        )
        if revision is not None and back_to_review:
            lesson.submitted_at = utcnow()
    return revision


def needs_review_again(lesson: Lesson, by: User) -> bool:
    """A published lesson its owner changed, when the owner may not publish without review."""
    published = lesson.status == LessonStatus.PUBLISHED.value
    by_owner = lesson.owner_id == by.id
    return published and by_owner and not policy.publishes_directly(policy.role_of(by))


def submit(lesson: Lesson, *, by: User, expected_version: int | None) -> LessonStatus:
    """Offer a draft for review, or publish it at once when the policy lets `by` do so."""
    publish = policy.can(by, "publish", lesson)
    if not publish:
        policy.authorize(by, "submit", lesson)
    _check_version(lesson, expected_version)
    with _written(lesson):
        if publish:
            service.set_status(lesson, LessonStatus.PUBLISHED)
        else:
            service.set_status(lesson, LessonStatus.REVIEW)
            lesson.submitted_at = utcnow()
        lesson.review_comment = None
    return LessonStatus(lesson.status)


def approve(lesson: Lesson, *, by: User, expected_version: int | None) -> None:
    policy.authorize(by, "approve", lesson)
    _check_version(lesson, expected_version)
    with _written(lesson):
        service.set_status(lesson, LessonStatus.PUBLISHED)
        lesson.review_comment = None
        notices.review_outcome(lesson)


def send_back(lesson: Lesson, *, by: User, comment: str, expected_version: int | None) -> None:
    """Return a lesson to its maker with what should change."""
    policy.authorize(by, "return", lesson)
    comment = comment.strip()
    if not comment:
        raise WorkflowError("Schrijf erbij wat de maker moet veranderen.", "comment")
    if len(comment) > MAX_COMMENT_LENGTH:
        raise WorkflowError(
            f"Houd je toelichting korter dan {MAX_COMMENT_LENGTH} tekens.", "comment"
        )
    _check_version(lesson, expected_version)
    with _written(lesson):
        service.set_status(lesson, LessonStatus.RETURNED)
        lesson.review_comment = comment
        notices.review_outcome(lesson)


def archive(lesson: Lesson, *, by: User, expected_version: int | None) -> None:
    """Take a published lesson offline (it can be restored)."""
    policy.authorize(by, "archive", lesson)
    _check_version(lesson, expected_version)
    with _written(lesson):
        service.set_status(lesson, LessonStatus.ARCHIVED)


def restore(lesson: Lesson, *, by: User, expected_version: int | None) -> None:
    policy.authorize(by, "restore", lesson)
    _check_version(lesson, expected_version)
    with _written(lesson):
        service.set_status(lesson, LessonStatus.PUBLISHED)


def delete_draft(lesson: Lesson, *, by: User, expected_version: int | None) -> None:
    """Delete a lesson that was never published, with all its revisions."""
    policy.authorize(by, "delete", lesson)
    _check_version(lesson, expected_version)
    with _written(lesson):
        db.session.delete(lesson)
