"""Experiences

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 00:15:17.899251

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('experience',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.String(length=40), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('went_well', sa.Text(), nullable=False),
    sa.Column('watch_out', sa.Text(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.Column('hidden_reason', sa.String(length=300), nullable=True),
    sa.Column('hidden_by_id', sa.Integer(), nullable=True),
    sa.Column('seen_by_owner', sa.Boolean(), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_experience_rating_range')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_experience_author_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['hidden_by_id'], ['user.id'], name=op.f('fk_experience_hidden_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'], name=op.f('fk_experience_lesson_id_lesson'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experience')),
    sa.UniqueConstraint('lesson_id', 'author_id', 'grade', name='uq_experience_lesson_author')
    )
    with op.batch_alter_table('experience', schema=None) as batch_op:
        batch_op.create_index('ix_experience_author_created', ['author_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_experience_lesson_id'), ['lesson_id'], unique=False)



def downgrade():
    with op.batch_alter_table('experience', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experience_lesson_id'))
        batch_op.drop_index('ix_experience_author_created')

    op.drop_table('experience')
