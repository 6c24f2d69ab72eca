"""Forks of forks: a lesson's ancestors and its family tree, each in one recursive query."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import db
from library.lessons.models import Lesson, LessonStatus


def ancestors(lesson: Lesson) -> list[Lesson]:
    """The chain of sources, nearest first (source, its source, ...), in one query."""
    chain = (
        sa.select(Lesson.id, Lesson.forked_from_id, sa.literal(1).label("depth"))
        .where(Lesson.id == lesson.forked_from_id)
        .cte("chain", recursive=True)
    )
    parent = so.aliased(Lesson)
    chain = chain.union_all(
        sa.select(parent.id, parent.forked_from_id, (chain.c.depth + 1).label("depth"))
        .join(chain, parent.id == chain.c.forked_from_id)
        .where(chain.c.depth < 100)
    )
    rows = db.session.execute(
        sa.select(Lesson, chain.c.depth)
        .join(chain, Lesson.id == chain.c.id)
        .options(so.selectinload(Lesson.current_revision))
        .order_by(chain.c.depth)
    )
    return [lesson for lesson, _depth in rows]


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
