"""The moderator's form to redact a revision."""

from __future__ import annotations

from wtforms import TextAreaField

from library.forms import Form


class RedactForm(Form):
    reason = TextAreaField(
        "Waarom verwijder je deze versie?",
        description="Iedereen die de versies bekijkt, ziet deze reden in plaats van de tekst.",
    )
