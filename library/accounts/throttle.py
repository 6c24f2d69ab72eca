"""Slowing down password guessing: failed logins per account and per network address.

After a few failures within the window, each further attempt must wait, and the
wait doubles with every failure (up to a cap). An account's failures are forgotten
when its owner logs in; an address's only age out, so an attacker cannot reset
them by logging in to an account of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from library.accounts.models import LoginFailure
from library.db import db
from library.lessons.models import utcnow

WINDOW = timedelta(minutes=30)
FIRST_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(minutes=15)


@dataclass(frozen=True)
class Limit:
    scope: str
    free_failures: int


ACCOUNT = Limit("account", free_failures=5)
ADDRESS = Limit("address", free_failures=20)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _wait_for(limit: Limit, key: str, now: datetime) -> timedelta:
    count, last = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(LoginFailure.failed_at)).where(
            LoginFailure.scope == limit.scope,
            LoginFailure.key == key,
            LoginFailure.failed_at > now - WINDOW,
        )
    ).one()
    if count < limit.free_failures:
        return timedelta(0)
    wait = min(FIRST_WAIT * 2 ** (count - limit.free_failures), MAX_WAIT)
    return max(timedelta(0), _aware(last) + wait - now)


def seconds_to_wait(email: str, address: str, now: datetime | None = None) -> int:
    """How long this account and address must wait before the next attempt (0: go ahead)."""
    now = now or utcnow()
    wait = max(_wait_for(ACCOUNT, email, now), _wait_for(ADDRESS, address, now))
    return int(-(-wait.total_seconds() // 1))


def record_failure(email: str, address: str, now: datetime | None = None) -> None:
    """Count a failed attempt against both keys, and forget failures older than the window.

    Adds to the session; the caller's unit of work commits.
    """
    now = now or utcnow()
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.failed_at <= now - WINDOW))
    db.session.add_all(
        [
            LoginFailure(scope=ACCOUNT.scope, key=email, failed_at=now),
            LoginFailure(scope=ADDRESS.scope, key=address, failed_at=now),
        ]
    )


def forget_account_failures(email: str) -> None:
    db.session.execute(
        sa.delete(LoginFailure).where(
            LoginFailure.scope == ACCOUNT.scope, LoginFailure.key == email
        )
    )
