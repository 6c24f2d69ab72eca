"""Account work: registering, logging in, passwords, profiles and roles. Each call commits once."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import sqlalchemy as sa

from library.accounts import sessions, throttle
from library.accounts.models import Role, User
from library.accounts.passwords import hash_password, password_matches, password_problem
from library.db import db, utcnow
from library.forms import FormError
from library.mail import compose

# One reading only: a local part, "@", then labels without dots joined by single dots.
# Each character can belong to one part of the pattern alone, so matching is linear.
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
MAX_EMAIL_LENGTH = 254
MAX_NAME_LENGTH = 100

log = logging.getLogger(__name__)


class AccountError(FormError):
    """A request about an account that cannot be granted; the message is for the user."""


class TooManyAttempts(AccountError):
    """Throttled: the page answers 429 and says how long to wait."""

    status = 429

    def __init__(self, seconds: int, what: str = "Te veel mislukte pogingen.") -> None:
        minutes = -(-seconds // 60)
        wait = f"{seconds} seconden" if seconds < 60 else f"{minutes} minuten"
        if minutes == 1 and seconds >= 60:
            wait = "1 minuut"
        super().__init__(f"{what} Probeer het over {wait} opnieuw.")
        self.seconds = seconds


@dataclass(frozen=True)
class Registration:
    name: str
    email: str
    password: str
    role: Role
    organisation: str = ""
    region: str = ""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def is_valid_email(email: str) -> bool:
    """Whether this looks like an e-mail address; the length is checked before the pattern."""
    return len(email) <= MAX_EMAIL_LENGTH and EMAIL_RE.fullmatch(email) is not None


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def checked(registration: Registration) -> tuple[str, str]:
    """The normalised e-mail address and name of a registration, or raise what is wrong."""
    email = normalise_email(registration.email)
    name = " ".join(registration.name.split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise AccountError(f"Vul een naam in van hoogstens {MAX_NAME_LENGTH} tekens.", field="name")
    if not is_valid_email(email):
        raise AccountError("Vul een geldig e-mailadres in.", field="email")
    problem = password_problem(registration.password, email=email, name=name)
    if problem:
        raise AccountError(problem, field="password")
    return email, name


def new_user(
    registration: Registration,
    email: str,
    name: str,
    role: Role,
    requested: Role | None,
    confirmed: bool,
) -> User:
    """Add an account (checked by `checked`) to the session; the caller commits."""
    if get_user_by_email(email) is not None:
        raise AccountError("Er is al een account met dit e-mailadres.", field="email")
    user = User(
        email=email,
        name=name,
        password_hash=hash_password(registration.password),
        role=role.value,
        requested_role=requested.value if requested else None,
        organisation=registration.organisation.strip() or None,
        region=registration.region.strip() or None,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    db.session.add(user)
    return user


def create_user(registration: Registration) -> User:
    """Create an account with exactly the given role (the command line, for admins).

    The administrator vouches for the address, so it counts as confirmed.
    """
    email, name = checked(registration)
    user = new_user(registration, email, name, registration.role, None, confirmed=True)
    db.session.commit()
    return user


def authenticate(email: str, password: str, address: str) -> User:
    """Log in: the user these credentials belong to, with a new login, or raise.

    Failures are counted and slowed down.
    """
    email = normalise_email(email)
    wait = throttle.seconds_to_wait(email, address)
    if wait:
        raise TooManyAttempts(wait)
    user = get_user_by_email(email)
    if not password_matches(user.password_hash if user else None, password):
        limit_reached = throttle.record_failure(email, address)
        if user is not None:
            _count_failed_login(user, limit_reached)
        db.session.commit()
        raise AccountError("Dit e-mailadres en wachtwoord horen niet bij elkaar.")
    if not user.active:
        raise AccountError("Dit account is geblokkeerd. Neem contact op met de beheerder.")
    throttle.forget_failures(email, address)
    user.last_login_at = utcnow()
    sessions.begin(user)
    db.session.commit()
    return user


def _count_failed_login(user: User, limit_reached: bool) -> None:
    """Keep count for the owner's account page; tell them when the account's limit sets in."""
    user.failed_logins += 1
    user.last_failed_login_at = utcnow()
    if limit_reached:
        compose.queue(
            user.email,
            "failed_logins",
            name=user.name,
            password_url=compose.absolute_url("accounts.password"),
        )
        log.warning(
            "Logins to user %s slowed down after %s wrong passwords in %s minutes",
            user.id,
            throttle.ACCOUNT.free,
            int(throttle.WINDOW.total_seconds() // 60),
        )


def acknowledge_failed_logins(user: User) -> None:
    """The owner has read about the wrong passwords tried; stop showing them."""
    user.failed_logins = 0
    user.last_failed_login_at = None
    db.session.commit()


def log_out(user: User) -> None:
    """End the login of this browser; its cookies, also copies of them, stop working."""
    sessions.end(user)
    db.session.commit()


def log_out_everywhere(user: User) -> None:
    """End every login of this account, this browser's included."""
    sessions.end_all(user)
    db.session.commit()


def set_new_password(user: User, new: str) -> None:
    """Give the user a new password, end all their logins and tell them by mail.

    Adds to the session; the caller's unit of work commits. The new hash also makes
    every reset link sent before it useless (see `tokens`).
    """
    problem = password_problem(new, email=user.email, name=user.name)
    if problem:
        raise AccountError(problem, field="new_password")
    user.password_hash = hash_password(new)
    sessions.end_all(user)
    compose.queue(
        user.email,
        "password_changed",
        name=user.name,
        forgot_url=compose.absolute_url("accounts.forgot_password"),
    )


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password and end every other login of this user (this one starts anew)."""
    if not password_matches(user.password_hash, current):
        raise AccountError("Je huidige wachtwoord klopt niet.", field="current_password")
    set_new_password(user, new)
    sessions.begin(user)
    db.session.commit()


def update_profile(user: User, *, name: str, organisation: str, region: str) -> None:
    user.name = " ".join(name.split())
    user.organisation = organisation.strip() or None
    user.region = region.strip() or None
    db.session.commit()


def set_mail_preferences(user: User, *, review: bool, experiences: bool, digest: bool) -> None:
    user.notify_review = review
    user.notify_experiences = experiences
    user.notify_digest = digest
    db.session.commit()


def request_role(user: User, role: Role) -> None:
    """Ask an admin for a role; asking for the role one has withdraws the request."""
    user.requested_role = None if role == Role(user.role) else role.value
    db.session.commit()


def set_role(user: User, role: Role, *, by: User) -> None:
    """An admin gives a user a role; an open request is settled by it."""
    if user.id == by.id and role != Role.ADMIN:
        raise AccountError("Je kunt je eigen beheerdersrol niet afnemen.", field="role")
    user.role = role.value
    user.requested_role = None
    db.session.commit()


def set_active(user: User, active: bool, *, by: User) -> None:
    """Block or unblock an account; a blocked user is logged out everywhere."""
    if user.id == by.id:
        raise AccountError("Je kunt je eigen account niet blokkeren.")
    user.active = active
    if not active:
        sessions.end_all(user)
    db.session.commit()


def count_role_requests() -> int:
    """How many accounts ask for another role: the count beside "Gebruikers"."""
    query = sa.select(sa.func.count()).where(User.requested_role.is_not(None), User.active)
    return db.session.scalar(query) or 0


def list_users(text: str = "") -> list[User]:
    """Users for the admin page: open role requests first, then by name."""
    query = sa.select(User)
    if text:
        pattern = f"%{text.strip().lower()}%"
        query = query.where(
            sa.or_(sa.func.lower(User.name).like(pattern), User.email.like(pattern))
        )
    return list(
        db.session.scalars(
            query.order_by(User.requested_role.is_(None), sa.func.lower(User.name)).limit(200)
        )
    )
