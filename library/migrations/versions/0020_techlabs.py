"""Techlabs: labs, their periods, activities, fixed dates and staff

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 15:06:31.174142

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lab',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('operator', sa.String(length=200), nullable=False),
    sa.Column('region', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('travel_notes', sa.Text(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('technologies', sa.JSON(), nullable=False),
    sa.Column('guides', sa.JSON(), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('public_contact', sa.JSON(), nullable=False),
    sa.Column('description_markdown', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lab')),
    sa.UniqueConstraint('slug', name=op.f('uq_lab_slug'))
    )
    with op.batch_alter_table('lab', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lab_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_lab_region'), ['region'], unique=False)

    op.create_table('activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lab_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('summary', sa.String(length=400), nullable=False),
    sa.Column('description_markdown', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('parents_welcome', sa.Boolean(), nullable=False),
    sa.Column('teacher_format', sa.String(length=20), nullable=True),
    sa.Column('worlds', sa.JSON(), nullable=False),
    sa.Column('grades', sa.JSON(), nullable=False),
    sa.Column('duration', sa.Integer(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('cost_cents', sa.Integer(), nullable=False),
    sa.Column('cost_conditions', sa.String(length=300), nullable=False),
    sa.Column('school_brings', sa.String(length=500), nullable=False),
    sa.Column('preparation_lesson', sa.String(length=80), nullable=True),
    sa.Column('follow_up_lesson', sa.String(length=80), nullable=True),
    sa.Column('scheduling', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['lab_id'], ['lab.id'], name=op.f('fk_activity_lab_id_lab'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity')),
    sa.UniqueConstraint('lab_id', 'slug', name='uq_activity_lab_slug')
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_follow_up_lesson'), ['follow_up_lesson'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_preparation_lesson'), ['preparation_lesson'], unique=False)

    op.create_table('lab_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lab_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_lab_period_period_in_order')),
    sa.ForeignKeyConstraint(['lab_id'], ['lab.id'], name=op.f('fk_lab_period_lab_id_lab'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lab_period'))
    )
    with op.batch_alter_table('lab_period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lab_period_lab_id'), ['lab_id'], unique=False)

    op.create_table('lab_staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lab_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lab_id'], ['lab.id'], name=op.f('fk_lab_staff_lab_id_lab'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_lab_staff_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lab_staff')),
    sa.UniqueConstraint('lab_id', 'user_id', name='uq_lab_staff_member')
    )
    with op.batch_alter_table('lab_staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lab_staff_user_id'), ['user_id'], unique=False)

    op.create_table('activity_date',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('ends_at', sa.Time(), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_activity_date_time_in_order')),
    sa.CheckConstraint('seats > 0', name=op.f('ck_activity_date_seats_positive')),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_date_activity_id_activity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_date')),
    sa.UniqueConstraint('activity_id', 'day', 'starts_at', name='uq_activity_date_moment')
    )


def downgrade():
    op.drop_table('activity_date')
    with op.batch_alter_table('lab_staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lab_staff_user_id'))

    op.drop_table('lab_staff')
    with op.batch_alter_table('lab_period', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lab_period_lab_id'))

    op.drop_table('lab_period')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_preparation_lesson'))
        batch_op.drop_index(batch_op.f('ix_activity_follow_up_lesson'))

    op.drop_table('activity')
    with op.batch_alter_table('lab', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lab_region'))
        batch_op.drop_index(batch_op.f('ix_lab_kind'))

    op.drop_table('lab')
