"""The same library on PostgreSQL: migrations, import, idempotence, pages and API.

Runs when LIBRARY_TEST_POSTGRES_URL names an empty database (CI starts one);
skipped on a developer machine without it, but in CI (CI=true) its absence is a failure.
"""

import os

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from library.db import db
from library.lessons.importer import import_path
from tests.conftest import FIXTURES, make_app

URL = os.environ.get("LIBRARY_TEST_POSTGRES_URL")


@pytest.fixture
def pg_app(tmp_path):
    if not URL:
        if os.environ.get("CI"):
            pytest.fail("LIBRARY_TEST_POSTGRES_URL is not set in CI")
        pytest.skip("LIBRARY_TEST_POSTGRES_URL not set")
    app = make_app(tmp_path, tmp_path / "unused.sqlite3", DATABASE_URL=URL)
    app.config["SQLALCHEMY_DATABASE_URI"] = URL.replace("postgresql://", "postgresql+psycopg://", 1)
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()


def test_lessons_import_and_serve_on_postgresql(pg_app):
    first = import_path(FIXTURES / "lessons")
    again = import_path(FIXTURES / "lessons")
    assert len(first.created) == 3 and len(again.unchanged) == 3
    assert db.session.scalar(sa.text("select count(*) from revision")) == 3
    client = pg_app.test_client()
    data = client.get("/api/v1/lessons?world=wonen-werken-verkeer").get_json()
    assert data["total"] == 2
    assert client.get("/lessen/brug-voor-kleuters").status_code == 200
    assert "Gebaseerd op" in client.get("/lessen/brug-voor-kleuters").get_data(as_text=True)
