"""The same library on PostgreSQL: migrations, import, idempotence, pages and API.

Runs when LIBRARY_TEST_POSTGRES_URL names an empty database (CI starts one);
skipped on a developer machine without it, but in CI (CI=true) its absence is a failure.
"""

import sqlalchemy as sa

from library.db import db
from library.lessons.importer import import_path
from tests.helpers.app import FIXTURES


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
