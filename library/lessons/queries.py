"""Reading lessons: the newest, counts per term, those tagged with a term, a maker's own,
one lesson with all it shows and one of its revisions.

Lists of lessons with words and filters come from the search index (`library.search`).

Written once with eager loading so a page costs a fixed number of queries,
never one per lesson.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import db
from library.lessons.models import Lesson, LessonStatus, Revision, Section, lesson_term
from library.vocab.models import VocabularyTerm

if TYPE_CHECKING:
    from library.accounts.models import User


def _published() -> sa.Select:
    return sa.select(Lesson).where(Lesson.status == LessonStatus.PUBLISHED.value)


def newest_published(limit: int = 6) -> list[Lesson]:
    return list(
        db.session.scalars(
            _published()
            .options(so.selectinload(Lesson.current_revision))
            .order_by(Lesson.published_at.desc(), Lesson.id.desc())
            .limit(limit)
        )
    )


def counts_by_term(vocabulary: str) -> dict[str, int]:
    """Published lessons per term of one vocabulary (for the entry points on the home page)."""
    rows = db.session.execute(
        sa.select(VocabularyTerm.key, sa.func.count(lesson_term.c.lesson_id))
        .join(lesson_term, lesson_term.c.term_id == VocabularyTerm.id)
        .join(Lesson, Lesson.id == lesson_term.c.lesson_id)
        .where(
            VocabularyTerm.vocabulary == vocabulary, Lesson.status == LessonStatus.PUBLISHED.value
        )
        .group_by(VocabularyTerm.key)
    )
    return {key: count for key, count in rows}


def tagged_with(vocabulary: str, keys: Collection[str] | None = None) -> sa.Select:
    """The ids of the lessons tagged with one of `keys` of a vocabulary (with any of its
    terms when `keys` is None), in any status: a subquery for `Lesson.id.in_(...)`, so the
    caller's page still costs one query."""
    tagged = (
        sa.select(lesson_term.c.lesson_id)
        .join(VocabularyTerm, VocabularyTerm.id == lesson_term.c.term_id)
        .where(VocabularyTerm.vocabulary == vocabulary)
    )
    return tagged if keys is None else tagged.where(VocabularyTerm.key.in_(keys))


def _with_content(query: sa.Select) -> sa.Select:
    return query.options(
        so.joinedload(Lesson.current_revision).selectinload(Revision.sections),
        so.joinedload(Lesson.current_revision).selectinload(Revision.attachments),
        so.joinedload(Lesson.forked_from),
        so.joinedload(Lesson.forked_from_revision),
    )


def published_among(slugs: Collection[str]) -> set[str]:
    """Which of these lessons are published now: the truth search checks its hits against."""
    if not slugs:
        return set()
    return set(
        db.session.scalars(
            sa.select(Lesson.slug).where(
                Lesson.slug.in_(slugs), Lesson.status == LessonStatus.PUBLISHED.value
            )
        )
    )


def get_published(slug: str) -> Lesson | None:
    """A published lesson with everything its page and JSON show, in a fixed number of queries."""
    return db.session.scalar(_with_content(_published().where(Lesson.slug == slug)))


def get_lesson_with_content(slug: str) -> Lesson | None:
    """A lesson in any status, loaded like `get_published`; the caller asks the policy."""
    return db.session.scalar(_with_content(sa.select(Lesson).where(Lesson.slug == slug)))


def get_revision(lesson: Lesson, number: int) -> Revision | None:
    """Revision `number` of the lesson with its sections and files; the caller asks the
    policy whether the user may see it."""
    return db.session.scalar(
        sa.select(Revision)
        .where(Revision.lesson_id == lesson.id, Revision.number == number)
        .options(so.selectinload(Revision.sections), so.selectinload(Revision.attachments))
    )


def lessons_of(user: User) -> list[Lesson]:
    """A user's own lessons, last changed first."""
    return list(
        db.session.scalars(
            sa.select(Lesson)
            .where(Lesson.owner_id == user.id)
            .order_by(Lesson.updated_at.desc(), Lesson.id.desc())
        )
    )


def longest_phase_sections(per_phase: int) -> list[sa.Row]:
    """Per cycle and phase, the published lessons whose section for that phase is longest
    (characters of its Markdown, ties by title): the phases most fully worked out.

    One query: a window numbers the sections of each cycle and phase. A lesson with the same
    phase twice is counted by its longest, so each lesson appears once per phase.
    """
    length = sa.func.length(Section.markdown)
    longest = (
        sa.select(
            Lesson.kind,
            Section.phase,
            Lesson.slug,
            Lesson.title,
            Revision.metadata_.label("metadata"),
            Section.html,
            Section.markdown,
            length.label("length"),
            sa.func.row_number()
            .over(partition_by=(Lesson.id, Section.phase), order_by=(length.desc(), Section.id))
            .label("within_lesson"),
        )
        .join(Revision, Revision.id == Lesson.current_revision_id)
        .join(Section, Section.revision_id == Revision.id)
        .where(Lesson.status == LessonStatus.PUBLISHED.value, Section.phase.is_not(None))
        .subquery()
    )
    ranked = (
        sa.select(
            longest,
            sa.func.row_number()
            .over(
                partition_by=(longest.c.kind, longest.c.phase),
                order_by=(longest.c.length.desc(), longest.c.title, longest.c.slug),
            )
            .label("rank"),
        )
        .where(longest.c.within_lesson == 1)
        .subquery()
    )
    return list(
        db.session.execute(
            sa.select(ranked)
            .where(ranked.c.rank <= per_phase)
            .order_by(ranked.c.kind, ranked.c.phase, ranked.c.rank)
        )
    )
