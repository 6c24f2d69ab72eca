"""Links in mails: signed, time-limited tokens bound to a purpose and to the account's state.

A token names its user and carries a fingerprint of what the link is about: the
password hash for a reset, the address and its confirmation for a confirmation, the
current and the new address for an e-mail change. Once that state changes (the
password is set, the address confirmed or changed) the fingerprint no longer
matches, so every link works once and dies with the state it was made for.
itsdangerous signs them with the secret key, salted per purpose, so a token for one
purpose never passes for another.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from library.accounts.models import User
from library.db import db

LIFETIMES = {
    "confirm": timedelta(days=2),
    "reset": timedelta(hours=1),
    "email": timedelta(days=2),
}
# Longer than any token this module makes: anything longer is not read at all.
MAX_LENGTH = 400


class InvalidLink(ValueError):
    """The link is forged, expired or used; the message says which, in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"techniekbieb-{purpose}")


def _state(user: User, purpose: str, extra: str) -> str:
    if purpose == "reset":
        parts = [user.password_hash, user.email]
    elif purpose == "confirm":
        parts = [user.email, str(user.email_confirmed_at)]
    else:
        parts = [user.email, extra]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def make(user: User, purpose: str, extra: str = "") -> str:
    """A token for this user and purpose; `extra` is carried along (the new address)."""
    payload = {"u": user.id, "s": _state(user, purpose, extra), "x": extra}
    return _serializer(purpose).dumps(payload)


def read(token: str, purpose: str) -> tuple[User, str]:
    """The user (and extra) of a valid token; raise `InvalidLink` otherwise."""
    unusable = InvalidLink("Deze link klopt niet of is al gebruikt. Vraag een nieuwe aan.")
    if len(token) > MAX_LENGTH:
        raise unusable
    try:
        payload = _serializer(purpose).loads(token, max_age=int(LIFETIMES[purpose].total_seconds()))
    except SignatureExpired:
        raise InvalidLink("Deze link is verlopen. Vraag een nieuwe aan.") from None
    except BadSignature:
        raise unusable from None
    if not isinstance(payload, dict):
        raise unusable
    user = db.session.get(User, payload.get("u")) if isinstance(payload.get("u"), int) else None
    extra = payload.get("x") if isinstance(payload.get("x"), str) else ""
    if user is None or not user.active or payload.get("s") != _state(user, purpose, extra):
        raise unusable
    return user, extra
