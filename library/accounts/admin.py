"""The admin's user pages: roles (granting requests) and blocking accounts."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from library.accounts import bp, policy, service
from library.accounts.forms import ConfirmForm, RoleForm
from library.accounts.login import signed_in_user
from library.accounts.models import Role, User
from library.db import db


@bp.get("/beheer/gebruikers")
@login_required
def users():
    policy.authorize(current_user, "manage_users")
    text = " ".join(request.args.get("q", "").split())[:100]
    people = service.list_users(text)
    return render_template(
        "accounts/users.html",
        users=people,
        text=text,
        role_forms={user.id: RoleForm(role=user.requested_role or user.role) for user in people},
        confirm=ConfirmForm(),
    )


@bp.post("/beheer/gebruikers/<int:user_id>/rol")
@login_required
def set_role(user_id: int):
    policy.authorize(current_user, "manage_users")
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash("Kies een rol uit de lijst.", "error")
    else:
        try:
            service.set_role(user, Role(form.role.data), by=signed_in_user())
        except service.AccountError as error:
            flash(error.message, "error")
        else:
            flash(f"{user.name} is nu {Role(user.role).label.lower()}.", "success")
    return redirect(url_for("accounts.users", _anchor=f"gebruiker-{user.id}"))


@bp.post("/beheer/gebruikers/<int:user_id>/<any(blokkeren, deblokkeren):change>")
@login_required
def set_active(user_id: int, change: str):
    policy.authorize(current_user, "manage_users")
    user = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        try:
            service.set_active(user, change == "deblokkeren", by=signed_in_user())
        except service.AccountError as error:
            flash(error.message, "error")
        else:
            state = "weer actief" if user.active else "geblokkeerd"
            flash(f"Het account van {user.name} is {state}.", "success")
    return redirect(url_for("accounts.users", _anchor=f"gebruiker-{user.id}"))


@bp.app_context_processor
def role_request_counts() -> dict:
    """The navigation's count of role requests, asked only where "Gebruikers" shows."""

    def waiting_role_requests() -> int:
        return service.count_role_requests() if policy.can(current_user, "manage_users") else 0

    return {"waiting_role_requests": waiting_role_requests}
