"""Migrations that move data: what was stored before arrives in its new place, on SQLite
and (where LIBRARY_TEST_POSTGRES_URL is set) PostgreSQL."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from library.db import db
from tests.helpers.app import make_app

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


def _on_sqlite(tmp_path, before: str, story) -> None:
    """Run a migration's story on a fresh SQLite database at `before`, then go back down."""
    app = make_app(tmp_path, tmp_path / "library.sqlite3")
    with app.app_context():
        upgrade(revision=before)
        story()
        downgrade(revision=before)
        db.engine.dispose()


def test_0011_keys_lessons_harvested_before_on_sqlite(tmp_path):
    _on_sqlite(tmp_path, "0010", _harvested_lessons_get_their_key)


def test_0011_keys_lessons_harvested_before_on_postgresql(pg_app):  # noqa: F811
    downgrade(revision="0010")
    _harvested_lessons_get_their_key()
    upgrade()


def _stored_html_is_rendered_again() -> None:
    _lesson_before_0011("brug", {"title": "Brug", "preparation": "Zet **klaar**."})
    db.session.execute(
        sa.text(
            "update revision set intro_markdown = :markdown, intro_html = :html,"
            " preparation_html = '<p>oud</p>'"
        ),
        {
            "markdown": "Kijk: ![pixel](https://tracker.example/p.gif)",
            "html": '<p>Kijk: <img src="https://tracker.example/p.gif" alt="pixel"></p>',
        },
    )
    db.session.execute(
        sa.text(
            "insert into section (revision_id, position, heading, markdown, html)"
            " select id, 0, 'Tips', '- een\n- twee', '<p>oud</p>' from revision"
        )
    )
    db.session.commit()
    upgrade(revision="0016")
    revision = db.session.execute(
        sa.text("select intro_html, preparation_html from revision")
    ).one()
    assert tuple(revision) == ("<p>Kijk: pixel</p>", "<p>Zet <strong>klaar</strong>.</p>")
    section = db.session.scalar(sa.text("select html from section"))
    assert section == "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>"
    db.session.remove()


def test_0016_renders_stored_html_again_on_sqlite(tmp_path):
    _on_sqlite(tmp_path, "0015", _stored_html_is_rendered_again)


def test_0016_renders_stored_html_again_on_postgresql(pg_app):  # noqa: F811
    downgrade(revision="0015")
    _stored_html_is_rendered_again()
    upgrade()
