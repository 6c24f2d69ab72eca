"""Forms for keeping lessons. Buttons without fields use `ConfirmForm` (only its CSRF token)."""

from __future__ import annotations

from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from library.collections.models import MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH, Collection
from library.forms import Form


class CollectionForm(Form):
    title = StringField(
        "Naam van de collectie",
        validators=[
            DataRequired(message="Geef de collectie een naam."),
            Length(max=MAX_TITLE_LENGTH, message=f"Hoogstens {MAX_TITLE_LENGTH} tekens."),
        ],
        description="Bijvoorbeeld: Thema water, groep 5",
    )
    description = TextAreaField(
        "Beschrijving (mag leeg blijven)",
        validators=[
            Optional(),
            Length(
                max=MAX_DESCRIPTION_LENGTH, message=f"Hoogstens {MAX_DESCRIPTION_LENGTH} tekens."
            ),
        ],
    )


class SharingForm(Form):
    shared = BooleanField("Iedereen met de link mag deze collectie bekijken")


NEW_COLLECTION = "nieuw"


class AddToCollectionForm(Form):
    """On a lesson page: one of the user's collections, or a new one by name."""

    collection = SelectField("Collectie", validate_choice=True)
    new_title = StringField(
        "of een nieuwe collectie",
        validators=[
            Optional(),
            Length(max=MAX_TITLE_LENGTH, message=f"Hoogstens {MAX_TITLE_LENGTH} tekens."),
        ],
    )

    def __init__(self, collections: list[Collection], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.collection.choices = [SelectChoice(c.token, c.title) for c in collections] + [
            SelectChoice(NEW_COLLECTION, "Een nieuwe collectie…")
        ]

    @property
    def wants_new(self) -> bool:
        """A name typed for a new collection wins over the list's choice."""
        return bool((self.new_title.data or "").strip()) or self.collection.data == NEW_COLLECTION

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.collection.data == NEW_COLLECTION and not (self.new_title.data or "").strip():
            self.new_title.errors = ["Geef de nieuwe collectie een naam."]
            return False
        return True
