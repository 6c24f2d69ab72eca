"""Reading lessons: the filters of `/lessen` and the list API, and one lesson with all it shows.

Written once with eager loading so a page costs a fixed number of queries,
never one per lesson.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import db
from library.lessons.models import Lesson, LessonStatus, Revision, lesson_term
from library.vocab.loader import Vocabularies
from library.vocab.models import VocabularyTerm

# Filter parameter -> vocabulary it takes keys of; term filters go through lesson_term.
TERM_FILTERS = {"world": "worlds", "grade": "grades", "goal": "goals"}
COLUMN_FILTERS = {"kind": "kinds"}
MAX_PER_PAGE = 100


class FilterError(ValueError):
    """A filter parameter a user (or API client) got wrong; the message is for them."""


@dataclass
class LessonFilter:
    """Selected values per filter; several values of one filter are OR, filters are AND."""

    values: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""

    def selected(self, name: str) -> list[str]:
        return self.values.get(name, [])


def parse_filter(args, vocabularies: Vocabularies) -> LessonFilter:
    """Read `world`, `grade`, `goal`, `kind` (repeatable) and `q` from request args."""
    chosen = LessonFilter(text=" ".join((args.get("q") or "").split())[:200])
    for name, vocabulary_name in {**TERM_FILTERS, **COLUMN_FILTERS}.items():
        vocabulary = vocabularies[vocabulary_name]
        values = []
        for value in args.getlist(name):
            if value not in vocabulary:
                hint = ", ".join(vocabulary.suggest(value)) or ", ".join(vocabulary.keys())
                raise FilterError(f"Onbekende waarde '{value}' voor {name}. Kies uit: {hint}.")
            if value not in values:
                values.append(value)
        if values:
            chosen.values[name] = values
    return chosen


def parse_page(args, default_per_page: int) -> tuple[int, int]:
    try:
        page = int(args.get("page", 1))
        per_page = int(args.get("per_page", default_per_page))
    except ValueError:
        raise FilterError("page en per_page moeten hele getallen zijn.") from None
    if page < 1:
        raise FilterError("page moet 1 of hoger zijn.")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise FilterError(f"per_page moet tussen 1 en {MAX_PER_PAGE} liggen.")
    return page, per_page


def _published() -> sa.Select:
    return sa.select(Lesson).where(Lesson.status == LessonStatus.PUBLISHED.value)


def _apply(query: sa.Select, chosen: LessonFilter) -> sa.Select:
    for name, vocabulary in TERM_FILTERS.items():
        values = chosen.selected(name)
        if values:
            matching = (
                sa.select(lesson_term.c.lesson_id)
                .join(VocabularyTerm, VocabularyTerm.id == lesson_term.c.term_id)
                .where(VocabularyTerm.vocabulary == vocabulary, VocabularyTerm.key.in_(values))
            )
            query = query.where(Lesson.id.in_(matching))
    if chosen.selected("kind"):
        query = query.where(Lesson.kind.in_(chosen.selected("kind")))
    if chosen.text:
        for word in chosen.text.split()[:10]:
            pattern = f"%{_escape_like(word)}%"
            query = query.where(
                sa.or_(
                    Lesson.title.ilike(pattern, escape="\\"),
                    Lesson.summary.ilike(pattern, escape="\\"),
                )
            )
    return query


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class LessonPage:
    lessons: list[Lesson]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_published(chosen: LessonFilter, page: int = 1, per_page: int = 24) -> LessonPage:
    """Published lessons matching the filter, newest first, one page of them."""
    query = _apply(_published(), chosen)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    lessons = db.session.scalars(
        query.options(so.selectinload(Lesson.current_revision))
        .order_by(Lesson.published_at.desc(), Lesson.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return LessonPage(list(lessons), total, page, per_page)


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


def _with_content(query: sa.Select) -> sa.Select:
    return query.options(
        so.joinedload(Lesson.current_revision).selectinload(Revision.sections),
        so.joinedload(Lesson.current_revision).selectinload(Revision.attachments),
        so.joinedload(Lesson.forked_from),
        so.joinedload(Lesson.forked_from_revision),
    )


def get_published(slug: str) -> Lesson | None:
    """A published lesson with everything its page and JSON show, in a fixed number of queries."""
    return db.session.scalar(_with_content(_published().where(Lesson.slug == slug)))


def get_lesson_with_content(slug: str) -> Lesson | None:
    """A lesson in any status, loaded like `get_published`; the caller asks the policy."""
    return db.session.scalar(_with_content(sa.select(Lesson).where(Lesson.slug == slug)))
