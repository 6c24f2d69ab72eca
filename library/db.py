"""The database: SQLAlchemy 2.0 declarative base, the Flask-SQLAlchemy handle and migrations.

The naming convention keeps constraint names identical on SQLite and PostgreSQL,
so Alembic migrations written on one apply cleanly to the other; so does `UTCDateTime`
for the moments they store.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, TypeDecorator, event
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


def utcnow() -> datetime:
    """The current moment, timezone-aware in UTC: what every timestamp column stores."""
    return datetime.now(UTC)


def _in_utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class UTCDateTime(TypeDecorator):
    """A moment, stored and read back as timezone-aware UTC: the type of every timestamp column.

    SQLite keeps no time zone: it hands back naive datetimes and would store an aware
    one's wall-clock time, whatever its zone. PostgreSQL hands back aware ones in the
    session's zone.
    Through this type both give and take UTC, so no caller converts. A naive value
    written is taken to be UTC, the meaning naive times have always had here (SQLite
    returned them, and an OAI-PMH resumption token issued then still carries one).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return _in_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return _in_utc(value)


@event.listens_for(Engine, "connect")
def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    """SQLite ignores foreign keys unless asked, per connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _render_migration_type(kind: str, item: object, _context: object) -> str | bool:
    """`UTCDateTime` as the column type it stores, in a migration `flask db migrate` writes:
    migrations import nothing from the library, which goes on changing after them."""
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def init_app(app: Flask) -> None:
    db.init_app(app)
    migrations = Path(__file__).parent / "migrations"
    migrate.init_app(
        app,
        db,
        directory=str(migrations),
        render_as_batch=True,
        render_item=_render_migration_type,
    )
