"""Visit steps: the planned voorgesprek, the agreed question, date and preparations, a reason,
the teacher's follow-up

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 15:46:18.563107

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('intake_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('intake_note', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('question', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('teacher_prepares', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('lab_prepares', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('reason', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('went_well', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('ran_into', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('class_did_next', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('followed_up_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_column('followed_up_at')
        batch_op.drop_column('class_did_next')
        batch_op.drop_column('ran_into')
        batch_op.drop_column('went_well')
        batch_op.drop_column('reason')
        batch_op.drop_column('lab_prepares')
        batch_op.drop_column('teacher_prepares')
        batch_op.drop_column('ends_at')
        batch_op.drop_column('starts_at')
        batch_op.drop_column('question')
        batch_op.drop_column('intake_note')
        batch_op.drop_column('intake_at')

