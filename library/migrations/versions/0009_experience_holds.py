"""Experience holds: hidden experiences stay hidden for their writer and lesson

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('experience_hold',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('held_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_experience_hold_author_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['held_by_id'], ['user.id'], name=op.f('fk_experience_hold_held_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'], name=op.f('fk_experience_hold_lesson_id_lesson'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experience_hold')),
    sa.UniqueConstraint('lesson_id', 'author_id', name='uq_experience_hold_lesson_author')
    )
    with op.batch_alter_table('experience_hold', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experience_hold_author_id'), ['author_id'], unique=False)
    # Experiences hidden before holds existed place their hold now.
    op.execute(
        "INSERT INTO experience_hold (lesson_id, author_id, reason, held_by_id, created_at) "
        "SELECT lesson_id, author_id, MIN(COALESCE(hidden_reason, '')), MIN(hidden_by_id), "
        "MIN(updated_at) FROM experience WHERE hidden GROUP BY lesson_id, author_id"
    )


def downgrade():
    with op.batch_alter_table('experience_hold', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experience_hold_author_id'))

    op.drop_table('experience_hold')
