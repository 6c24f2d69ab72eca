"""The revision-visibility migration marks as published exactly the revisions the data shows the public saw,
on SQLite and (when LIBRARY_TEST_POSTGRES_URL is set) on PostgreSQL."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from library.db import db
from tests.helpers.app import make_app

POSTGRES = os.environ.get("LIBRARY_TEST_POSTGRES_URL")
MIGRATIONS = Path(__file__).parent.parent / "library" / "migrations"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

PREVIOUS = next(
    script.down_revision
    for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions()
    if script.path.endswith("_revision_visibility.py")
)
user = sa.table(
    "user",
    *(sa.column(name) for name in ("id", "email", "name", "password_hash", "role", "active")),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
lesson = sa.table(
    "lesson",
    *(sa.column(name) for name in ("id", "slug", "status", "owner_id", "title", "summary")),
    *(sa.column(name) for name in ("kind", "license", "forked_from_id", "current_revision_id")),
    sa.column("forked_from_revision_id"),
    *(
        sa.column(name, sa.DateTime(timezone=True))
        for name in ("created_at", "updated_at", "published_at", "submitted_at")
    ),
)
revision = sa.table(
    "revision",
    *(sa.column(name) for name in ("id", "lesson_id", "number", "author", "message")),
    *(sa.column(name) for name in ("intro_markdown", "intro_html", "preparation_html")),
    sa.column("content_hash"),
    sa.column("metadata", sa.JSON),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


@pytest.fixture(params=["sqlite", "postgresql"])
def before_it(request, tmp_path):
    """An app whose database stands at the migration before the one tested here."""
    overrides = {}
    if request.param == "postgresql":
        if not POSTGRES:
            pytest.skip("LIBRARY_TEST_POSTGRES_URL not set")
        overrides["DATABASE_URL"] = POSTGRES
    app = make_app(tmp_path, tmp_path / "migrating.sqlite3", **overrides)
    with app.app_context():
        upgrade(revision=PREVIOUS)
        yield app
        db.session.remove()
        if request.param == "postgresql":
            downgrade(revision="base")  # the shared database starts empty for the next test
        db.engine.dispose()


def add_lesson(connection, id_, status, owner, *, published_at=None, submitted_at=None, times=()):
    """A lesson with a revision created at each of `times` (hours after T0); the last is current."""
    connection.execute(
        lesson.insert().values(
            id=id_,
            slug=f"les-{id_}",
            status=status,
            owner_id=owner,
            title="Les",
            summary="Een les.",
            kind="onderzoekend",
            license="CC-BY-4.0",
            created_at=T0,
            updated_at=T0,
            published_at=published_at and T0 + timedelta(hours=published_at),
            submitted_at=submitted_at and T0 + timedelta(hours=submitted_at),
        )
    )
    for number, hour in enumerate(times, start=1):
        connection.execute(
            revision.insert().values(
                id=id_ * 10 + number,
                lesson_id=id_,
                number=number,
                author="Maker",
                message="",
                intro_markdown="",
                intro_html="",
                preparation_html="",
                content_hash="0" * 64,
                metadata={"slug": f"les-{id_}"},
                created_at=T0 + timedelta(hours=hour),
            )
        )
    connection.execute(
        lesson.update().where(lesson.c.id == id_).values(current_revision_id=id_ * 10 + len(times))
    )


def published_revisions(connection) -> dict[int, list[int]]:
    rows = connection.execute(sa.text("SELECT lesson_id, number, published FROM revision"))
    found: dict[int, list[int]] = {}
    for lesson_id, number, published in rows:
        if published:
            found.setdefault(lesson_id, []).append(number)
    return {key: sorted(numbers) for key, numbers in found.items()}


def test_the_backfill_marks_what_the_public_saw(before_it):
    with db.engine.begin() as connection:
        connection.execute(
            user.insert().values(
                id=1,
                email="maker@school.test",
                name="Maker",
                password_hash="x",
                role="leerkracht",
                active=True,
                created_at=T0,
            )
        )
        # Imported: every revision was published as it was saved.
        add_lesson(connection, 1, "published", None, published_at=0.5, times=[0, 5])
        # Through review: 1 draft, 2 sent back, 3 approved; 4 waited for review again and
        # was sent back, 5 approved; 6 waits for review now.
        add_lesson(
            connection, 2, "review", 1, published_at=3.5, submitted_at=6.5, times=[1, 2, 3, 4, 5, 6]
        )
        # A fork made here of version 5 of lesson 2: that version was published.
        add_lesson(connection, 3, "draft", 1, times=[7])
        connection.execute(
            lesson.update()
            .where(lesson.c.id == 3)
            .values(forked_from_id=2, forked_from_revision_id=25)
        )
        # Published directly (never reviewed): the first publication and every save after.
        add_lesson(connection, 4, "published", 1, published_at=1.5, times=[1, 2, 3])
        # A draft: nothing was ever public.
        add_lesson(connection, 5, "draft", 1, times=[1, 2])
        # Published once through review; its current version is the published one.
        add_lesson(connection, 6, "published", 1, published_at=1.5, submitted_at=1, times=[1, 2, 3])
    upgrade()
    with db.engine.connect() as connection:
        assert published_revisions(connection) == {
            1: [1, 2],
            2: [3, 5],
            4: [1, 2, 3],
            6: [1, 3],
        }
        redaction = connection.execute(
            sa.text("SELECT redacted_at, redacted_by, redaction_reason FROM revision")
        ).first()
    assert tuple(redaction) == (None, None, None)
    downgrade(revision=PREVIOUS)
    with db.engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("revision")}
        assert "published" not in columns and "redaction_reason" not in columns
        assert connection.scalar(sa.text("SELECT count(*) FROM revision")) == 17
