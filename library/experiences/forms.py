"""The experience form and the moderator's form to hide one."""

from __future__ import annotations

from wtforms import IntegerField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from library.experiences.models import MAX_REASON_LENGTH, MAX_TEXT_LENGTH
from library.experiences.service import LONGEST, SHORTEST
from library.forms import Form
from library.vocab.loader import Vocabularies

STARS = [
    SelectChoice("5", "5 sterren: heel goed"),
    SelectChoice("4", "4 sterren: goed"),
    SelectChoice("3", "3 sterren: redelijk"),
    SelectChoice("2", "2 sterren: matig"),
    SelectChoice("1", "1 ster: niet goed"),
]


class ExperienceForm(Form):
    grade = SelectField("In welke groep gaf je de les?")
    minutes = IntegerField(
        "Hoeveel minuten duurde de les echt?",
        validators=[
            InputRequired(message="Vul in hoeveel minuten de les echt duurde."),
            NumberRange(
                min=SHORTEST,
                max=LONGEST,
                message=f"Vul een duur in tussen {SHORTEST} en {LONGEST} minuten.",
            ),
        ],
        description="Alles bij elkaar, met opruimen. Een dagdeel is ongeveer 180 minuten.",
    )
    rating = RadioField(
        "Hoe ging de les?",
        choices=STARS,
        validators=[InputRequired(message="Geef de les 1 tot 5 sterren.")],
    )
    went_well = TextAreaField(
        "Wat ging goed?",
        validators=[
            Optional(),
            Length(max=MAX_TEXT_LENGTH, message=f"Hoogstens {MAX_TEXT_LENGTH} tekens."),
        ],
    )
    watch_out = TextAreaField(
        "Waar moet een collega op letten?",
        validators=[
            Optional(),
            Length(max=MAX_TEXT_LENGTH, message=f"Hoogstens {MAX_TEXT_LENGTH} tekens."),
        ],
        description="Bijvoorbeeld: materiaal dat opraakt, een stap die langer duurt, veiligheid.",
    )

    def __init__(self, vocabularies: Vocabularies, lesson_grades: list[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The lesson's own grade groups first: that is where it is usually taught.
        grades = sorted(vocabularies.grades, key=lambda g: (g.key not in lesson_grades, g.position))
        self.grade.choices = [SelectChoice(grade.key, grade.label) for grade in grades]


class HideForm(Form):
    reason = StringField(
        "Waarom verberg je deze ervaring?",
        validators=[
            InputRequired(message="Schrijf kort waarom je de ervaring verbergt."),
            Length(max=MAX_REASON_LENGTH, message=f"Hoogstens {MAX_REASON_LENGTH} tekens."),
        ],
        description="De schrijver ziet deze reden bij de ervaring.",
    )
