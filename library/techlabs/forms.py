"""The forms of a visit: the teacher's request, and each step the lab or the teacher takes."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from library.experiences.forms import STARS
from library.forms import Form
from library.techlabs.models import (
    MAX_NOTE_LENGTH,
    MAX_PERIODS_LENGTH,
    MAX_QUESTION_LENGTH,
    MAX_SCHOOL_LENGTH,
    Activity,
    Audience,
)
from library.vocab.loader import Vocabularies


def _at_most(limit: int) -> Length:
    return Length(max=limit, message=f"Hoogstens {limit} tekens.")


class VisitForm(Form):
    school_name = StringField(
        "Naam van je school",
        validators=[
            InputRequired(message="Vul de naam van je school in."),
            _at_most(MAX_SCHOOL_LENGTH),
        ],
    )
    grade = SelectField("Welke groep komt?", validate_choice=False)
    pupils = IntegerField(
        "Met hoeveel leerlingen?",
        validators=[Optional()],
    )
    moment = RadioField("Kies een datum", coerce=int, validate_choice=False)
    preferred_periods = TextAreaField(
        "Wanneer zouden jullie kunnen komen?",
        validators=[Optional(), _at_most(MAX_PERIODS_LENGTH)],
        description="Bijvoorbeeld: na de herfstvakantie, op dinsdag- of donderdagochtend.",
    )
    working_on = TextAreaField(
        "Waar is de klas mee bezig?",
        validators=[Optional(), _at_most(MAX_QUESTION_LENGTH)],
        description="Het thema of project in de klas: daar sluit het lab bij aan.",
    )
    wants_to = TextAreaField(
        "Wat wil de klas onderzoeken of maken?",
        validators=[Optional(), _at_most(MAX_QUESTION_LENGTH)],
        description=(
            "Een vraag of een idee van de kinderen; in het voorgesprek maak je het samen concreet."
        ),
    )

    def __init__(
        self,
        vocabularies: Vocabularies,
        activity: Activity,
        moments: list[tuple[int, str]],
        *args,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        grades = [g for g in vocabularies.grades if not activity.grades or g.key in activity.grades]
        self.grade.choices = [SelectChoice(g.key, g.label) for g in grades]
        self.moment.choices = moments
        self.for_class = activity.audience == Audience.KLAS


class IntakeForm(Form):
    """The lab's staff plan the voorgesprek."""

    intake_at = DateTimeLocalField(
        "Wanneer is het voorgesprek?",
        validators=[InputRequired(message="Kies datum en tijd van het voorgesprek.")],
    )
    intake_note = StringField(
        "Hoe en waar?",
        validators=[Optional(), _at_most(MAX_NOTE_LENGTH)],
        description="Bijvoorbeeld: op school, of een belafspraak.",
    )


class AgreementForm(Form):
    """What the intake agreed: the question, the day, who prepares what."""

    question = TextAreaField(
        "De onderzoeks- of ontwerpvraag",
        validators=[
            InputRequired(
                message="Schrijf de onderzoeks- of ontwerpvraag op die jullie afspraken."
            ),
            _at_most(MAX_QUESTION_LENGTH),
        ],
    )
    starts_at = DateTimeLocalField(
        "Begin van het bezoek",
        validators=[InputRequired(message="Kies datum en tijd van het begin.")],
    )
    ends_at = DateTimeLocalField(
        "Einde van het bezoek",
        validators=[InputRequired(message="Kies datum en tijd van het einde.")],
    )
    teacher_prepares = TextAreaField(
        "Wat bereidt de leerkracht voor?",
        validators=[Optional(), _at_most(MAX_QUESTION_LENGTH)],
        description="Bijvoorbeeld: maak het ontwerp zelf een keer.",
    )
    lab_prepares = TextAreaField(
        "Wat bereidt het lab voor?",
        validators=[Optional(), _at_most(MAX_QUESTION_LENGTH)],
    )


class ReasonForm(Form):
    """Declining or cancelling: the other side reads why."""

    reason = StringField(
        "Waarom?",
        validators=[
            InputRequired(message="Schrijf kort waarom; de andere kant leest het."),
            _at_most(MAX_NOTE_LENGTH),
        ],
    )


class FollowUpForm(Form):
    """The teacher's short form after the visit."""

    went_well = TextAreaField(
        "Wat ging goed?", validators=[Optional(), _at_most(MAX_QUESTION_LENGTH)]
    )
    ran_into = TextAreaField(
        "Waar liep je tegenaan?",
        validators=[Optional(), _at_most(MAX_QUESTION_LENGTH)],
        description="Bij het ontwerp dat je zelf maakte, in het lab of daarna in de klas.",
    )
    class_did_next = TextAreaField(
        "Wat deed de klas daarna?", validators=[Optional(), _at_most(MAX_QUESTION_LENGTH)]
    )
    publish = BooleanField("Deel dit ook als ervaring bij de voorbereidende les")
    rating = RadioField("Hoe ging de les met het bezoek?", choices=STARS, validators=[Optional()])
    minutes = IntegerField(
        "Hoeveel minuten duurden les en bezoek samen?",
        validators=[Optional()],
        description="Alleen nodig als je het als ervaring deelt.",
    )


class StaffForm(Form):
    """An admin or moderator makes someone staff of a lab."""

    email = StringField(
        "E-mailadres van de nieuwe medewerker",
        validators=[
            InputRequired(message="Vul het e-mailadres van een account in."),
            _at_most(254),
        ],
        description="Die persoon heeft al een account bij Techniekbieb.",
    )
