"""Fixtures: every test gets its own database (a copy of one migrated template),
upload folder and index folder under tmp_path; nothing touches the developer's own."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
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
def app(tmp_path, migrated_database):
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
    again; skipped without one, except in CI (CI=true), where its absence is a failure."""
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            pytest.fail("LIBRARY_TEST_POSTGRES_URL is not set in CI")
        pytest.skip("LIBRARY_TEST_POSTGRES_URL not set")
    app = make_app(tmp_path, tmp_path / "unused.sqlite3", DATABASE_URL=POSTGRES_URL)
    app.config["SQLALCHEMY_DATABASE_URI"] = POSTGRES_URL.replace(
        "postgresql://", "postgresql+psycopg://", 1
    )
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()
