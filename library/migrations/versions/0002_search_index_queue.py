"""Search index queue

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 23:28:22.707484

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('index_queue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('queued_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_index_queue')),
    sa.UniqueConstraint('slug', name=op.f('uq_index_queue_slug'))
    )


def downgrade():
    op.drop_table('index_queue')
