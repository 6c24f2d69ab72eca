"""PostgreSQL search: lesson documents as weighted tsvectors, and the index's words

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03 14:00:00.000000

The tables exist on every database (empty on SQLite, where the Whoosh backend
serves); on PostgreSQL the vectors are `tsvector`s with GIN indexes, and the
words get a trigram index (`pg_trgm`, a contrib extension every managed
PostgreSQL offers).
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

VECTOR = sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql")
KEYS = sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")
DATA = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "lesson_search",
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("document", VECTOR, nullable=False),
        sa.Column("facet_values", KEYS, nullable=False),
        sa.Column("published", sa.BigInteger(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("preparation_minutes", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("experiences", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("card", DATA, nullable=False),
        sa.Column("values", DATA, nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_lesson_search")),
    )
    with op.batch_alter_table("lesson_search", schema=None) as batch_op:
        batch_op.create_index(
            "ix_lesson_search_document", ["document"], unique=False, postgresql_using="gin"
        )
        batch_op.create_index(
            "ix_lesson_search_facet_values", ["facet_values"], unique=False, postgresql_using="gin"
        )
    op.create_table(
        "search_word",
        sa.Column("word", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_search_word")),
    )
    with op.batch_alter_table("search_word", schema=None) as batch_op:
        batch_op.create_index(
            "ix_search_word_trigrams",
            ["word"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"word": "gin_trgm_ops"},
        )


def downgrade():
    with op.batch_alter_table("search_word", schema=None) as batch_op:
        batch_op.drop_index("ix_search_word_trigrams")
    op.drop_table("search_word")
    with op.batch_alter_table("lesson_search", schema=None) as batch_op:
        batch_op.drop_index("ix_lesson_search_facet_values")
        batch_op.drop_index("ix_lesson_search_document")
    op.drop_table("lesson_search")
