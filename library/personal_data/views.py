"""Mijn gegevens: download everything about an account, or delete it (its owner or an admin)."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user

from library.accounts.forms import DeleteAccountForm, OwnAccountDeletionForm
from library.accounts.login import signed_in_user
from library.accounts.models import User
from library.accounts.passwords import password_matches
from library.accounts.service import AccountError
from library.forms import show_error
from library.lookup import model_or_404
from library.personal_data import bp, service


def _zip(account: User) -> Response:
    response = Response(service.export_zip(account), mimetype="application/zip")
    filename = f"gegevens-techniekbieb-{account.id}.zip"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/account/mijn-gegevens")
@login_required
def my_data():
    return render_template("personal_data/my_data.html", form=OwnAccountDeletionForm())


@bp.get("/account/mijn-gegevens.zip")
@login_required
def my_data_zip():
    return _zip(signed_in_user())


@bp.post("/account/verwijderen")
@login_required
def delete_own_account():
    form = OwnAccountDeletionForm()
    if form.validate_on_submit():
        user = signed_in_user()
        try:
            if not password_matches(user.password_hash, form.password.data):
                raise AccountError("Je wachtwoord klopt niet.", field="password")
            service.delete_account(user, anonymous=form.name_at_lessons.data == "anoniem")
        except AccountError as error:
            show_error(form, error)
        else:
            session.clear()
            logout_user()
            flash("Je account is verwijderd. Bedankt voor wat je deelde!", "success")
            return redirect(url_for("lessons.home"))
    return render_template("personal_data/my_data.html", form=form), 400


@bp.get("/beheer/gebruikers/<int:user_id>/gegevens.zip")
@login_required
def user_data_zip(user_id: int):
    return _zip(model_or_404(User, user_id, "manage_account"))


@bp.route("/beheer/gebruikers/<int:user_id>/verwijderen", methods=["GET", "POST"])
@login_required
def delete_user(user_id: int):
    account = model_or_404(User, user_id, "manage_account")
    if account.id == current_user.id:
        return redirect(url_for("personal_data.my_data"))
    form = DeleteAccountForm()
    status = 200
    if form.validate_on_submit():
        name = account.name
        try:
            service.delete_account(account, anonymous=form.name_at_lessons.data == "anoniem")
        except AccountError as error:
            status = show_error(form, error)
        else:
            flash(f"Het account van {name} is verwijderd.", "success")
            return redirect(url_for("accounts.users"))
    elif form.errors:
        status = 400
    return render_template("personal_data/delete_user.html", form=form, account=account), status
