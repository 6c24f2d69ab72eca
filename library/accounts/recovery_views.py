"""Pages for a forgotten password: ask for a link, then choose a new password with it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import logout_user

from library.accounts import bp, recovery, service, tokens
from library.accounts.forms import ForgotPasswordForm, ResetPasswordForm
from library.forms import show_error


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            recovery.request_reset(form.email.data, request.remote_addr or "onbekend")
        except service.AccountError as error:
            status = show_error(form, error)
        else:
            return redirect(url_for("accounts.check_mail", reden="wachtwoord"))
    elif form.errors:
        status = 400
    return render_template("accounts/forgot_password.html", form=form), status


@bp.route("/wachtwoord-kiezen/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    form = ResetPasswordForm()
    try:
        user = recovery.resettable(token)
        if form.validate_on_submit():
            recovery.reset_password(token, form.new_password.data)
            # Every login of the account ended, this browser's too if it was one.
            session.clear()
            logout_user()
            flash("Je nieuwe wachtwoord is opgeslagen. Log ermee in.", "success")
            return redirect(url_for("accounts.login"))
    except tokens.InvalidLink as error:
        return render_template("accounts/invalid_link.html", message=error.message), 400
    except service.AccountError as error:
        show_error(form, error)
    status = 400 if form.errors or form.form_errors else 200
    return render_template("accounts/reset_password.html", form=form, user=user), status
