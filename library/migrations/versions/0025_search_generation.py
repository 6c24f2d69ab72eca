"""Search generation: the last transaction that changed lesson_search, set by a trigger

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05 08:00:00.000000

Every app process keeps bitsets of the facet values per generation of the
PostgreSQL search table; the generation tells it when they are out of date. The
trigger runs BEFORE each statement, so a writer takes the state row's lock before
any search row's: writers of the search table cannot deadlock on it. On SQLite
the table exists, empty (the Whoosh backend serves there).
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_state",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_state")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION search_state_advance() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO search_state (id, generation)
            VALUES (1, pg_current_xact_id()::text::bigint)
            ON CONFLICT (id) DO UPDATE SET generation = excluded.generation;
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER lesson_search_advance BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE "
        "ON lesson_search FOR EACH STATEMENT EXECUTE FUNCTION search_state_advance()"
    )
    op.execute(
        "INSERT INTO search_state (id, generation) VALUES (1, pg_current_xact_id()::text::bigint)"
    )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER lesson_search_advance ON lesson_search")
        op.execute("DROP FUNCTION search_state_advance()")
    op.drop_table("search_state")
