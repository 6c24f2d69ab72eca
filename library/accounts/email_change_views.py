"""Pages for a new e-mail address: the form on its own page, and the link's button."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from library.accounts import bp, email_change, service, tokens
from library.accounts.forms import ConfirmForm, EmailChangeForm
from library.accounts.login import signed_in_user
from library.forms import show_error


@bp.route("/account/e-mailadres", methods=["GET", "POST"])
@login_required
def change_email():
    form = EmailChangeForm()
    status = 200
    if form.validate_on_submit():
        try:
            email_change.request_change(
                signed_in_user(),
                form.email.data,
                form.password.data,
                request.remote_addr or "onbekend",
            )
        except service.AccountError as error:
            status = show_error(form, error)
        else:
            return redirect(url_for("accounts.check_mail", reden="e-mailadres"))
    elif form.errors:
        status = 400
    return render_template("accounts/change_email.html", form=form), status


@bp.route("/account/e-mailadres-bevestigen/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    form = ConfirmForm()
    try:
        if form.validate_on_submit():
            user = email_change.confirm_change(token)
            flash(f"Je e-mailadres is nu {user.email}.", "success")
            return redirect(url_for("accounts.account"))
        user, new_email = email_change.changeable(token)
    except tokens.InvalidLink as error:
        return render_template("accounts/invalid_link.html", message=error.message), 400
    return render_template(
        "accounts/confirm_email_change.html", form=form, user=user, new_email=new_email
    )
