"""Fixtures: every test gets its own database (a copy of one migrated template),
upload folder and index folder under tmp_path; nothing touches the developer's own."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from library.db import db
from tests.helpers.app import FIXTURES, POSTGRES_URL, make_app


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Path:
    """One database migrated with Alembic (as production is), copied for every test."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite3"
    app = make_app(folder, path)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture
def app(whoosh_app):
    return whoosh_app


@pytest.fixture
def whoosh_app(tmp_path, migrated_database):
    """The app on a copy of the migrated SQLite database, searching with Whoosh."""
    database = tmp_path / "library.sqlite3"
    shutil.copy(migrated_database, database)
    app = make_app(tmp_path, database)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def fixture_lessons(tmp_path) -> Path:
    """A writable copy of the fixture lesson folder."""
    target = tmp_path / "lessons"
    shutil.copytree(FIXTURES / "lessons", target)
    return target


@pytest.fixture
def imported(app, fixture_lessons):
    """The app with the fixture lessons imported."""
    from library.lessons.importer import import_path

    import_path(fixture_lessons)
    return app


@pytest.fixture
def content_folder(tmp_path) -> Path:
    """`content/` as the repository has it, writable: the fixture lessons and two labs."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURES / "lessons", folder / "lessons")
    shutil.copytree(FIXTURES / "techlabs", folder / "techlabs")
    return folder


@pytest.fixture
def labs(app, content_folder):
    """The app with the fixture lessons and labs imported (a lab in Utrecht, one in Twente)."""
    from library.lessons.importer import import_content

    import_content(content_folder)
    return app


@pytest.fixture
def smtp(app):
    """A real SMTP server on a loopback port; the app sends its mail there."""
    from tests.helpers.mailbox import SMTPServer

    server = SMTPServer()
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=False)
    yield server
    server.stop()


@pytest.fixture
def pg_app(tmp_path):
    """The app on the PostgreSQL database of LIBRARY_TEST_POSTGRES_URL, migrated and emptied
    (another test's rows would meet a migration's story), taken down to no tables after;
    skipped without one, except in CI (CI=true), where its absence is a failure."""
    app = _emptied_postgres_app(tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()


SEEDED_TABLES = {"alembic_version", "write_lock"}


def _emptied_postgres_app(tmp_path, **config):
    """An app on the migrated PostgreSQL test database (see `pg_app`), emptied but for the
    rows the migrations write (the named write locks)."""
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            pytest.fail("LIBRARY_TEST_POSTGRES_URL is not set in CI")
        pytest.skip("LIBRARY_TEST_POSTGRES_URL not set")
    app = make_app(tmp_path, tmp_path / "unused.sqlite3", DATABASE_URL=POSTGRES_URL, **config)
    with app.app_context():
        upgrade()
        tables = ", ".join(
            f'"{table.name}"'
            for table in db.metadata.sorted_tables
            if table.name not in SEEDED_TABLES
        )
        db.session.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()
    return app


@pytest.fixture
def postgres_search_app(tmp_path):
    """The app on PostgreSQL searching with PostgreSQL's own full-text search."""
    app = _emptied_postgres_app(tmp_path, SEARCH_BACKEND="postgres")
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(params=["whoosh", "postgres"])
def backend_app(request):
    """The app with each search backend in turn (for the folders whose `app` it is); a test
    that concerns one backend only says so with `@pytest.mark.backend("whoosh")`."""
    marker = request.node.get_closest_marker("backend")
    if marker and request.param not in marker.args:
        pytest.skip(f"concerns the {', '.join(marker.args)} backend only")
    name = "whoosh_app" if request.param == "whoosh" else "postgres_search_app"
    return request.getfixturevalue(name)
