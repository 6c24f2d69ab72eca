"""Accounts: users and their roles, logging in, and the policy that decides who may do what."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

# The views attach their routes to the blueprint.
from library.accounts import (  # noqa: E402, F401
    admin,
    email_change_views,
    recovery_views,
    registration_views,
    views,
)
