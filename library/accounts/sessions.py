"""Signed-in browsers: one row per login, so logging out ends that login on the server.

The session and the remember cookie carry a random token (Flask-Login's user id is this
token, see `User.get_id`); the database keeps only its SHA-256. Logging out deletes the
row, so a copied cookie stops working at once; "overal uitloggen", a new password and
blocking delete every row of the account. A row lives as long as the remember cookie
at most, so even a cookie that was never logged out of ends on the server.

The functions add to the session; the caller's unit of work commits.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from library.accounts.models import LoginSession, User
from library.db import db, utcnow


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _lifetime() -> timedelta:
    return current_app.config["REMEMBER_COOKIE_DURATION"]


def begin(user: User) -> None:
    """A new login for this user; `user.get_id()` then gives its token to Flask-Login."""
    now = utcnow()
    db.session.execute(sa.delete(LoginSession).where(LoginSession.created_at <= now - _lifetime()))
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user=user, token_hash=_hash(token), created_at=now))
    user.login_token = token


def user_of(token: str) -> User | None:
    """The user this token was given to, while its login lasts; None after logging out."""
    if len(token) > 100:
        return None
    login = db.session.scalar(
        sa.select(LoginSession).where(
            LoginSession.token_hash == _hash(token),
            LoginSession.created_at > utcnow() - _lifetime(),
        )
    )
    if login is None:
        return None
    user = login.user
    user.login_token = token
    return user


def end(user: User) -> None:
    """End the login the current request belongs to."""
    if user.login_token:
        db.session.execute(
            sa.delete(LoginSession).where(LoginSession.token_hash == _hash(user.login_token))
        )
        user.login_token = None


def end_all(user: User) -> None:
    """End every login of this user, on every device."""
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == user.id))
    user.login_token = None


def count(user: User) -> int:
    """How many logins of this user are still open (for the account page)."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.created_at > utcnow() - _lifetime())
    )
