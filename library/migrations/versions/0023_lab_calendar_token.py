"""Lab calendar token: the secret in the URL of a lab's iCalendar feed of its visits

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 16:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lab', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_lab_calendar_token'), ['calendar_token'])


def downgrade():
    with op.batch_alter_table('lab', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_lab_calendar_token'), type_='unique')
        batch_op.drop_column('calendar_token')
