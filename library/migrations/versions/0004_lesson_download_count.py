"""Lesson download count

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 23:52:05.564211

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.add_column(sa.Column('download_count', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.drop_column('download_count')

