"""Flask-Login: who the current user is, and the `can` test templates use."""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager, current_user

from library.accounts import policy, sessions
from library.accounts.models import User

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = "Log in om verder te gaan."
login_manager.login_message_category = "info"
login_manager.needs_refresh_message = "Log opnieuw in om verder te gaan."
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(token: str) -> User | None:
    user = sessions.user_of(token)
    return user if user is not None and user.active else None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)

    @app.context_processor
    def inject_policy() -> dict:
        def can(action: str, target=None) -> bool:
            return policy.can(current_user, action, target)

        def awaits_confirmation() -> bool:
            return policy.awaits_confirmation(current_user)

        return {"can": can, "awaits_confirmation": awaits_confirmation}


def signed_in_user() -> User:
    """The signed-in user as the model object (not Flask-Login's proxy), for services."""
    return current_user._get_current_object()
