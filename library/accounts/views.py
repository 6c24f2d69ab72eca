"""Pages for one's own account: register, log in and out, profile, password, role request."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from library.accounts import bp, policy, service, sessions
from library.accounts.forms import (
    ConfirmForm,
    LoginForm,
    MailPreferencesForm,
    PasswordForm,
    ProfileForm,
    RoleRequestForm,
)
from library.accounts.login import signed_in_user
from library.accounts.models import REGISTRATION_ROLES, Role
from library.forms import show_error
from library.lessons.queries import lessons_of
from library.security import safe_next

FAILED_LOGINS_SEEN_ON_ACCOUNT_PAGE = (
    "Iemand heeft met een verkeerd wachtwoord geprobeerd in te loggen op je account. "
    "Op je accountpagina lees je meer."
)


def _start_session(user, remember: bool) -> None:
    # A fresh session for the new login: nothing from before it carries over.
    session.clear()
    login_user(user, remember=remember)


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    target = safe_next(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("accounts.account"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = service.authenticate(
                form.email.data, form.password.data, request.remote_addr or "onbekend"
            )
        except service.TooManyAttempts as error:
            status = show_error(form, error)
        except service.AccountError as error:
            show_error(form, error)
        else:
            _start_session(user, form.remember.data)
            flash(f"Welkom, {user.name}. Je bent ingelogd.", "success")
            if user.failed_logins and target:  # the account page itself says more
                flash(FAILED_LOGINS_SEEN_ON_ACCOUNT_PAGE, "info")
            return redirect(target or url_for("accounts.account"))
    elif form.errors:
        status = 400
    return render_template("accounts/login.html", form=form, next=target), status


def _end_session() -> None:
    # Clear first: logging out then marks the remember cookie for deletion.
    session.clear()
    logout_user()


@bp.post("/uitloggen")
def logout():
    if ConfirmForm().validate_on_submit():
        if current_user.is_authenticated:
            service.log_out(signed_in_user())
        _end_session()
        flash("Je bent uitgelogd.", "success")
    return redirect(url_for("lessons.home"))


@bp.post("/account/inlogpogingen-gezien")
@login_required
def acknowledge_failed_logins():
    if ConfirmForm().validate_on_submit():
        service.acknowledge_failed_logins(signed_in_user())
    return redirect(url_for("accounts.account"))


@bp.post("/account/overal-uitloggen")
@login_required
def logout_everywhere():
    if ConfirmForm().validate_on_submit():
        service.log_out_everywhere(signed_in_user())
        _end_session()
        flash("Je bent overal uitgelogd, ook hier. Log opnieuw in om verder te gaan.", "success")
    return redirect(url_for("accounts.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        service.update_profile(
            signed_in_user(),
            name=form.name.data,
            organisation=form.organisation.data or "",
            region=form.region.data or "",
        )
        flash("Je gegevens zijn opgeslagen.", "success")
        return redirect(url_for("accounts.account"))
    # Moderators and admins are appointed; the others may ask for another role.
    role_form = (
        RoleRequestForm(role=current_user.requested_role or Role.DOCENT.value)
        if current_user.role_enum in REGISTRATION_ROLES
        else None
    )
    return render_template(
        "accounts/account.html",
        form=form,
        role_form=role_form,
        lessons=lessons_of(current_user),
        logins=sessions.count(current_user),
        mail_form=MailPreferencesForm(obj=current_user),
    ), (400 if form.errors else 200)


@bp.post("/account/mails")
@login_required
def mail_preferences():
    form = MailPreferencesForm()
    if form.validate_on_submit():
        service.set_mail_preferences(
            signed_in_user(),
            review=form.notify_review.data,
            experiences=form.notify_experiences.data,
            # Only reviewers see the digest's box; the others keep what they had.
            digest=form.notify_digest.data
            if policy.can(current_user, "review")
            else current_user.notify_digest,
        )
        flash("Je keuze voor mails is opgeslagen.", "success")
    return redirect(url_for("accounts.account", _anchor="mails"))


@bp.post("/account/rol")
@login_required
def request_role():
    form = RoleRequestForm()
    if form.validate_on_submit():
        service.request_role(signed_in_user(), Role(form.role.data))
        if current_user.requested_role:
            flash("Je aanvraag is verstuurd. Een beheerder kijkt ernaar.", "success")
        else:
            flash("Je aanvraag is ingetrokken.", "success")
    return redirect(url_for("accounts.account"))


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            service.change_password(
                signed_in_user(), form.current_password.data, form.new_password.data
            )
        except service.AccountError as error:
            show_error(form, error)
        else:
            _start_session(signed_in_user(), remember=False)
            flash("Je nieuwe wachtwoord is opgeslagen.", "success")
            return redirect(url_for("accounts.account"))
    status = 400 if form.errors else 200
    return render_template("accounts/password.html", form=form), status
