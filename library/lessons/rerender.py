"""Stored HTML is derived from each revision's Markdown: render all of it again.

Run when the rendering rules change: `flask content render`, or a migration (0016 did
it for the move to cmark-gfm and attachment-only images). Written against plain tables
rather than the models, so a migration can call it while the schema is at its own
revision, on the migration's own connection.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from library.lessons.storage import image_urls
from library.rendering import MarkupBudget, render_markdown

_lesson = sa.table("lesson", sa.column("id"), sa.column("slug"))
_revision = sa.table(
    "revision",
    sa.column("id"),
    sa.column("lesson_id"),
    sa.column("intro_markdown"),
    sa.column("metadata", sa.JSON),
    sa.column("intro_html"),
    sa.column("preparation_html"),
)
_section = sa.table(
    "section",
    sa.column("id"),
    sa.column("revision_id"),
    sa.column("position"),
    sa.column("markdown"),
    sa.column("html"),
)
_attachment = sa.table(
    "attachment", sa.column("revision_id"), sa.column("position"), sa.column("filename")
)
BATCH = 200


def render_stored_html(connection: sa.Connection) -> int:
    """Render every revision's HTML again from its Markdown; returns how many revisions.

    The caller commits (the migration's transaction, or the command's).
    """
    ids = connection.scalars(sa.select(_revision.c.id).order_by(_revision.c.id)).all()
    for start in range(0, len(ids), BATCH):
        _render_batch(connection, ids[start : start + BATCH])
    return len(ids)


def _render_batch(connection: sa.Connection, ids: list[int]) -> None:
    revisions = connection.execute(
        sa.select(_revision.c.id, _lesson.c.slug, _revision.c.intro_markdown, _revision.c.metadata)
        .join(_lesson, _lesson.c.id == _revision.c.lesson_id)
        .where(_revision.c.id.in_(ids))
    ).all()
    files: dict[int, list[str]] = defaultdict(list)
    for revision_id, filename in connection.execute(
        sa.select(_attachment.c.revision_id, _attachment.c.filename)
        .where(_attachment.c.revision_id.in_(ids))
        .order_by(_attachment.c.revision_id, _attachment.c.position)
    ):
        files[revision_id].append(filename)
    sections: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for section_id, revision_id, markdown in connection.execute(
        sa.select(_section.c.id, _section.c.revision_id, _section.c.markdown)
        .where(_section.c.revision_id.in_(ids))
        .order_by(_section.c.revision_id, _section.c.position)
    ):
        sections[revision_id].append((section_id, markdown))
    for revision_id, slug, intro, metadata in revisions:
        images, budget = image_urls(slug, files[revision_id]), MarkupBudget()
        preparation = (metadata or {}).get("preparation", "")
        connection.execute(
            sa.update(_revision)
            .where(_revision.c.id == revision_id)
            .values(
                intro_html=render_markdown(intro or "", images=images, budget=budget),
                preparation_html=render_markdown(preparation, images=images, budget=budget),
            )
        )
        for section_id, markdown in sections[revision_id]:
            html = render_markdown(markdown, images=images, budget=budget)
            connection.execute(
                sa.update(_section).where(_section.c.id == section_id).values(html=html)
            )
