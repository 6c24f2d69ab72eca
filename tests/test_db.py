"""Moments in the database come back as they went in: timezone-aware, in UTC, on SQLite
and (where LIBRARY_TEST_POSTGRES_URL is set) PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import sqlalchemy as sa

from library.accounts.models import Attempt
from library.db import db

# 5 January 2026, 14:05 in Amsterdam (winter time, UTC+1): 13:05 UTC.
IN_AMSTERDAM = datetime(2026, 1, 5, 14, 5, tzinfo=timezone(timedelta(hours=1)))
IN_UTC = datetime(2026, 1, 5, 13, 5, tzinfo=UTC)


def _store(moment: datetime) -> None:
    db.session.add(Attempt(action="login", address="192.0.2.1", at=moment))
    db.session.commit()
    db.session.expunge_all()


def _read_back() -> tuple[datetime, datetime]:
    """The stored moment as a row gives it and as an aggregate does."""
    row = db.session.scalar(sa.select(Attempt))
    return row.at, db.session.scalar(sa.select(sa.func.max(Attempt.at)))


def _is_utc(moment: datetime) -> bool:
    return moment.tzinfo is UTC


def test_a_moment_read_back_from_sqlite_is_aware_utc(app):
    _store(IN_AMSTERDAM)
    read, newest = _read_back()
    assert read == newest == IN_UTC
    assert _is_utc(read) and _is_utc(newest)
    stored = db.session.scalar(sa.text("select at from attempt"))
    assert stored == "2026-01-05 13:05:00.000000"  # UTC's wall-clock time, not Amsterdam's


def test_a_naive_moment_is_stored_as_utc(app):
    _store(datetime(2026, 1, 5, 13, 5))
    read, _ = _read_back()
    assert read == IN_UTC and _is_utc(read)


def test_a_moment_read_back_from_postgresql_is_utc_whatever_the_session_zone(pg_app):
    _store(IN_AMSTERDAM)
    db.session.execute(sa.text("set local time zone 'Europe/Amsterdam'"))
    assert db.session.scalar(sa.text("select at from attempt")).utcoffset() == timedelta(hours=1)
    read, newest = _read_back()
    assert read == newest == IN_UTC
    assert _is_utc(read) and _is_utc(newest)
