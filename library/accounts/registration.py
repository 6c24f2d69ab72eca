"""Registering and confirming an address: an account waits for its owner's mail.

Registering never says whether an address already has an account: a new address
gets a confirmation mail, a known one a mail telling its owner that someone tried
(with a link to log in or choose a new password); the page answers "Kijk in je
mail" either way, and takes as long. Until the address is confirmed the account
keeps drafts, but may not submit or share (policy.py). Each call commits once.
"""

from __future__ import annotations

from flask import current_app

from library.accounts import service, throttle, tokens
from library.accounts.models import SELF_ASSIGNED_ROLES, Role, User
from library.accounts.passwords import hash_password
from library.accounts.service import TooManyAttempts
from library.db import db, utcnow
from library.mail import compose

TOO_MANY_REGISTRATIONS = (
    "Er is net al een paar keer een account aangevraagd, vanaf dit netwerk of voor dit e-mailadres."
)
TOO_MANY_CONFIRMATIONS = "We hebben je net al een paar bevestigingsmails gestuurd."


def register(
    registration: service.Registration, address: str, *, next_path: str | None = None
) -> None:
    """Ask for an account: a confirmation mail, or a note to the address's owner.

    `next_path` (a path on this site, checked by the caller) is where the links in the
    mail lead after confirming and logging in: the page the visitor was on.

    A role above leerkracht is only asked for: an admin grants it. Requests are
    counted per network address (beyond `LIBRARY_REGISTRATIONS_PER_HOUR` they wait)
    and per e-mail address, whether or not it has an account.
    """
    email, name = service.checked(registration)
    per_hour = int(current_app.config["REGISTRATIONS_PER_HOUR"])
    wait = throttle.seconds_to_wait_for_mail(throttle.REGISTER, email, address, per_hour)
    if wait:
        raise TooManyAttempts(wait, TOO_MANY_REGISTRATIONS)
    throttle.record_mail_request(throttle.REGISTER, email, address)
    owner = service.get_user_by_email(email)
    if owner is None:
        if registration.role in SELF_ASSIGNED_ROLES:
            role, requested = registration.role, None
        else:
            role, requested = Role.LEERKRACHT, registration.role
        user = service.new_user(registration, email, name, role, requested, confirmed=False)
        db.session.flush()
        _queue_confirmation(user, next_path)
    else:
        hash_password(registration.password)  # as long as making the account would take
        tell_owner(owner, next_path)
    db.session.commit()


def tell_owner(owner: User, next_path: str | None = None) -> None:
    """Someone asked to use this account's address again: tell its owner, change nothing."""
    compose.queue(
        owner.email,
        "already_registered",
        name=owner.name,
        login_url=compose.absolute_url("accounts.login", next=next_path),
        reset_url=compose.absolute_url("accounts.forgot_password"),
    )


def _queue_confirmation(user: User, next_path: str | None = None) -> None:
    token = tokens.make(user, "confirm")
    compose.queue(
        user.email,
        "confirm",
        name=user.name,
        confirm_url=compose.absolute_url("accounts.confirm", token=token, next=next_path),
        days=tokens.LIFETIMES["confirm"].days,
    )


def confirmable(token: str) -> User:
    """The account a confirmation link is for; raise `tokens.InvalidLink` if it is not valid."""
    user, _ = tokens.read(token, "confirm")
    return user


def confirm(token: str) -> User:
    """Confirm the address a confirmation link was sent to (once; the link then dies)."""
    user = confirmable(token)
    user.email_confirmed_at = utcnow()
    db.session.commit()
    return user


def send_confirmation_again(user: User, address: str) -> None:
    """Mail a new confirmation link to an account that has not confirmed yet."""
    if user.email_confirmed:
        return
    wait = throttle.seconds_to_wait_for_mail(throttle.CONFIRM, user.email, address)
    if wait:
        raise TooManyAttempts(wait, TOO_MANY_CONFIRMATIONS)
    throttle.record_mail_request(throttle.CONFIRM, user.email, address)
    _queue_confirmation(user)
    db.session.commit()
