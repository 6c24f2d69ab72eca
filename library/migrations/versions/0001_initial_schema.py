"""Initial schema: lessons, revisions, sections, attachments, vocabulary terms

Revision ID: 7321f30ef1c9
Revises: 
Create Date: 2026-11-24 23:24:08.084546

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lesson',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('current_revision_id', sa.Integer(), nullable=True),
    sa.Column('forked_from_id', sa.Integer(), nullable=True),
    sa.Column('forked_from_revision_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('summary', sa.String(length=400), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('duration', sa.Integer(), nullable=True),
    sa.Column('group_size', sa.Integer(), nullable=True),
    sa.Column('threshold', sa.String(length=20), nullable=True),
    sa.Column('location', sa.String(length=20), nullable=True),
    sa.Column('license', sa.String(length=20), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=True),
    sa.Column('region', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['forked_from_id'], ['lesson.id'], name=op.f('fk_lesson_forked_from_id_lesson'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson')),
    sa.UniqueConstraint('slug', name=op.f('uq_lesson_slug'))
    )
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_forked_from_id'), ['forked_from_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lesson_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_lesson_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_lesson_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_lesson_updated_at'), ['updated_at'], unique=False)

    op.create_table('revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('metadata', sa.JSON(), nullable=False),
    sa.Column('intro_markdown', sa.Text(), nullable=False),
    sa.Column('intro_html', sa.Text(), nullable=False),
    sa.Column('preparation_html', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'], name=op.f('fk_revision_lesson_id_lesson'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revision')),
    sa.UniqueConstraint('lesson_id', 'number', name='uq_revision_lesson_number')
    )
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revision_lesson_id'), ['lesson_id'], unique=False)

    # lesson and revision point at each other: the lesson -> revision keys are added
    # once both tables exist (PostgreSQL checks the referenced table at creation).
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_lesson_current_revision_id_revision', 'revision', ['current_revision_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_lesson_forked_from_revision_id_revision'), 'revision', ['forked_from_revision_id'], ['id'], ondelete='SET NULL')

    op.create_table('vocabulary_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vocabulary', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vocabulary_term')),
    sa.UniqueConstraint('vocabulary', 'key', name='uq_vocabulary_term_key')
    )
    with op.batch_alter_table('vocabulary_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vocabulary_term_vocabulary'), ['vocabulary'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], name=op.f('fk_attachment_revision_id_revision'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_revision_id'), ['revision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_sha256'), ['sha256'], unique=False)

    op.create_table('lesson_term',
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'], name=op.f('fk_lesson_term_lesson_id_lesson'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['vocabulary_term.id'], name=op.f('fk_lesson_term_term_id_vocabulary_term')),
    sa.PrimaryKeyConstraint('lesson_id', 'term_id', name=op.f('pk_lesson_term'))
    )
    with op.batch_alter_table('lesson_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_term_term_id'), ['term_id'], unique=False)

    op.create_table('section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('heading', sa.String(length=200), nullable=False),
    sa.Column('phase', sa.String(length=40), nullable=True),
    sa.Column('markdown', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], name=op.f('fk_section_revision_id_revision'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_section'))
    )
    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_section_revision_id'), ['revision_id'], unique=False)



def downgrade():
    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_section_revision_id'))

    op.drop_table('section')
    with op.batch_alter_table('lesson_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_term_term_id'))

    op.drop_table('lesson_term')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachment_revision_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('vocabulary_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vocabulary_term_vocabulary'))

    op.drop_table('vocabulary_term')
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.drop_constraint('fk_lesson_current_revision_id_revision', type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_lesson_forked_from_revision_id_revision'), type_='foreignkey')

    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revision_lesson_id'))

    op.drop_table('revision')
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_updated_at'))
        batch_op.drop_index(batch_op.f('ix_lesson_status'))
        batch_op.drop_index(batch_op.f('ix_lesson_published_at'))
        batch_op.drop_index(batch_op.f('ix_lesson_kind'))
        batch_op.drop_index(batch_op.f('ix_lesson_forked_from_id'))

    op.drop_table('lesson')
