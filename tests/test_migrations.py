"""Migrations that move data: what was stored before arrives in its new place, on SQLite
and (where LIBRARY_TEST_POSTGRES_URL is set) PostgreSQL."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from library.db import db
from tests.conftest import make_app
from tests.test_postgres import pg_app  # noqa: F401  (the PostgreSQL app fixture)

ORIGIN = {
    "repository": "https://elders.example/oai",
    "identifier": "oai:elders.example:brug",
    "url": "https://elders.example/lessen/brug",
    "revision": "2",
}


def _lesson_before_0011(slug: str, metadata: dict) -> None:
    """A lesson and its revision as the schema of 0010 stores them (no ORM: it has moved on)."""
    now = "2026-01-01 00:00:00"
    lesson_id = db.session.execute(
        sa.text(
            "insert into lesson (slug, status, created_at, updated_at, version, download_count,"
            " title, summary, kind, license) values (:slug, 'published', :now, :now,"
            " 1, 0, 'Brug', 'Een brug', 'onderzoekend', 'cc-by') returning id"
        ),
        {"slug": slug, "now": now},
    ).scalar_one()
    revision_id = db.session.execute(
        sa.text(
            "insert into revision (lesson_id, number, author, message, created_at, metadata,"
            " intro_markdown, intro_html, preparation_html, content_hash) values (:lesson, 1,"
            " 'import', '', :now, :meta, '', '', '', 'x') returning id"
        ),
        {"lesson": lesson_id, "now": now, "meta": json.dumps(metadata)},
    ).scalar_one()
    db.session.execute(
        sa.text("update lesson set current_revision_id = :revision where id = :lesson"),
        {"revision": revision_id, "lesson": lesson_id},
    )


def _harvested_lessons_get_their_key() -> None:
    _lesson_before_0011("brug", {"title": "Brug", "x-harvest-origin": ORIGIN})
    _lesson_before_0011("eigen", {"title": "Eigen"})
    db.session.commit()
    upgrade(revision="0011")
    keys = db.session.execute(
        sa.text("select slug, harvest_source, harvest_identifier from lesson order by slug")
    ).all()
    assert [tuple(row) for row in keys] == [
        ("brug", ORIGIN["repository"], ORIGIN["identifier"]),
        ("eigen", None, None),
    ]
    db.session.remove()


def test_0011_keys_lessons_harvested_before_on_sqlite(tmp_path):
    app = make_app(tmp_path, tmp_path / "library.sqlite3")
    with app.app_context():
        upgrade(revision="0010")
        _harvested_lessons_get_their_key()
        downgrade(revision="0010")
        db.engine.dispose()


def test_0011_keys_lessons_harvested_before_on_postgresql(pg_app):  # noqa: F811
    downgrade(revision="0010")
    _harvested_lessons_get_their_key()
    upgrade()
