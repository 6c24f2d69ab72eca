"""Revisions record whether they were published, and a moderator's redaction

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 10:00:00.000000

The backfill marks as published what the data shows the public saw:
- every revision of a lesson without an owner (imports and harvests publish each one);
- the current revision of a published lesson;
- the revision that was current when the lesson was first published;
- every later revision of a lesson that never went through review (its maker
  published directly, so each save went live);
- every revision an adaptation made here was forked from (only published lessons fork).
Anything else (drafts, what waited for review or was sent back) stays unpublished:
when in doubt a revision is hidden from the public, never shown.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE, no batch copy: SQLite's foreign keys (on for every connection)
    # refuse to drop a table that sections and lessons point at. SQLite adds a column in
    # place only with a literal default, PostgreSQL wants a boolean one.
    false = '0' if op.get_bind().dialect.name == 'sqlite' else 'false'
    op.add_column('revision', sa.Column('published', sa.Boolean(), server_default=false, nullable=False))
    op.add_column('revision', sa.Column('redacted_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('revision', sa.Column('redacted_by', sa.String(length=200), nullable=True))
    op.add_column('revision', sa.Column('redaction_reason', sa.String(length=500), nullable=True))
    _backfill()


def _backfill():
    revision_t = sa.table(
        'revision',
        sa.column('id'), sa.column('lesson_id'), sa.column('number'),
        sa.column('created_at'), sa.column('published'),
    )
    lesson_t = sa.table(
        'lesson',
        sa.column('id'), sa.column('status'), sa.column('owner_id'),
        sa.column('current_revision_id'), sa.column('forked_from_revision_id'),
        sa.column('published_at'), sa.column('submitted_at'),
    )
    earlier = revision_t.alias('earlier')
    first_published = (
        sa.select(sa.func.max(earlier.c.number))
        .where(
            earlier.c.lesson_id == lesson_t.c.id,
            earlier.c.created_at <= lesson_t.c.published_at,
        )
        .scalar_subquery()
    )
    seen = sa.select(revision_t.c.id).join(lesson_t, lesson_t.c.id == revision_t.c.lesson_id).where(
        sa.or_(
            lesson_t.c.owner_id.is_(None),
            sa.and_(
                lesson_t.c.status == 'published',
                lesson_t.c.current_revision_id == revision_t.c.id,
            ),
            revision_t.c.number == first_published,
            sa.and_(
                lesson_t.c.submitted_at.is_(None),
                lesson_t.c.published_at.is_not(None),
                revision_t.c.created_at >= lesson_t.c.published_at,
            ),
        )
    )
    forked_from = sa.select(lesson_t.c.forked_from_revision_id).where(
        lesson_t.c.owner_id.is_not(None), lesson_t.c.forked_from_revision_id.is_not(None)
    )
    op.execute(
        revision_t.update()
        .where(sa.or_(revision_t.c.id.in_(seen), revision_t.c.id.in_(forked_from)))
        .values(published=sa.true())
    )


def downgrade():
    # SQLite drops columns in place (3.35 and later), so no batch copy here either.
    for column in ('redaction_reason', 'redacted_by', 'redacted_at', 'published'):
        op.drop_column('revision', column)
