"""Users, their roles, and the attempts (failed logins, sign-ups) that throttling counts."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin

from library.db import UTCDateTime, db, utcnow


class Role(enum.StrEnum):
    """What a user is to the library; the policy module says what each role may do."""

    PABO_STUDENT = "pabo-student"
    LEERKRACHT = "leerkracht"
    DOCENT = "docent"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.PABO_STUDENT: "Pabo-student",
    Role.LEERKRACHT: "Leerkracht basisonderwijs",
    Role.DOCENT: "Docent vmbo",
    Role.MODERATOR: "Moderator",
    Role.ADMIN: "Beheerder",
}
# Roles a person may pick when registering. `docent` is asked for, and granted by an admin.
REGISTRATION_ROLES = (Role.LEERKRACHT, Role.DOCENT, Role.PABO_STUDENT)
SELF_ASSIGNED_ROLES = frozenset({Role.LEERKRACHT, Role.PABO_STUDENT})


class User(UserMixin, db.Model):
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(100))
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(255))
    role: so.Mapped[str] = so.mapped_column(sa.String(20), default=Role.LEERKRACHT.value)
    requested_role: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    organisation: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    region: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    active: so.Mapped[bool] = so.mapped_column(default=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    last_login_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    # When the owner followed the confirmation link; until then drafts only (policy.py).
    email_confirmed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    # Which mails the owner wants (account page); mails about the account itself always go.
    notify_review: so.Mapped[bool] = so.mapped_column(default=True, server_default=sa.true())
    notify_experiences: so.Mapped[bool] = so.mapped_column(default=True, server_default=sa.true())
    notify_digest: so.Mapped[bool] = so.mapped_column(default=True, server_default=sa.true())
    # Wrong passwords tried for this account since its owner last read about them.
    failed_logins: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    last_failed_login_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def requested_role_enum(self) -> Role | None:
        return Role(self.requested_role) if self.requested_role else None

    # The token of the login this object was loaded for (`accounts.sessions`); not stored.
    login_token = None

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and remember cookie: the login's token."""
        if not self.login_token:
            raise RuntimeError("start a login with accounts.sessions.begin first")
        return self.login_token

    def __repr__(self) -> str:
        return f"<User {self.email} ({self.role})>"


class LoginSession(db.Model):
    """One signed-in browser (see `accounts.sessions`): the hash of the token its cookies carry."""

    __tablename__ = "login_session"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow, index=True)

    user: so.Mapped[User] = so.relationship()


class Attempt(db.Model):
    """One counted attempt (a failed login, a registration), by account and network address.

    `throttle` counts these within a window to slow down guessing and mass sign-ups;
    rows older than the window are deleted as new ones come in.
    """

    __table_args__ = (
        sa.Index("ix_attempt_action_email", "action", "email", "at"),
        sa.Index("ix_attempt_action_address", "action", "address", "at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    action: so.Mapped[str] = so.mapped_column(sa.String(20))
    email: so.Mapped[str | None] = so.mapped_column(sa.String(254))
    address: so.Mapped[str] = so.mapped_column(sa.String(64))
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
