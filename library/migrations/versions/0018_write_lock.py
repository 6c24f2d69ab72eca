"""Write locks: named rows a transaction holds so the same work does not run twice at once

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('write_lock',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_write_lock'))
    )
    op.bulk_insert(table, [{'name': 'lesson-files', 'taken_at': None}])


def downgrade():
    op.drop_table('write_lock')
