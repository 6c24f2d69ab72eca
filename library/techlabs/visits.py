"""Visits to a lab's activity: asking for one, booking a seat, and each later step of the
Doe-Lab cycle (intake, confirmation, the day, declining or cancelling). Each call commits once.

Callers have asked the policy (`ask_visit`); these functions check what was filled in
against the activity (its grade groups, how many pupils fit, a date that is still to
come) and raise `TechlabError` with a Dutch message. Whether the user may take a step is
the policy's (`VISIT_STEPS`); whether the visit is in a status the step starts from is
checked here again, so a step taken twice (two staff members at once) changes nothing.

A seat on a fixed date is taken by one guarded UPDATE (`seats_taken < seats`), so two
teachers asking for the last seat at the same moment never both get it: the database
lets one UPDATE change the row and the other finds no seat left. The `seats_left`
check constraint says the same a second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from library.db import db, utcnow
from library.experiences import service as experiences
from library.experiences.models import RATINGS
from library.forms import FormError
from library.lessons.queries import get_published
from library.mail import compose
from library.techlabs.models import (
    MAX_NOTE_LENGTH,
    MAX_PERIODS_LENGTH,
    MAX_PUPILS,
    MAX_QUESTION_LENGTH,
    MAX_SCHOOL_LENGTH,
    Activity,
    ActivityDate,
    Audience,
    Visit,
    VisitStatus,
)
from library.vocab.loader import get_vocabularies

if TYPE_CHECKING:
    from library.accounts.models import User


class TechlabError(FormError):
    """What was filled in for a visit or a lab's staff cannot be stored."""


class DateFull(TechlabError):
    """Another teacher took the last seat first: the page answers 409."""

    status = 409


class StepTaken(TechlabError):
    """The visit moved on before this step (someone else took it): the page answers 409."""

    status = 409


@dataclass(frozen=True)
class VisitRequest:
    """What a teacher fills in to ask for a visit (or a seat on a fixed date)."""

    school_name: str
    grade: str | None = None
    pupils: int | None = None
    moment_id: int | None = None
    preferred_periods: str = ""
    working_on: str = ""
    wants_to: str = ""


def open_moments(activity: Activity, today: date) -> list[ActivityDate]:
    """The fixed dates of the activity still to come that have a seat left."""
    return [moment for moment in activity.dates if moment.day > today and moment.seats_left > 0]


def _text(value: str, limit: int, field: str, *, required: str | None = None) -> str:
    text = (value or "").strip()
    if required and not text:
        raise TechlabError(required, field)
    if len(text) > limit:
        raise TechlabError(f"Hoogstens {limit} tekens.", field)
    return text


def _checked(activity: Activity, asked: VisitRequest) -> VisitRequest:
    school = _text(
        asked.school_name,
        MAX_SCHOOL_LENGTH,
        "school_name",
        required="Vul de naam van je school in.",
    )
    grade, pupils = None, None
    if activity.audience == Audience.KLAS:
        allowed = activity.grades or [grade.key for grade in get_vocabularies().grades]
        if asked.grade not in allowed:
            raise TechlabError("Kies de groep van de klas die komt.", "grade")
        grade = asked.grade
        most = min(activity.capacity or MAX_PUPILS, MAX_PUPILS)
        if asked.pupils is None or not 1 <= asked.pupils <= most:
            raise TechlabError(f"Vul een aantal leerlingen in van 1 tot en met {most}.", "pupils")
        pupils = asked.pupils
    on_request = activity.on_request
    periods = _text(
        asked.preferred_periods,
        MAX_PERIODS_LENGTH,
        "preferred_periods",
        required="Schrijf wanneer jullie zouden kunnen komen." if on_request else None,
    )
    working_on = _text(
        asked.working_on,
        MAX_QUESTION_LENGTH,
        "working_on",
        required="Schrijf kort waar de klas mee bezig is." if on_request else None,
    )
    wants_to = _text(asked.wants_to, MAX_QUESTION_LENGTH, "wants_to")
    return VisitRequest(school, grade, pupils, asked.moment_id, periods, working_on, wants_to)


def _take_seat(moment: ActivityDate) -> None:
    """Book one seat of the date, or raise when none is left (another teacher was first)."""
    taken = db.session.execute(
        sa.update(ActivityDate)
        .where(ActivityDate.id == moment.id, ActivityDate.seats_taken < ActivityDate.seats)
        .values(seats_taken=ActivityDate.seats_taken + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(moment, ["seats_taken"])
    if taken != 1:
        db.session.rollback()
        raise DateFull("Deze datum is inmiddels vol. Kies een andere datum.", "moment")


def ask(teacher: User, activity: Activity, asked: VisitRequest, *, today: date) -> Visit:
    """Store the teacher's request. On a fixed date the seat is booked at once and the
    visit is confirmed; an activity "op aanvraag" waits for the lab's staff."""
    asked = _checked(activity, asked)
    visit = Visit(
        activity=activity,
        teacher=teacher,
        status=VisitStatus.AANGEVRAAGD.value,
        school_name=asked.school_name,
        grade=asked.grade,
        pupils=asked.pupils,
        preferred_periods=asked.preferred_periods,
        working_on=asked.working_on,
        wants_to=asked.wants_to,
    )
    if not activity.on_request:
        moment = next((m for m in activity.dates if m.id == asked.moment_id), None)
        if moment is None or moment.day <= today:
            raise TechlabError("Kies een van de datums die nog komen.", "moment")
        _take_seat(moment)
        visit.activity_date = moment
        visit.status = VisitStatus.BEVESTIGD.value
    db.session.add(visit)
    db.session.flush()
    headline = "Nieuwe reservering" if visit.activity_date_id else "Nieuwe aanvraag"
    _tell(visit, "lab", headline, visit.working_on)
    db.session.commit()
    return visit


def _tell(visit: Visit, side: str, headline: str, detail: str = "") -> None:
    """Mail the other side of a step: the teacher who asked, or every active staff member
    of the lab (its contact address when it has no staff on the site yet)."""
    lab = visit.activity.lab
    if side == "teacher":
        recipients = [(visit.teacher.name, visit.teacher.email)] if visit.teacher.active else []
    else:
        recipients = [(m.user.name, m.user.email) for m in lab.staff if m.user.active]
        if not recipients and lab.contact_email:
            recipients = [(lab.contact_name or lab.name, lab.contact_email)]
    for name, email in recipients:
        compose.queue(
            email,
            "visit_step",
            name=name,
            headline=headline,
            detail=detail,
            activity_title=visit.activity.title,
            lab_name=lab.name,
            school_name=visit.school_name,
            visit_url=compose.absolute_url("techlabs.visit", visit_id=visit.id),
        )


@dataclass(frozen=True)
class Agreement:
    """What the lab and the teacher agreed in the intake."""

    question: str
    starts_at: datetime
    ends_at: datetime
    teacher_prepares: str = ""
    lab_prepares: str = ""


def _move(visit: Visit, to: VisitStatus, *, allowed_from: set[VisitStatus]) -> None:
    """Change the status with a guarded UPDATE: of two staff members taking the same step
    at once, the second finds the status already moved on and gets a Dutch message."""
    moved = db.session.execute(
        sa.update(Visit)
        .where(Visit.id == visit.id, Visit.status.in_([s.value for s in allowed_from]))
        .values(status=to.value)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        raise StepTaken("Dit bezoek is intussen al verder; bekijk het opnieuw.")
    db.session.expire(visit, ["status", "updated_at"])


def plan_intake(visit: Visit, intake_at: datetime, note: str = "") -> None:
    """The lab's staff plan the voorgesprek (again, when it moves)."""
    if intake_at.tzinfo is None:
        raise TechlabError("Geef het tijdstip van het voorgesprek met tijdzone.", "intake_at")
    visit.intake_note = _text(note, MAX_NOTE_LENGTH, "intake_note")
    visit.intake_at = intake_at
    _move(
        visit,
        VisitStatus.VOORGESPREK,
        allowed_from={VisitStatus.AANGEVRAAGD, VisitStatus.VOORGESPREK},
    )
    _tell(visit, "teacher", "Voorgesprek gepland", visit.intake_note)
    db.session.commit()


def confirm(visit: Visit, agreement: Agreement) -> None:
    """Record what the intake agreed and confirm the visit."""
    question = _text(
        agreement.question,
        MAX_QUESTION_LENGTH,
        "question",
        required="Schrijf de onderzoeks- of ontwerpvraag op die jullie afspraken.",
    )
    if agreement.starts_at.tzinfo is None or agreement.ends_at.tzinfo is None:
        raise TechlabError("Geef begin en einde van het bezoek met tijdzone.", "starts_at")
    if agreement.ends_at <= agreement.starts_at:
        raise TechlabError("Het bezoek moet eindigen na het begin.", "ends_at")
    visit.question = question
    visit.starts_at, visit.ends_at = agreement.starts_at, agreement.ends_at
    visit.teacher_prepares = _text(
        agreement.teacher_prepares, MAX_QUESTION_LENGTH, "teacher_prepares"
    )
    visit.lab_prepares = _text(agreement.lab_prepares, MAX_QUESTION_LENGTH, "lab_prepares")
    _move(visit, VisitStatus.BEVESTIGD, allowed_from={VisitStatus.VOORGESPREK})
    _tell(visit, "teacher", "Bezoek bevestigd", visit.question)
    db.session.commit()


def mark_visited(visit: Visit) -> None:
    """The class came: the visit is done and waits for the teacher's follow-up."""
    _move(visit, VisitStatus.UITGEVOERD, allowed_from={VisitStatus.BEVESTIGD})
    _tell(visit, "teacher", "Hoe was het bezoek?", "Vertel het lab wat goed ging.")
    db.session.commit()


def _reason(reason: str) -> str:
    return _text(
        " ".join((reason or "").split()),
        MAX_NOTE_LENGTH,
        "reason",
        required="Schrijf kort waarom; de andere kant leest het.",
    )


def decline(visit: Visit, reason: str) -> None:
    """The lab cannot receive this class; the teacher reads why."""
    visit.reason = _reason(reason)
    _move(
        visit,
        VisitStatus.AFGEWEZEN,
        allowed_from={VisitStatus.AANGEVRAAGD, VisitStatus.VOORGESPREK},
    )
    _tell(visit, "teacher", "Aanvraag afgewezen", visit.reason)
    db.session.commit()


def cancel(visit: Visit, reason: str, *, by_side: str) -> None:
    """Either side (`by_side`: "teacher" or "lab") calls off a visit that has not happened;
    a booked seat is free again and the other side gets a mail."""
    visit.reason = _reason(reason)
    _move(
        visit,
        VisitStatus.GEANNULEERD,
        allowed_from={VisitStatus.AANGEVRAAGD, VisitStatus.VOORGESPREK, VisitStatus.BEVESTIGD},
    )
    if visit.activity_date_id is not None:
        db.session.execute(
            sa.update(ActivityDate)
            .where(ActivityDate.id == visit.activity_date_id)
            .values(seats_taken=ActivityDate.seats_taken - 1)
            .execution_options(synchronize_session=False)
        )
    _tell(visit, "lab" if by_side == "teacher" else "teacher", "Bezoek geannuleerd", visit.reason)
    db.session.commit()


@dataclass(frozen=True)
class FollowUp:
    """What the teacher tells after the visit; `rating` and `minutes` only when she
    publishes it as an experience on the preparation lesson."""

    went_well: str = ""
    ran_into: str = ""
    class_did_next: str = ""
    rating: int | None = None
    minutes: int | None = None


def preparation_lesson(visit: Visit):
    """The published lesson the visit's activity prepares with, if any."""
    slug = visit.activity.preparation_lesson
    return get_published(slug) if slug else None


def _check_experience(visit: Visit, told: FollowUp) -> None:
    """What sharing the follow-up as an experience needs, checked before anything is stored."""
    if preparation_lesson(visit) is None or visit.grade is None:
        raise TechlabError("Dit bezoek heeft geen voorbereidende les om een ervaring bij te delen.")
    if told.rating not in RATINGS:
        raise TechlabError("Geef de les 1 tot 5 sterren.", "rating")
    if told.minutes is None or not experiences.SHORTEST <= told.minutes <= experiences.LONGEST:
        shortest, longest = experiences.SHORTEST, experiences.LONGEST
        raise TechlabError(f"Vul een duur in tussen {shortest} en {longest} minuten.", "minutes")


def follow_up(visit: Visit, told: FollowUp, *, publish: bool) -> str | None:
    """Store the teacher's follow-up (shown to the lab) and close the cycle. With `publish`,
    it is also shared as her experience on the preparation lesson: a second unit of work
    (`experiences.share` commits itself). Its inputs are checked first; should sharing still
    be refused (the hourly limit), the follow-up stays stored and the reason is returned."""
    texts = {
        name: _text(getattr(told, name), MAX_QUESTION_LENGTH, name)
        for name in ("went_well", "ran_into", "class_did_next")
    }
    if not any(texts.values()):
        raise TechlabError("Vertel in ten minste één vak hoe het ging.", "went_well")
    if publish:
        _check_experience(visit, told)
    for name, text in texts.items():
        setattr(visit, name, text)
    visit.followed_up_at = utcnow()
    _move(visit, VisitStatus.NABESPROKEN, allowed_from={VisitStatus.UITGEVOERD})
    _tell(visit, "lab", "Nabespreking van de leerkracht", visit.ran_into or visit.went_well)
    db.session.commit()
    if not publish:
        return None
    report = experiences.Report(
        grade=visit.grade,
        minutes=told.minutes,
        rating=told.rating,
        went_well=visit.went_well,
        watch_out=visit.ran_into,
    )
    try:
        experiences.share(visit.teacher, preparation_lesson(visit), report)
    except experiences.ExperienceError as problem:
        return problem.message
    return None


def release_seats_of(teacher: User) -> None:
    """Give back the seats of the teacher's booked visits that have not happened, before
    her account (and with it her visits) goes; inside the caller's unit of work."""
    booked = (
        sa.select(Visit.activity_date_id, sa.func.count(Visit.id).label("seats"))
        .where(
            Visit.teacher_id == teacher.id,
            Visit.activity_date_id.is_not(None),
            Visit.status.in_([VisitStatus.AANGEVRAAGD.value, VisitStatus.BEVESTIGD.value]),
        )
        .group_by(Visit.activity_date_id)
    )
    for date_id, seats in db.session.execute(booked).all():
        db.session.execute(
            sa.update(ActivityDate)
            .where(ActivityDate.id == date_id)
            .values(seats_taken=ActivityDate.seats_taken - seats)
            .execution_options(synchronize_session=False)
        )


def described(visit: Visit) -> dict:
    """The visit as the teacher's own data (the ZIP of everything about her account)."""
    moment = visit.activity_date
    return {
        "lab": visit.activity.lab.slug,
        "activity": visit.activity.slug,
        "status": visit.status,
        "date": moment.day.isoformat() if moment else None,
        "school_name": visit.school_name,
        "grade": visit.grade,
        "pupils": visit.pupils,
        "preferred_periods": visit.preferred_periods,
        "working_on": visit.working_on,
        "wants_to": visit.wants_to,
        "question": visit.question,
        "starts_at": visit.starts_at.isoformat() if visit.starts_at else None,
        "ends_at": visit.ends_at.isoformat() if visit.ends_at else None,
        "teacher_prepares": visit.teacher_prepares,
        "lab_prepares": visit.lab_prepares,
        "reason": visit.reason,
        "went_well": visit.went_well,
        "ran_into": visit.ran_into,
        "class_did_next": visit.class_did_next,
        "created_at": visit.created_at.isoformat(),
    }
