"""A forgotten password: a reset link by mail, and the administrator's `set-password`.

Asking for a link answers the same whether or not the address has an account, and
is limited per e-mail address and per network address. The link works for an hour
and once: it is bound to the password hash, which the reset replaces. A reset ends
every login of the account and confirms its address (the link reached it). Each
call commits once.
"""

from __future__ import annotations

from library.accounts import service, throttle, tokens
from library.accounts.models import User
from library.accounts.service import AccountError, TooManyAttempts
from library.db import db, utcnow
from library.mail import compose

TOO_MANY_RESETS = (
    "Er is net al een paar keer een nieuw wachtwoord aangevraagd, vanaf dit netwerk of voor "
    "dit e-mailadres."
)


def request_reset(email: str, address: str) -> None:
    """Mail a reset link if the address has an account; say nothing about whether it has."""
    email = service.normalise_email(email)
    wait = throttle.seconds_to_wait_for_mail(throttle.RESET, email, address)
    if wait:
        raise TooManyAttempts(wait, TOO_MANY_RESETS)
    throttle.record_mail_request(throttle.RESET, email, address)
    user = service.get_user_by_email(email)
    if user is not None and user.active:
        token = tokens.make(user, "reset")
        compose.queue(
            user.email,
            "reset",
            name=user.name,
            reset_url=compose.absolute_url("accounts.reset_password", token=token),
            minutes=int(tokens.LIFETIMES["reset"].total_seconds() // 60),
        )
    db.session.commit()


def resettable(token: str) -> User:
    """The account a reset link is for; raise `tokens.InvalidLink` if it is not valid."""
    user, _ = tokens.read(token, "reset")
    return user


def reset_password(token: str, new: str) -> User:
    """Set the password a reset link was sent for; every login of the account ends."""
    user = resettable(token)
    service.set_new_password(user, new)
    if not user.email_confirmed:
        user.email_confirmed_at = utcnow()
    db.session.commit()
    return user


def set_password(email: str, new: str) -> User:
    """An administrator sets someone's password by hand (`flask user set-password`)."""
    user = service.get_user_by_email(email)
    if user is None:
        raise AccountError(f"Er is geen account met het e-mailadres {email}.")
    service.set_new_password(user, new)
    db.session.commit()
    return user
