"""Changing the e-mail address: the new address confirms, the old one is told.

The change waits until the owner follows the link mailed to the new address (so
nobody moves an account to an address they do not read); then the old address
gets a note, in case it was not its owner who asked. A new address that already
has an account gets the same page and a note instead of a link. Each call commits
once.
"""

from __future__ import annotations

from library.accounts import registration, service, throttle, tokens
from library.accounts.models import User
from library.accounts.passwords import password_matches
from library.accounts.service import AccountError, TooManyAttempts
from library.db import db, utcnow
from library.mail import compose

TOO_MANY_CHANGES = "Je hebt net al een paar keer een ander e-mailadres opgegeven."


def request_change(user: User, new_email: str, password: str, address: str) -> None:
    """Mail a confirmation link to the new address; nothing changes before it is followed."""
    if not password_matches(user.password_hash, password):
        raise AccountError("Je wachtwoord klopt niet.", field="password")
    new_email = service.normalise_email(new_email)
    if not service.is_valid_email(new_email):
        raise AccountError("Vul een geldig e-mailadres in.", field="email")
    if new_email == user.email:
        raise AccountError("Dit is al je e-mailadres.", field="email")
    wait = throttle.seconds_to_wait_for_mail(throttle.EMAIL_CHANGE, user.email, address)
    if wait:
        raise TooManyAttempts(wait, TOO_MANY_CHANGES)
    throttle.record_mail_request(throttle.EMAIL_CHANGE, user.email, address)
    owner = service.get_user_by_email(new_email)
    if owner is not None:
        registration.tell_owner(owner)
    else:
        token = tokens.make(user, "email", new_email)
        compose.queue(
            new_email,
            "confirm_email_change",
            name=user.name,
            confirm_url=compose.absolute_url("accounts.confirm_email_change", token=token),
            days=tokens.LIFETIMES["email"].days,
        )
    db.session.commit()


def changeable(token: str) -> tuple[User, str]:
    """The account and new address of a change link; raise `tokens.InvalidLink` if not valid."""
    user, new_email = tokens.read(token, "email")
    if service.get_user_by_email(new_email) is not None:
        raise tokens.InvalidLink("Er is inmiddels een ander account met dit e-mailadres.")
    return user, new_email


def confirm_change(token: str) -> User:
    """Move the account to the new address, and tell the old one."""
    user, new_email = changeable(token)
    old_email = user.email
    user.email = new_email
    user.email_confirmed_at = utcnow()
    compose.queue(
        old_email,
        "email_changed",
        name=user.name,
        new_email=new_email,
        forgot_url=compose.absolute_url("accounts.forgot_password"),
    )
    db.session.commit()
    return user
