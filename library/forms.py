"""The base of every form: Flask-WTF (CSRF token included) with WTForms' Dutch messages."""

from __future__ import annotations

from flask_wtf import FlaskForm


class Form(FlaskForm):
    class Meta:
        # WTForms ships Dutch translations of its own messages ("Ongeldige keuze.");
        # with Flask-WTF's Babel hook switched off (WTF_I18N_ENABLED) they are used directly.
        locales = ("nl",)
