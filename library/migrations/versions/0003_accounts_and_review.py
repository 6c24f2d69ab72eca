"""Accounts, lesson owners, optimistic locking and review

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 23:34:28.009320

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('key', sa.String(length=254), nullable=False),
    sa.Column('failed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failure'))
    )
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index('ix_login_failure_scope_key', ['scope', 'key', 'failed_at'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('requested_role', sa.String(length=20), nullable=True),
    sa.Column('organisation', sa.String(length=200), nullable=True),
    sa.Column('region', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email')),
    sa.UniqueConstraint('session_token', name=op.f('uq_user_session_token'))
    )
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('review_comment', sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f('ix_lesson_owner_id'), ['owner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_lesson_owner_id_user'), 'user', ['owner_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_revision_author_id'), ['author_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_revision_author_id_user'), 'user', ['author_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_revision_author_id_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_revision_author_id'))
        batch_op.drop_column('author_id')

    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_lesson_owner_id_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_lesson_owner_id'))
        batch_op.drop_column('review_comment')
        batch_op.drop_column('submitted_at')
        batch_op.drop_column('version')
        batch_op.drop_column('owner_id')

    op.drop_table('user')
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_login_failure_scope_key')

    op.drop_table('login_failure')
