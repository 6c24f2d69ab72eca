"""The base of every form (Flask-WTF, CSRF token included, with WTForms' Dutch messages), and
how a service's refusal reaches the form it answers."""

from __future__ import annotations

from flask_wtf import FlaskForm


class Form(FlaskForm):
    class Meta:
        # WTForms ships Dutch translations of its own messages ("Ongeldige keuze.");
        # with Flask-WTF's Babel hook switched off (WTF_I18N_ENABLED) they are used directly.
        locales = ("nl",)


class FormError(ValueError):
    """What a service refuses, in Dutch for the person who asked.

    `field` names the form field the message is about; without one it stands above the
    form (or in a flash, where no form was posted). `status` is the HTTP status of the
    page that shows it again.
    """

    status = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def show_error(form: Form, error: FormError) -> int:
    """Put the error at its field of the form (or above the form); the page's HTTP status."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
    return error.status
