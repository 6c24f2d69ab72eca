"""Learning lines

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 00:28:13.549726

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('learning_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_learning_line_owner_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_line')),
    sa.UniqueConstraint('slug', name=op.f('uq_learning_line_slug'))
    )
    with op.batch_alter_table('learning_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_line_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_learning_line_published'), ['published'], unique=False)

    op.create_table('line_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('grade', sa.String(length=40), nullable=False),
    sa.Column('explanation', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'], name=op.f('fk_line_step_lesson_id_lesson'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['line_id'], ['learning_line.id'], name=op.f('fk_line_step_line_id_learning_line'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_line_step')),
    sa.UniqueConstraint('line_id', 'lesson_id', name='uq_line_step_lesson')
    )
    with op.batch_alter_table('line_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_line_step_lesson_id'), ['lesson_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_line_step_line_id'), ['line_id'], unique=False)



def downgrade():
    with op.batch_alter_table('line_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_line_step_line_id'))
        batch_op.drop_index(batch_op.f('ix_line_step_lesson_id'))

    op.drop_table('line_step')
    with op.batch_alter_table('learning_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_line_published'))
        batch_op.drop_index(batch_op.f('ix_learning_line_owner_id'))

    op.drop_table('learning_line')
