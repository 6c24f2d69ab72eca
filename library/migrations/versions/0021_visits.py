"""Visits: a teacher's request for an activity, and the seats taken on a fixed date

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 15:38:36.447124

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('activity_date_id', sa.Integer(), nullable=True),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('school_name', sa.String(length=200), nullable=False),
    sa.Column('grade', sa.String(length=40), nullable=True),
    sa.Column('pupils', sa.Integer(), nullable=True),
    sa.Column('preferred_periods', sa.String(length=500), nullable=False),
    sa.Column('working_on', sa.Text(), nullable=False),
    sa.Column('wants_to', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activity_date_id'], ['activity_date.id'], name=op.f('fk_visit_activity_date_id_activity_date')),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_visit_activity_id_activity')),
    sa.ForeignKeyConstraint(['teacher_id'], ['user.id'], name=op.f('fk_visit_teacher_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit'))
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_activity_date_id'), ['activity_date_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_teacher_id'), ['teacher_id'], unique=False)

    with op.batch_alter_table('activity_date', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seats_taken', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_activity_date_seats_left'), 'seats_taken BETWEEN 0 AND seats'
        )



def downgrade():
    with op.batch_alter_table('activity_date', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_activity_date_seats_left'), type_='check')
        batch_op.drop_column('seats_taken')

    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_teacher_id'))
        batch_op.drop_index(batch_op.f('ix_visit_status'))
        batch_op.drop_index(batch_op.f('ix_visit_activity_id'))
        batch_op.drop_index(batch_op.f('ix_visit_activity_date_id'))

    op.drop_table('visit')
