"""Slowing down guessing and mass sign-ups: attempts counted per account and per address.

Every limit counts one kind of attempt (`action`) by one key (the e-mail address or
the network address) within a window. After the free attempts, each further one must
wait, and the wait doubles with every attempt (up to a cap). An account's failed
logins are forgotten when its owner logs in; an address's only age out, so an
attacker cannot reset them by logging in to an account of their own.

The functions add to the session; the caller's unit of work commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from library.accounts.models import Attempt
from library.db import db
from library.lessons.models import utcnow

FIRST_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(minutes=15)
# Longest address kept: an IPv6 address has at most 45 characters.
MAX_ADDRESS_LENGTH = 64

LOGIN = "login"
REGISTER = "register"
WINDOWS = {LOGIN: timedelta(minutes=30), REGISTER: timedelta(hours=1)}
WINDOW = WINDOWS[LOGIN]


@dataclass(frozen=True)
class Limit:
    action: str
    by: str  # "email" or "address": the column counted
    free: int

    @property
    def window(self) -> timedelta:
        return WINDOWS[self.action]


ACCOUNT = Limit(LOGIN, "email", free=5)
ADDRESS = Limit(LOGIN, "address", free=20)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _address(address: str) -> str:
    return address[:MAX_ADDRESS_LENGTH]


def _wait_for(limit: Limit, key: str, now: datetime) -> timedelta:
    column = getattr(Attempt, limit.by)
    count, last = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(Attempt.at)).where(
            Attempt.action == limit.action, column == key, Attempt.at > now - limit.window
        )
    ).one()
    if count < limit.free:
        return timedelta(0)
    wait = min(FIRST_WAIT * 2 ** (count - limit.free), MAX_WAIT)
    return max(timedelta(0), _aware(last) + wait - now)


def _seconds(waits: list[timedelta]) -> int:
    return int(-(-max(waits).total_seconds() // 1))


def _record(action: str, email: str | None, address: str, now: datetime) -> None:
    """Count one attempt, and forget this action's attempts older than its window."""
    db.session.execute(
        sa.delete(Attempt).where(Attempt.action == action, Attempt.at <= now - WINDOWS[action])
    )
    db.session.add(Attempt(action=action, email=email, address=_address(address), at=now))


def seconds_to_wait(email: str, address: str, now: datetime | None = None) -> int:
    """How long this account and address must wait before the next login (0: go ahead)."""
    now = now or utcnow()
    return _seconds([_wait_for(ACCOUNT, email, now), _wait_for(ADDRESS, _address(address), now)])


def record_failure(email: str, address: str, now: datetime | None = None) -> None:
    """Count a failed login against the account and the address."""
    _record(LOGIN, email, address, now or utcnow())


def forget_account_failures(email: str) -> None:
    db.session.execute(sa.delete(Attempt).where(Attempt.action == LOGIN, Attempt.email == email))


def seconds_to_wait_for_registration(
    address: str, per_hour: int, now: datetime | None = None
) -> int:
    """How long this address must wait before it may register another account."""
    limit = Limit(REGISTER, "address", free=per_hour)
    return _seconds([_wait_for(limit, _address(address), now or utcnow())])


def record_registration(email: str, address: str, now: datetime | None = None) -> None:
    """Count a registration attempt from this address (whether or not it succeeds)."""
    _record(REGISTER, email, address, now or utcnow())
