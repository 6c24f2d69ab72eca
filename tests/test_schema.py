"""The models and the migrations describe one schema: after `flask db upgrade`,
`flask db migrate` finds nothing to write, on SQLite and (where LIBRARY_TEST_POSTGRES_URL
is set) PostgreSQL; and what it writes for a new model imports nothing from the library."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata, produce_migrations, render_python_code
from alembic.migration import MigrationContext
from flask import current_app

from library.db import db
from tests.helpers.app import make_app


def _context(connection) -> MigrationContext:
    """The migration context `flask db migrate` compares in, with the app's own options."""
    options = current_app.extensions["migrate"].configure_args
    return MigrationContext.configure(connection, opts={"compare_type": True, **options})


def _differences() -> list:
    with db.engine.connect() as connection:
        return compare_metadata(_context(connection), db.metadata)


def test_models_match_the_migrations_on_sqlite(app):
    assert _differences() == []


def test_models_match_the_migrations_on_postgresql(pg_app):
    assert _differences() == []


def test_a_migration_written_from_the_models_names_only_sqlalchemy_types(tmp_path):
    app = make_app(tmp_path, tmp_path / "empty.sqlite3")
    with app.app_context():
        with db.engine.connect() as connection:
            context = _context(connection)
            operations = produce_migrations(context, db.metadata).upgrade_ops
            code = render_python_code(
                operations, render_item=context.opts["render_item"], migration_context=context
            )
        db.engine.dispose()
    assert "sa.Column('created_at', sa.DateTime(timezone=True)" in code
    assert "library." not in code
