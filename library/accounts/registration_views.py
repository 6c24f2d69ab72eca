"""Pages for registering and confirming an address: the form, "Kijk in je mail", the link."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from library.accounts import bp, policy, registration, service, tokens
from library.accounts.forms import ConfirmForm, RegisterForm
from library.accounts.login import signed_in_user
from library.accounts.models import REGISTRATION_ROLES, Role
from library.forms import show_error
from library.security import safe_next


def _address() -> str:
    return request.remote_addr or "onbekend"


@bp.route("/registreren", methods=["GET", "POST"])
def register():
    # Where the visitor was going (a lesson to adapt): carried through the confirmation
    # link and the login, so she lands there once her account works.
    target = safe_next(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("accounts.account"))
    form = RegisterForm()
    status = 200
    if form.validate_on_submit():
        asked = service.Registration(
            name=form.name.data,
            email=form.email.data,
            password=form.password.data,
            role=Role(form.role.data),
            organisation=form.organisation.data or "",
            region=form.region.data or "",
        )
        try:
            registration.register(asked, _address(), next_path=target)
        except service.AccountError as error:
            status = show_error(form, error)
        else:
            return redirect(url_for("accounts.check_mail", reden="registreren"))
    elif form.errors:
        status = 400
    promises = {role.value: policy.registration_promise(role) for role in REGISTRATION_ROLES}
    return render_template(
        "accounts/register.html", form=form, next=target, promises=promises
    ), status


@bp.get("/kijk-in-je-mail")
def check_mail():
    """The same answer whoever asked: it never says whether an address has an account."""
    reason = request.args.get("reden")
    if reason not in {"registreren", "wachtwoord", "e-mailadres"}:
        reason = "registreren"
    return render_template("accounts/check_mail.html", reason=reason)


@bp.route("/account/bevestigen/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """A button, not the link itself, confirms: mail scanners that open links change nothing."""
    form = ConfirmForm()
    target = safe_next(request.values.get("next"))
    try:
        if form.validate_on_submit():
            user = registration.confirm(token)
            flash("Je e-mailadres is bevestigd. Je kunt nu lessen indienen.", "success")
            if current_user.is_authenticated and current_user.id == user.id:
                return redirect(target or url_for("accounts.account"))
            return redirect(url_for("accounts.login", next=target))
        user = registration.confirmable(token)
    except tokens.InvalidLink as error:
        return render_template("accounts/invalid_link.html", message=error.message), 400
    return render_template("accounts/confirm.html", form=form, user=user, token=token, next=target)


@bp.post("/account/bevestigingsmail")
@login_required
def send_confirmation():
    if ConfirmForm().validate_on_submit():
        try:
            registration.send_confirmation_again(signed_in_user(), _address())
        except service.TooManyAttempts as error:
            flash(error.message, "error")
        else:
            flash(f"We hebben een nieuwe link gestuurd naar {current_user.email}.", "success")
    return redirect(url_for("accounts.account"))
