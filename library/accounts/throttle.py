"""Slowing down guessing and mass sign-ups: attempts counted per account and per address.

Every limit counts one kind of attempt (`action`) by its keys (the e-mail address, the
network address, or both) within a window. After the free attempts, each further one
must wait, and the wait doubles with every attempt (up to a cap).

Failed logins are counted three ways, so that a stranger cannot lock the owner out:

- per account *and* address: one address guessing at one account slows down;
- per address: one address guessing at many accounts slows down;
- per account, from anywhere: holds only for addresses that have failed for this
  account themselves. A clean address (the owner's, as a rule) is let through with
  the right password however many failures others caused; each new address an
  attacker tries gets one guess before the account's limit holds for it too.

A login forgets the failures of its own address for that account (the owner's typos);
the others only age out, so an attacker cannot reset them by logging in somewhere.

The functions add to the session; the caller's unit of work commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from library.accounts.models import Attempt
from library.db import db, utcnow

FIRST_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(minutes=15)
# Longest address kept: an IPv6 address has at most 45 characters.
MAX_ADDRESS_LENGTH = 64

LOGIN = "login"
# Requests that send a mail: registering, a password reset, the confirmation again.
REGISTER = "register"
RESET = "reset"
CONFIRM = "confirm"
EMAIL_CHANGE = "email"
WINDOWS = {
    LOGIN: timedelta(minutes=30),
    REGISTER: timedelta(hours=1),
    RESET: timedelta(hours=1),
    CONFIRM: timedelta(hours=1),
    EMAIL_CHANGE: timedelta(hours=1),
}
WINDOW = WINDOWS[LOGIN]
# Mails of one kind to one e-mail address per hour before further requests wait.
PER_EMAIL = 3


@dataclass(frozen=True)
class Limit:
    action: str
    by: tuple[str, ...]  # the columns counted: "email", "address" or both
    free: int

    @property
    def window(self) -> timedelta:
        return WINDOWS[self.action]


PAIR = Limit(LOGIN, ("email", "address"), free=5)
ADDRESS = Limit(LOGIN, ("address",), free=20)
ACCOUNT = Limit(LOGIN, ("email",), free=5)


def _address(address: str) -> str:
    return address[:MAX_ADDRESS_LENGTH]


def _counted(limit: Limit, keys: dict[str, str], now: datetime) -> tuple[int, datetime | None]:
    """How many attempts this limit counts for these keys, and when the last was."""
    where = [getattr(Attempt, column) == keys[column] for column in limit.by]
    return db.session.execute(
        sa.select(sa.func.count(), sa.func.max(Attempt.at)).where(
            Attempt.action == limit.action, Attempt.at > now - limit.window, *where
        )
    ).one()


def _wait(limit: Limit, counted: tuple[int, datetime | None], now: datetime) -> timedelta:
    count, last = counted
    if count < limit.free:
        return timedelta(0)
    wait = min(FIRST_WAIT * 2 ** (count - limit.free), MAX_WAIT)
    return max(timedelta(0), last + wait - now)


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
    keys = {"email": email, "address": _address(address)}
    pair = _counted(PAIR, keys, now)
    waits = [_wait(PAIR, pair, now), _wait(ADDRESS, _counted(ADDRESS, keys, now), now)]
    if pair[0]:
        waits.append(_wait(ACCOUNT, _counted(ACCOUNT, keys, now), now))
    return _seconds(waits)


def record_failure(email: str, address: str, now: datetime | None = None) -> bool:
    """Count a failed login; True when it is the one that puts the account's limit in force."""
    now = now or utcnow()
    _record(LOGIN, email, address, now)
    db.session.flush()
    count, _ = _counted(ACCOUNT, {"email": email}, now)
    return count == ACCOUNT.free


def forget_failures(email: str, address: str) -> None:
    """Forget this address's failed logins to this account (its owner just logged in)."""
    db.session.execute(
        sa.delete(Attempt).where(
            Attempt.action == LOGIN, Attempt.email == email, Attempt.address == _address(address)
        )
    )


def seconds_to_wait_for_mail(
    action: str, email: str, address: str, per_address: int = 10, now: datetime | None = None
) -> int:
    """How long before this address may ask for another mail of this kind (0: go ahead).

    Counted per e-mail address asked for, whether or not it has an account (so the
    answer tells nobody that it has), and per network address.
    """
    now = now or utcnow()
    keys = {"email": email, "address": _address(address)}
    limits = [Limit(action, ("email",), PER_EMAIL), Limit(action, ("address",), per_address)]
    return _seconds([_wait(limit, _counted(limit, keys, now), now) for limit in limits])


def record_mail_request(action: str, email: str, address: str, now: datetime | None = None) -> None:
    """Count one request for a mail (a registration, a reset, a confirmation)."""
    _record(action, email, address, now or utcnow())
