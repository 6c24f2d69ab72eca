"""Lesson harvest key: the source a harvested lesson came from and its identifier there

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 10:00:00.000000

Harvested lessons were found by the `x-harvest-origin` entry of their metadata alone.
The key moves into two columns with a unique index; lessons harvested before are
keyed by what their metadata recorded.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

lesson = sa.table(
    'lesson',
    sa.column('id', sa.Integer),
    sa.column('owner_id', sa.Integer),
    sa.column('current_revision_id', sa.Integer),
    sa.column('harvest_source', sa.String),
    sa.column('harvest_identifier', sa.String),
)
revision_table = sa.table('revision', sa.column('id', sa.Integer), sa.column('metadata', sa.JSON))


def upgrade():
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.add_column(sa.Column('harvest_source', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('harvest_identifier', sa.String(length=300), nullable=True))
        # A unique index, not a constraint: SQLite adds it without copying the table.
        batch_op.create_index(
            'ix_lesson_harvest_key', ['harvest_source', 'harvest_identifier'], unique=True
        )

    connection = op.get_bind()
    rows = connection.execute(
        sa.select(lesson.c.id, revision_table.c.metadata)
        .join(revision_table, revision_table.c.id == lesson.c.current_revision_id)
        .where(lesson.c.owner_id.is_(None))
    )
    taken = set()
    for lesson_id, metadata in rows.all():
        origin = (metadata or {}).get('x-harvest-origin')
        if not isinstance(origin, dict) or not origin.get('repository'):
            continue
        key = (str(origin['repository'])[:500], str(origin.get('identifier', ''))[:300])
        if key in taken:
            continue  # the index allows one lesson per key; the others become our own
        taken.add(key)
        connection.execute(
            lesson.update()
            .where(lesson.c.id == lesson_id)
            .values(harvest_source=key[0], harvest_identifier=key[1])
        )


def downgrade():
    op.drop_index('ix_lesson_harvest_key', table_name='lesson')
    # Plain ALTER TABLE (SQLite 3.35+ has DROP COLUMN): a batch copy of `lesson` would
    # drop the table, which SQLite's foreign keys refuse while revisions point at it.
    op.execute('ALTER TABLE lesson DROP COLUMN harvest_identifier')
    op.execute('ALTER TABLE lesson DROP COLUMN harvest_source')
