"""The lesson editor's forms. Choices come from the vocabularies; the lesson format checks values.

The editor works without JavaScript: adding, removing and moving sections, changing
the kind of lesson and uploading a file are submit buttons (`action`) that come
back to the same page with everything typed so far.
"""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms import Form as SubForm
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from library.content.body import MAX_HEADING_CHARS
from library.content.format import FIELDS, FIELDS_BY_NAME
from library.forms import Form
from library.vocab.loader import Vocabularies

# Fields whose choices are the terms of the vocabulary the lesson format names for them.
VOCABULARY_FIELDS = tuple(
    spec.name for spec in FIELDS if spec.vocabulary and spec.kind in ("choice", "terms")
)
OPTIONAL_CHOICE_FIELDS = ("threshold", "location")
NOT_GIVEN = SelectChoice("", "Niet opgegeven")
NO_COVER = SelectChoice("", "Geen: de tekening van de wereld van techniek")


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes; the lesson format, not WTForms, checks the values."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, validate_choice=False, **kwargs)


class PhaseForm(SubForm):
    key = HiddenField()
    text = TextAreaField()


class FreeSectionForm(SubForm):
    heading = StringField(
        "Kop",
        validators=[
            Optional(),
            Length(max=MAX_HEADING_CHARS, message=f"Hoogstens {MAX_HEADING_CHARS} tekens."),
        ],
    )
    text = TextAreaField("Tekst")
    after = SelectField("Plaats in de les", validate_choice=False)


class Versioned:
    """A form that carries the lesson version the user saw (optimistic locking)."""

    version = HiddenField()

    @property
    def expected_version(self) -> int | None:
        value = self.version.data or ""
        return int(value) if value.isdigit() else None


class LessonForm(Form, Versioned):
    phases_kind = HiddenField()
    attachments_token = HiddenField()

    title = StringField("Titel")
    summary = TextAreaField(
        "Samenvatting", description="Eén of twee zinnen: dit lezen collega's in de zoekresultaten."
    )
    kind = RadioField("Soort les", validate_choice=False)
    audience = SelectField(
        "Voor wie is de les?",
        description="Een scholing of teambijeenkomst is voor leerkrachten.",
        validate_choice=False,
    )
    worlds = CheckboxesField("Werelden van techniek")
    grades = CheckboxesField("Groepen en leerjaren")
    goals = CheckboxesField("Kerndoelen")
    skills = CheckboxesField("Vaardigheden")
    technologies = CheckboxesField("Technologie")
    profiles = CheckboxesField("vmbo-profielen", description="Waar leidt deze les naartoe (LOB)?")
    occupations = CheckboxesField(
        "Beroepen", description="Welke beroepen leren de leerlingen kennen?"
    )
    duration = StringField("Duur in minuten", description="Bijvoorbeeld 90 voor anderhalf uur.")
    group_size = StringField("Leerlingen per groepje")
    threshold = RadioField("Drempel voor de leerkracht", validate_choice=False)
    location = SelectField("Waar vindt de les plaats?", validate_choice=False)
    license = RadioField(
        "Licentie",
        description=(
            "Onder welke voorwaarden mogen collega's je les gebruiken? Met een open licentie "
            "kunnen anderen hem ook aanpassen voor hun eigen groep."
        ),
        validate_choice=False,
    )
    materials = TextAreaField("Materialen", description="Eén ding per regel.")
    preparation = TextAreaField(
        "Voorbereiding", description="Wat doet de leerkracht vooraf? Markdown mag."
    )
    preparation_minutes = StringField(
        "Voorbereidingstijd in minuten",
        description="Alle voorbereiding samen; 0 als er niets voor te bereiden is.",
    )
    word_list = TextAreaField(
        "Woordenschat",
        description=(
            "De technische woorden met uitleg voor leerlingen, één per regel: het woord, "
            "een dubbele punt en de uitleg. Bijvoorbeeld: isolator: een materiaal waar "
            "stroom niet doorheen kan."
        ),
    )
    sentence_starters = TextAreaField(
        "Zinsstarters",
        description="Voor het verslag of de presentatie, één per regel. Bijvoorbeeld: "
        "Wij dachten dat ..., omdat ...",
    )
    tags = StringField("Trefwoorden", description="Extra zoekwoorden, gescheiden door komma's.")
    intro = TextAreaField("Inleiding", description="Tekst vóór de fasen. Markdown mag.")
    phases = FieldList(FormField(PhaseForm))
    sections = FieldList(FormField(FreeSectionForm))
    upload = FileField("Bestand kiezen")
    cover = SelectField(
        "Omslagafbeelding",
        description=(
            "Staat op de kaart in de zoekresultaten en bovenaan de les. Kies een foto of "
            "tekening uit de bijlagen (png, jpg, webp of svg); zonder omslag staat er de "
            "tekening van de wereld van techniek."
        ),
        validate_choice=False,
    )
    cover_alt = StringField(
        "Beschrijving van de omslag",
        description=(
            "Wat staat erop? Voor wie de afbeelding niet ziet. Bijvoorbeeld: Een bootje van "
            "aluminiumfolie met knikkers erin drijft in een bak water."
        ),
    )
    message = StringField(
        "Wat heb je veranderd?",
        description="Optioneel; komt in de versiegeschiedenis.",
        validators=[Optional(), Length(max=500, message="Hoogstens 500 tekens.")],
    )

    def set_choices(
        self, vocabularies: Vocabularies, placements: list[SelectChoice], images: list[str]
    ) -> None:
        """Fill the choices from the vocabularies, the places a free section can stand and
        the attached images a cover can be."""
        self.cover.choices = [NO_COVER, *(SelectChoice(name, name) for name in images)]
        for name in VOCABULARY_FIELDS:
            terms = vocabularies[FIELDS_BY_NAME[name].vocabulary]
            self[name].choices = [SelectChoice(t.key, t.label) for t in terms]
        for name in OPTIONAL_CHOICE_FIELDS:
            self[name].choices = [NOT_GIVEN, *self[name].choices]
        for entry in self.sections:
            entry.after.choices = placements


class DecisionForm(Form, Versioned):
    """A workflow step on a lesson: the version the user saw guards against stale pages."""


class ReturnForm(DecisionForm):
    comment = TextAreaField(
        "Wat moet er beter?",
        description="De maker ziet deze toelichting bij de les.",
    )
