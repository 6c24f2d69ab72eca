"""Techlabs: places where a class comes to do what a primary school cannot do itself.

A `Lab` (a vmbo techlab, a Doe-Lab, a technohub, a techniekbus that comes to the school,
a company) offers `Activity`s: for a class with its teacher, or for teachers themselves.
An activity has fixed dates with seats (`ActivityDate`) or is "op aanvraag" within the
lab's available periods (`LabPeriod`). Lab staff are members of one lab (`LabStaff`), not
a global role. The rows are written from the lab files in `content/techlabs/` (see
docs/techlab-format.md); a visit asked for later points at an activity and a date by id,
so an import updates activities and dates in place instead of replacing them.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from library.accounts.models import User


class LabKind(enum.StrEnum):
    """What kind of place a lab is."""

    VMBO_TECHLAB = "vmbo-techlab"
    DOE_LAB = "doe-lab"
    TECHNOHUB = "technohub"
    TECHNIEKBUS = "techniekbus"
    BEDRIJF = "bedrijf"

    @property
    def label(self) -> str:
        return LAB_KIND_LABELS[self]


LAB_KIND_LABELS = {
    LabKind.VMBO_TECHLAB: "Vmbo-techlab",
    LabKind.DOE_LAB: "Doe-Lab",
    LabKind.TECHNOHUB: "Hotspot of technohub",
    LabKind.TECHNIEKBUS: "Techniekbus (komt naar school)",
    LabKind.BEDRIJF: "Bedrijf",
}


class GuideKind(enum.StrEnum):
    """Who guides the pupils at the lab."""

    DOCENTEN = "docenten"
    VMBO_LEERLINGEN = "vmbo-leerlingen"
    MBO_STUDENTEN = "mbo-studenten"
    MEDEWERKERS = "medewerkers"

    @property
    def label(self) -> str:
        return GUIDE_KIND_LABELS[self]


GUIDE_KIND_LABELS = {
    GuideKind.DOCENTEN: "Docenten",
    GuideKind.VMBO_LEERLINGEN: "Vmbo-leerlingen",
    GuideKind.MBO_STUDENTEN: "Mbo-studenten",
    GuideKind.MEDEWERKERS: "Medewerkers van het bedrijf",
}


class Audience(enum.StrEnum):
    """Whom an activity is for: a class with its teacher, or teachers themselves."""

    KLAS = "klas"
    LEERKRACHTEN = "leerkrachten"

    @property
    def label(self) -> str:
        return AUDIENCE_LABELS[self]


AUDIENCE_LABELS = {
    Audience.KLAS: "Een klas met de leerkracht",
    Audience.LEERKRACHTEN: "Leerkrachten zelf",
}


class TeacherFormat(enum.StrEnum):
    """What an activity for teachers is."""

    WORKSHOP = "workshop"
    KENNISDELING = "kennisdeling"
    SCHOLING = "scholing"

    @property
    def label(self) -> str:
        return TEACHER_FORMAT_LABELS[self]


TEACHER_FORMAT_LABELS = {
    TeacherFormat.WORKSHOP: "Workshop",
    TeacherFormat.KENNISDELING: "Kennisdeling",
    TeacherFormat.SCHOLING: "Scholing",
}


class Scheduling(enum.StrEnum):
    """When an activity happens: on its fixed dates, or when a school asks."""

    VASTE_DATUM = "vaste-datum"
    OP_AANVRAAG = "op-aanvraag"

    @property
    def label(self) -> str:
        return SCHEDULING_LABELS[self]


SCHEDULING_LABELS = {
    Scheduling.VASTE_DATUM: "Vaste datum",
    Scheduling.OP_AANVRAAG: "Op aanvraag",
}
# Which parts of its contact a lab shows on its page and in the API.
CONTACT_PARTS = ("name", "email", "phone")


class Lab(db.Model):
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20), index=True)
    operator: so.Mapped[str] = so.mapped_column(sa.String(200))
    region: so.Mapped[str] = so.mapped_column(sa.String(200), index=True)
    address: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    travel_notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    capacity: so.Mapped[int | None]
    # Keys of the `technologies` vocabulary: the lab's equipment.
    technologies: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    # [{"who": GuideKind, "per_pupils": int | None}]: one guide per that many pupils.
    guides: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    contact_name: so.Mapped[str] = so.mapped_column(sa.String(120), default="")
    contact_email: so.Mapped[str] = so.mapped_column(sa.String(254), default="")
    contact_phone: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    # The parts of CONTACT_PARTS the lab wants shown; the others stay for its staff.
    public_contact: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    description_markdown: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    description_html: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # The secret in the URL of the lab's iCalendar feed; None until its staff ask for one.
    calendar_token: so.Mapped[str | None] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    activities: so.Mapped[list[Activity]] = so.relationship(
        back_populates="lab",
        order_by="Activity.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    periods: so.Mapped[list[LabPeriod]] = so.relationship(
        back_populates="lab",
        order_by="LabPeriod.starts_on",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    staff: so.Mapped[list[LabStaff]] = so.relationship(
        back_populates="lab", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def kind_label(self) -> str:
        return LabKind(self.kind).label

    def shows_contact(self, part: str) -> bool:
        return part in self.public_contact

    def __repr__(self) -> str:
        return f"<Lab {self.slug}>"


class LabPeriod(db.Model):
    """A stretch of time in which the lab receives classes for activities "op aanvraag"."""

    __tablename__ = "lab_period"
    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="period_in_order"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lab_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("lab.id", ondelete="CASCADE"), index=True
    )
    starts_on: so.Mapped[date]
    ends_on: so.Mapped[date]
    note: so.Mapped[str] = so.mapped_column(sa.String(300), default="")

    lab: so.Mapped[Lab] = so.relationship(back_populates="periods")


class Activity(db.Model):
    """One thing of a lab's offer (`aanbod`)."""

    __table_args__ = (sa.UniqueConstraint("lab_id", "slug", name="uq_activity_lab_slug"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lab_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lab.id", ondelete="CASCADE"))
    position: so.Mapped[int] = so.mapped_column(default=0)
    slug: so.Mapped[str] = so.mapped_column(sa.String(80))
    title: so.Mapped[str] = so.mapped_column(sa.String(120))
    summary: so.Mapped[str] = so.mapped_column(sa.String(400))
    description_markdown: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    description_html: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    audience: so.Mapped[str] = so.mapped_column(sa.String(20))
    parents_welcome: so.Mapped[bool] = so.mapped_column(default=False)
    # For teachers only: workshop, kennisdeling or scholing.
    teacher_format: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    worlds: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    grades: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    duration: so.Mapped[int | None]
    capacity: so.Mapped[int | None]
    # 0 is free.
    cost_cents: so.Mapped[int] = so.mapped_column(default=0)
    cost_conditions: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    school_brings: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    # Lessons by slug: a link is shown only while that lesson is published.
    preparation_lesson: so.Mapped[str | None] = so.mapped_column(sa.String(80), index=True)
    follow_up_lesson: so.Mapped[str | None] = so.mapped_column(sa.String(80), index=True)
    scheduling: so.Mapped[str] = so.mapped_column(sa.String(20))

    lab: so.Mapped[Lab] = so.relationship(back_populates="activities")
    dates: so.Mapped[list[ActivityDate]] = so.relationship(
        back_populates="activity",
        order_by="(ActivityDate.day, ActivityDate.starts_at)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def is_free(self) -> bool:
        return self.cost_cents == 0

    @property
    def on_request(self) -> bool:
        return self.scheduling == Scheduling.OP_AANVRAAG

    def __repr__(self) -> str:
        return f"<Activity {self.slug}>"


class ActivityDate(db.Model):
    """A fixed date of an activity with its number of seats (a class or a teacher each)."""

    __tablename__ = "activity_date"
    __table_args__ = (
        sa.UniqueConstraint("activity_id", "day", "starts_at", name="uq_activity_date_moment"),
        sa.CheckConstraint("ends_at > starts_at", name="time_in_order"),
        sa.CheckConstraint("seats > 0", name="seats_positive"),
        # The database, not the code that books, keeps a date from being overbooked.
        sa.CheckConstraint("seats_taken BETWEEN 0 AND seats", name="seats_left"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    activity_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("activity.id", ondelete="CASCADE"))
    day: so.Mapped[date]
    starts_at: so.Mapped[time]
    ends_at: so.Mapped[time]
    seats: so.Mapped[int]
    # Booked by visits that are not cancelled; only `visits.take_seat` raises it.
    seats_taken: so.Mapped[int] = so.mapped_column(default=0, server_default="0")

    activity: so.Mapped[Activity] = so.relationship(back_populates="dates")

    @property
    def seats_left(self) -> int:
        return self.seats - self.seats_taken


class LabStaff(db.Model):
    """A user who runs a lab's offer and its visits; made so by an admin or moderator."""

    __tablename__ = "lab_staff"
    __table_args__ = (sa.UniqueConstraint("lab_id", "user_id", name="uq_lab_staff_member"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lab_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lab.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    added_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    lab: so.Mapped[Lab] = so.relationship(back_populates="staff")
    user: so.Mapped[User] = so.relationship()


class VisitStatus(enum.StrEnum):
    """Where a visit stands in the Doe-Lab cycle."""

    AANGEVRAAGD = "aangevraagd"
    VOORGESPREK = "voorgesprek"
    BEVESTIGD = "bevestigd"
    UITGEVOERD = "uitgevoerd"
    NABESPROKEN = "nabesproken"
    AFGEWEZEN = "afgewezen"
    GEANNULEERD = "geannuleerd"

    @property
    def label(self) -> str:
        return VISIT_STATUS_LABELS[self]


VISIT_STATUS_LABELS = {
    VisitStatus.AANGEVRAAGD: "Aangevraagd",
    VisitStatus.VOORGESPREK: "Voorgesprek gepland",
    VisitStatus.BEVESTIGD: "Bevestigd",
    VisitStatus.UITGEVOERD: "Uitgevoerd",
    VisitStatus.NABESPROKEN: "Nabesproken",
    VisitStatus.AFGEWEZEN: "Afgewezen",
    VisitStatus.GEANNULEERD: "Geannuleerd",
}
MAX_SCHOOL_LENGTH = 200
MAX_PERIODS_LENGTH = 500
MAX_QUESTION_LENGTH = 2000
MAX_PUPILS = 60
MAX_NOTE_LENGTH = 500


class Visit(db.Model):
    """A teacher's request to come to (or have a seat at) an activity, and what follows.

    A seat on a fixed date (`activity_date`) is booked at once; an activity "op aanvraag"
    starts as a request the lab's staff plan with the teacher.
    """

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    activity_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("activity.id"), index=True)
    activity_date_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("activity_date.id"), index=True
    )
    teacher_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(20), index=True)
    school_name: so.Mapped[str] = so.mapped_column(sa.String(MAX_SCHOOL_LENGTH))
    # A key of the `grades` vocabulary; None for an activity for teachers themselves.
    grade: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    pupils: so.Mapped[int | None]
    preferred_periods: so.Mapped[str] = so.mapped_column(sa.String(MAX_PERIODS_LENGTH), default="")
    # The demand-driven part: what the class works on, what it wants to find out or make.
    working_on: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    wants_to: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # The intake (voorgesprek) the lab's staff plan, and what was agreed there.
    intake_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    intake_note: so.Mapped[str] = so.mapped_column(sa.String(MAX_NOTE_LENGTH), default="")
    question: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    starts_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    ends_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    teacher_prepares: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    lab_prepares: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # Why the lab declined or a side cancelled.
    reason: so.Mapped[str] = so.mapped_column(sa.String(MAX_NOTE_LENGTH), default="")
    # The teacher's follow-up after the visit, shown to the lab.
    went_well: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    ran_into: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    class_did_next: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    followed_up_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    activity: so.Mapped[Activity] = so.relationship()
    activity_date: so.Mapped[ActivityDate | None] = so.relationship()
    teacher: so.Mapped[User] = so.relationship()

    @property
    def status_label(self) -> str:
        return VisitStatus(self.status).label

    def __repr__(self) -> str:
        return f"<Visit {self.id} {self.status}>"
