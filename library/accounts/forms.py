"""Account forms (Flask-WTF, so each carries its CSRF token), with Dutch messages."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import EqualTo, InputRequired, Length, Optional, StopValidation

from library.accounts.models import REGISTRATION_ROLES, ROLE_LABELS, Role
from library.accounts.passwords import MAX_LENGTH
from library.accounts.service import (
    MAX_EMAIL_LENGTH,
    MAX_NAME_LENGTH,
    is_valid_email,
)
from library.forms import Form

TOO_LONG = "Dit is te lang."


def email_address(form, field) -> None:
    """Too long or not an address: stop there, so no later check reads a huge value."""
    value = field.data or ""
    if len(value) > MAX_EMAIL_LENGTH:
        raise StopValidation(f"Een e-mailadres heeft hoogstens {MAX_EMAIL_LENGTH} tekens.")
    if not is_valid_email(value.strip()):
        raise StopValidation("Vul een geldig e-mailadres in.")


def required(what: str) -> InputRequired:
    return InputRequired(message=f"Vul {what} in.")


def repeated(field: str, label: str, what: str) -> PasswordField:
    """The password typed a second time, to catch a typo."""
    return PasswordField(
        label,
        validators=[
            required(f"{what} nog een keer"),
            EqualTo(field, message="De twee wachtwoorden zijn niet gelijk."),
        ],
    )


class LoginForm(Form):
    email = EmailField(
        "E-mailadres",
        validators=[required("je e-mailadres"), Length(max=MAX_EMAIL_LENGTH, message=TOO_LONG)],
    )
    password = PasswordField(
        "Wachtwoord",
        validators=[required("je wachtwoord"), Length(max=MAX_LENGTH, message=TOO_LONG)],
    )
    remember = BooleanField("Ingelogd blijven op dit apparaat")


class ProfileFields:
    name = StringField(
        "Naam",
        description="Zo staat je naam bij de lessen die je maakt.",
        validators=[
            required("je naam"),
            Length(max=MAX_NAME_LENGTH, message=f"Hoogstens {MAX_NAME_LENGTH} tekens."),
        ],
    )
    organisation = StringField(
        "School of organisatie",
        validators=[Optional(), Length(max=200, message="Hoogstens 200 tekens.")],
    )
    region = StringField(
        "STO-regio",
        description="De Sterk Techniekonderwijs-regio van je school, zoals STO Regio Utrecht.",
        validators=[Optional(), Length(max=200, message="Hoogstens 200 tekens.")],
    )


class RegisterForm(Form, ProfileFields):
    email = EmailField(
        "E-mailadres",
        validators=[required("je e-mailadres"), email_address],
    )
    password = PasswordField(
        "Wachtwoord",
        description="Minstens 10 tekens. Een zin van een paar woorden is sterk en makkelijk.",
        validators=[required("een wachtwoord")],
    )
    password_again = repeated("password", "Wachtwoord nog een keer", "je wachtwoord")
    role = RadioField(
        "Ik ben",
        choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in REGISTRATION_ROLES],
        default=Role.LEERKRACHT.value,
        validators=[InputRequired(message="Kies wat je bent.")],
    )


class ProfileForm(Form, ProfileFields):
    pass


class NewPasswordFields:
    """A new password, typed twice: on the account page and from a reset link."""

    new_password = PasswordField(
        "Nieuw wachtwoord",
        description="Minstens 10 tekens. Je wordt daarna op je andere apparaten uitgelogd.",
        validators=[required("een nieuw wachtwoord")],
    )
    new_password_again = repeated(
        "new_password", "Nieuw wachtwoord nog een keer", "je nieuwe wachtwoord"
    )


class PasswordForm(Form, NewPasswordFields):
    current_password = PasswordField(
        "Huidig wachtwoord", validators=[required("je huidige wachtwoord")]
    )


class ForgotPasswordForm(Form):
    email = EmailField(
        "E-mailadres",
        description="Het adres waarmee je inlogt. We sturen er een link naartoe.",
        validators=[required("je e-mailadres"), email_address],
    )


class ResetPasswordForm(Form, NewPasswordFields):
    pass


class EmailChangeForm(Form):
    email = EmailField(
        "Nieuw e-mailadres",
        description="We sturen een link naar het nieuwe adres; pas daarna verandert het.",
        validators=[required("je nieuwe e-mailadres"), email_address],
    )
    password = PasswordField(
        "Je wachtwoord",
        validators=[required("je wachtwoord"), Length(max=MAX_LENGTH, message=TOO_LONG)],
    )


class MailPreferencesForm(Form):
    notify_review = BooleanField("Als een moderator mijn les goedkeurt of terugstuurt")
    notify_experiences = BooleanField("Als iemand een ervaring deelt bij een les van mij")
    notify_digest = BooleanField("Elke dag een overzicht van de lessen die op beoordeling wachten")


class DeleteAccountForm(Form):
    """Deleting an account: how the name stays at published lessons, and a last check."""

    name_at_lessons = RadioField(
        "Je naam bij lessen die gepubliceerd blijven",
        choices=[
            SelectChoice("naam", "Laat mijn naam staan, zoals de lessen gepubliceerd zijn"),
            SelectChoice("anoniem", "Zet er “anoniem” neer"),
        ],
        default="naam",
        validators=[InputRequired(message="Kies wat er bij je lessen komt te staan.")],
    )
    sure = BooleanField(
        "Ik begrijp dat mijn account, concepten, collecties en ervaringen weg zijn, "
        "en dat dit niet terug kan",
        validators=[InputRequired(message="Vink aan dat je dit begrijpt.")],
    )


class OwnAccountDeletionForm(DeleteAccountForm):
    password = PasswordField(
        "Je wachtwoord",
        validators=[required("je wachtwoord"), Length(max=MAX_LENGTH, message=TOO_LONG)],
    )


class RoleRequestForm(Form):
    role = SelectField(
        "Rol aanvragen",
        choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in REGISTRATION_ROLES],
        validators=[InputRequired()],
    )


class RoleForm(Form):
    role = SelectField(
        "Rol",
        choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in Role],
        validators=[InputRequired(message="Kies een rol.")],
    )


class ConfirmForm(Form):
    """A form with only its CSRF token: for buttons like logging out and blocking."""
