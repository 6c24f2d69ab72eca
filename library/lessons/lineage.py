"""Forks of forks: a lesson's sources and its family tree, each in one recursive query.

A fork is attributed with the source revision it was made from (its title, its
makers, its licence), never with what the source says now: a source that went back
into review may carry a title nobody was meant to read yet. A source revision that
was never published is unknown, and so is everything beyond it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import db
from library.lessons.models import Lesson, LessonStatus, Revision


@dataclass(frozen=True)
class Source:
    """A lesson another one was adapted from, as it was in the revision that was adapted."""

    lesson: Lesson
    revision: Revision

    @property
    def meta(self) -> dict[str, Any]:
        return self.revision.metadata_

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def authors(self) -> list[str]:
        return list(self.meta.get("authors", []))

    @property
    def license(self) -> str:
        return self.meta.get("license", self.lesson.license)

    @property
    def linked(self) -> bool:
        """Whether its page may be linked: only a lesson that is published now."""
        return self.lesson.is_published


def _known(lesson: Lesson | None, revision: Revision | None) -> Source | None:
    if lesson is None or revision is None or not revision.published:
        return None
    return Source(lesson, revision)


def known_source(lesson: Lesson) -> Source | None:
    """The lesson's direct source, when the revision it was adapted from was published."""
    return _known(lesson.forked_from, lesson.forked_from_revision)


def ancestors(lesson: Lesson) -> list[Source]:
    """The chain of sources, nearest first (source, its source, ...), in one query; it
    ends before the first source whose adapted revision was never published."""
    chain = (
        sa.select(
            Lesson.id,
            Lesson.forked_from_id,
            Lesson.forked_from_revision_id,
            sa.literal(lesson.forked_from_revision_id, sa.Integer).label("adapted_id"),
            sa.literal(1).label("depth"),
        )
        .where(Lesson.id == lesson.forked_from_id)
        .cte("chain", recursive=True)
    )
    parent = so.aliased(Lesson)
    chain = chain.union_all(
        sa.select(
            parent.id,
            parent.forked_from_id,
            parent.forked_from_revision_id,
            chain.c.forked_from_revision_id,
            (chain.c.depth + 1).label("depth"),
        )
        .join(chain, parent.id == chain.c.forked_from_id)
        .where(chain.c.depth < 100)
    )
    rows = db.session.execute(
        sa.select(Lesson, Revision)
        .join(chain, Lesson.id == chain.c.id)
        .outerjoin(Revision, Revision.id == chain.c.adapted_id)
        .order_by(chain.c.depth)
    )
    sources = []
    for source_lesson, revision in rows:
        source = _known(source_lesson, revision)
        if source is None:
            break
        sources.append(source)
    return sources


@dataclass
class FamilyNode:
    lesson: Lesson
    children: list[FamilyNode] = field(default_factory=list)

    @property
    def size(self) -> int:
        return 1 + sum(child.size for child in self.children)


def family_tree(root: Lesson, *, published_only: bool = True) -> FamilyNode:
    """The root and all adaptations below it (of any depth), in one query."""
    tree = (
        sa.select(Lesson.id, sa.literal(0).label("depth"))
        .where(Lesson.id == root.id)
        .cte("tree", recursive=True)
    )
    child = so.aliased(Lesson)
    tree = tree.union_all(
        sa.select(child.id, (tree.c.depth + 1).label("depth"))
        .join(tree, child.forked_from_id == tree.c.id)
        .where(tree.c.depth < 100)
    )
    query = (
        sa.select(Lesson)
        .join(tree, Lesson.id == tree.c.id)
        .options(so.selectinload(Lesson.current_revision))
        .order_by(Lesson.created_at, Lesson.id)
    )
    members = list(db.session.scalars(query))
    nodes = {lesson.id: FamilyNode(lesson) for lesson in members}
    for lesson in members:
        if lesson.id != root.id and lesson.forked_from_id in nodes:
            if published_only and lesson.status != LessonStatus.PUBLISHED.value:
                continue
            nodes[lesson.forked_from_id].children.append(nodes[lesson.id])
    return nodes[root.id]


def published_forks(lesson: Lesson) -> list[Lesson]:
    """Direct adaptations of a lesson that are published."""
    return list(
        db.session.scalars(
            sa.select(Lesson)
            .where(
                Lesson.forked_from_id == lesson.id, Lesson.status == LessonStatus.PUBLISHED.value
            )
            .order_by(Lesson.published_at.desc())
        )
    )


def fork_count(lesson: Lesson) -> int:
    """All adaptations (drafts included): how often teachers started from this lesson."""
    return (
        db.session.scalar(sa.select(sa.func.count()).where(Lesson.forked_from_id == lesson.id)) or 0
    )
