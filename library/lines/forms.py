"""Forms for building learning lines."""

from __future__ import annotations

from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from library.forms import Form
from library.lines.models import MAX_DESCRIPTION_LENGTH, MAX_EXPLANATION_LENGTH, MAX_TITLE_LENGTH
from library.vocab.loader import Vocabularies


def _at_most(length: int) -> Length:
    return Length(max=length, message=f"Hoogstens {length} tekens.")


class LineForm(Form):
    title = StringField(
        "Titel",
        validators=[
            InputRequired(message="Geef de leerlijn een titel."),
            _at_most(MAX_TITLE_LENGTH),
        ],
        description="Bijvoorbeeld: Van knikkerbaan tot transportband",
    )
    description = TextAreaField(
        "Waar gaat de leerlijn over?",
        validators=[Optional(), _at_most(MAX_DESCRIPTION_LENGTH)],
        description="Wat leren kinderen stap voor stap, van de basisschool tot het vmbo?",
    )


def grade_choices(vocabularies: Vocabularies, keys: list[str] | None = None) -> list[SelectChoice]:
    """Grade groups to choose from (all, or the given ones), youngest first."""
    return [
        SelectChoice(grade.key, grade.label)
        for grade in vocabularies.grades
        if keys is None or grade.key in keys
    ]


class StepForm(Form):
    """A step as the line's page adds it: the lesson by its address."""

    lesson = StringField(
        "Les",
        validators=[InputRequired(message="Plak het adres van de les.")],
        description="Het adres van de les, bijvoorbeeld https://…/lessen/de-sterkste-brug",
    )
    grade = SelectField("Voor groep")
    explanation = TextAreaField(
        "Wat voegt deze stap toe?",
        validators=[
            InputRequired(message="Schrijf kort wat deze stap toevoegt aan de leerlijn."),
            _at_most(MAX_EXPLANATION_LENGTH),
        ],
    )

    def __init__(
        self, vocabularies: Vocabularies, *args, grades: list[str] | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.grade.choices = grade_choices(vocabularies, grades)


class StepEditForm(StepForm):
    lesson = None


class AddToLineForm(StepEditForm):
    """On a lesson page: one of the user's lines, a grade group of the lesson, an explanation."""

    line = SelectField("Leerlijn")

    def __init__(self, vocabularies: Vocabularies, lines, grades: list[str], *args, **kwargs):
        super().__init__(vocabularies, *args, grades=grades, **kwargs)
        self.line.choices = [SelectChoice(line.slug, line.title) for line in lines]
