"""`/techlabs`: finding a lab activity by facet and text, a lab with its offer, an activity,
asking for a visit; `/bezoeken`: a teacher's visits, a visit with the steps the user may
take now; a lab's dashboard of its visits.

The lesson page's box "Dit kun je ook doen in een techlab" comes from `techlab_tools`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from library import dutch_time
from library.accounts import policy
from library.accounts.forms import ConfirmForm
from library.accounts.login import signed_in_user
from library.dutch_time import DUTCH_TIME, format_day
from library.forms import show_error
from library.lessons.models import Lesson
from library.lookup import visible_or_404
from library.techlabs import calendar, queries, staff, visits
from library.techlabs.forms import (
    AgreementForm,
    FollowUpForm,
    IntakeForm,
    ReasonForm,
    StaffForm,
    VisitForm,
)
from library.techlabs.models import (
    GUIDE_KIND_LABELS,
    LAB_KIND_LABELS,
    SCHEDULING_LABELS,
    Activity,
    Lab,
    Visit,
)
from library.vocab.loader import get_vocabularies

bp = Blueprint("techlabs", __name__)

MAX_QUERY_CHARS = 200
FACET_LABELS = {
    "regio": "Regio",
    "wereld": "Wereld van techniek",
    "groep": "Groep",
    "technologie": "Technologie",
    "soort": "Soort plek",
    "planning": "Wanneer",
}


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]


def _label_of(facet: str, key: str) -> str:
    vocabularies = get_vocabularies()
    labels = {
        "wereld": vocabularies.worlds.label_of,
        "groep": vocabularies.grades.label_of,
        "technologie": vocabularies.technologies.label_of,
        "soort": lambda k: LAB_KIND_LABELS.get(k, k),
        "planning": lambda k: SCHEDULING_LABELS.get(k, k),
    }
    return labels.get(facet, lambda k: k)(key)


def _facets(finding: queries.Finding, chosen: dict[str, list[str]]) -> list[Facet]:
    facets = []
    for name in queries.FACETS:
        counts = finding.counts[name]
        keys = sorted(set(counts) | set(chosen.get(name, [])), key=lambda k: _label_of(name, k))
        values = [
            FacetValue(key, _label_of(name, key), counts.get(key, 0), key in chosen.get(name, []))
            for key in keys
        ]
        facets.append(Facet(name, FACET_LABELS[name], values))
    return facets


@bp.get("/techlabs")
def index():
    text = request.args.get("q", "").strip()[:MAX_QUERY_CHARS]
    chosen = {
        name: request.args.getlist(name)[:20]
        for name in queries.FACETS
        if request.args.getlist(name)
    }
    finding = queries.find(text, chosen)
    activities = [activity for _, found in finding.labs for activity in found]
    return render_template(
        "techlabs/index.html",
        text=text,
        chosen=chosen,
        finding=finding,
        facets=_facets(finding, chosen),
        lessons=queries.lesson_links(activities),
    )


def _lab_or_404(slug: str) -> Lab:
    lab = queries.lab_by_slug(slug)
    if lab is None:
        abort(404)
    return lab


@bp.get("/techlabs/<slug>")
def show(slug: str):
    lab = _lab_or_404(slug)
    return render_template(
        "techlabs/lab.html",
        lab=lab,
        guide_labels=GUIDE_KIND_LABELS,
        lessons=queries.lesson_links(lab.activities),
    )


def _activity_or_404(slug: str, activity_slug: str) -> Activity:
    lab = _lab_or_404(slug)
    found = next((a for a in lab.activities if a.slug == activity_slug), None)
    if found is None:
        abort(404)
    return found


@bp.get("/techlabs/<slug>/<activity_slug>")
def activity(slug: str, activity_slug: str):
    found = _activity_or_404(slug, activity_slug)
    return render_template(
        "techlabs/activity.html",
        lab=found.lab,
        activity=found,
        guide_labels=GUIDE_KIND_LABELS,
        lessons=queries.lesson_links([found]),
        open_moments=visits.open_moments(found, dutch_time.today()),
    )


@bp.route("/techlabs/<slug>/<activity_slug>/aanvragen", methods=["GET", "POST"])
@login_required
def ask(slug: str, activity_slug: str):
    found = _activity_or_404(slug, activity_slug)
    policy.authorize(current_user, "ask_visit", found)
    today = dutch_time.today()
    moments = [
        (m.id, f"{format_day(m.day)}, {m.starts_at:%H:%M}–{m.ends_at:%H:%M} ({m.seats_left} vrij)")
        for m in visits.open_moments(found, today)
    ]
    form = VisitForm(get_vocabularies(), found, moments)
    status = 200
    if form.validate_on_submit():
        asked = visits.VisitRequest(
            school_name=form.school_name.data or "",
            grade=form.grade.data,
            pupils=form.pupils.data,
            moment_id=form.moment.data,
            preferred_periods=form.preferred_periods.data or "",
            working_on=form.working_on.data or "",
            wants_to=form.wants_to.data or "",
        )
        try:
            visit = visits.ask(signed_in_user(), found, asked, today=today)
        except visits.TechlabError as problem:
            status = show_error(form, problem)
        else:
            booked = "Je plaats is gereserveerd."
            sent = "Je aanvraag is verstuurd. Het lab neemt contact met je op voor een voorgesprek."
            flash(booked if visit.activity_date_id else sent, "success")
            return redirect(url_for("techlabs.activity", slug=slug, activity_slug=activity_slug))
    elif request.method == "POST":
        status = 400
    return render_template(
        "techlabs/ask.html",
        lab=found.lab,
        activity=found,
        form=form,
        full=not (found.on_request or moments),
    ), status


@bp.app_context_processor
def techlab_tools() -> dict:
    """`lesson_techlabs(lesson)` for the lesson page: the activities that name it."""

    def lesson_techlabs(lesson: Lesson) -> list[Activity]:
        if not lesson.is_published:
            return []
        return queries.activities_naming(lesson)

    return {"lesson_techlabs": lesson_techlabs}


def _visit_or_404(visit_id: int, action: str | None = None) -> Visit:
    """A visit for the teacher who asked and the lab's side; to anyone else it answers as
    one that does not exist. A 403 unless the user may also take `action` now."""
    return visible_or_404(queries.visit_by_id(visit_id), "view_visit", action)


def _dutch(moment: datetime) -> datetime:
    """A time typed in a form is Dutch time."""
    return moment.replace(tzinfo=DUTCH_TIME)


def _visit_page(visit: Visit, status: int = 200, **forms):
    """The visit with a form for each step the user may take now (`forms` as posted)."""
    steps = {
        "plan_intake": IntakeForm,
        "confirm_visit": AgreementForm,
        "decline_visit": ReasonForm,
        "mark_visited": ConfirmForm,
        "cancel_visit": ReasonForm,
        "follow_up_visit": FollowUpForm,
    }
    shown = {
        step: forms.get(step) or form(formdata=None, prefix=step)
        for step, form in steps.items()
        if policy.can(current_user, step, visit)
    }
    lesson = visits.preparation_lesson(visit)
    return render_template(
        "techlabs/visit.html", visit=visit, forms=shown, preparation=lesson
    ), status


@bp.get("/bezoeken/<int:visit_id>")
@login_required
def visit(visit_id: int):
    found = _visit_or_404(visit_id)
    return _visit_page(found)


@bp.post("/bezoeken/<int:visit_id>/<step>")
@login_required
def take_step(visit_id: int, step: str):
    """One step of the cycle: the form of that step, checked, then the service call."""
    found = _visit_or_404(visit_id)
    side = "teacher" if found.teacher_id == current_user.id else "lab"
    takes = {
        "plan_intake": (IntakeForm, lambda f: visits.plan_intake(
            found, _dutch(f.intake_at.data), f.intake_note.data or ""
        )),
        "confirm_visit": (AgreementForm, lambda f: visits.confirm(found, visits.Agreement(
            question=f.question.data or "",
            starts_at=_dutch(f.starts_at.data),
            ends_at=_dutch(f.ends_at.data),
            teacher_prepares=f.teacher_prepares.data or "",
            lab_prepares=f.lab_prepares.data or "",
        ))),
        "decline_visit": (ReasonForm, lambda f: visits.decline(found, f.reason.data)),
        "mark_visited": (ConfirmForm, lambda f: visits.mark_visited(found)),
        "cancel_visit": (ReasonForm, lambda f: visits.cancel(found, f.reason.data, by_side=side)),
        "follow_up_visit": (FollowUpForm, lambda f: _follow_up(found, f)),
    }  # fmt: skip
    if step not in takes:
        abort(404)
    _visit_or_404(visit_id, step)
    form_class, take = takes[step]
    form = form_class(prefix=step)
    if not form.validate_on_submit():
        return _visit_page(found, 400, **{step: form})
    try:
        take(form)
    except visits.TechlabError as problem:
        return _visit_page(found, show_error(form, problem), **{step: form})
    flash(f"Het bezoek is nu: {found.status_label.lower()}.", "success")
    return redirect(url_for("techlabs.visit", visit_id=found.id))


def _follow_up(visit: Visit, form: FollowUpForm) -> None:
    lesson = visits.preparation_lesson(visit)
    publish = bool(form.publish.data)
    if publish and lesson is not None:
        policy.authorize(current_user, "share_experience", lesson)
    told = visits.FollowUp(
        went_well=form.went_well.data or "",
        ran_into=form.ran_into.data or "",
        class_did_next=form.class_did_next.data or "",
        rating=int(form.rating.data) if form.rating.data else None,
        minutes=form.minutes.data,
    )
    not_shared = visits.follow_up(visit, told, publish=publish)
    if not_shared:
        flash(
            f"Je nabespreking is opgeslagen, maar niet gedeeld als ervaring: {not_shared}", "error"
        )


@bp.get("/bezoeken")
@login_required
def my_visits():
    """The signed-in teacher's visits, and links to the dashboards of the labs she runs."""
    user = signed_in_user()
    return render_template(
        "techlabs/my_visits.html",
        visits=queries.visits_of_teacher(user.id),
        labs=queries.labs_run_by(user.id),
    )


@bp.get("/techlabs/<slug>/bezoeken")
@login_required
def dashboard(slug: str):
    """A lab's visits for its staff: those waiting for the lab first, with the class's question."""
    lab = _lab_or_404(slug)
    policy.authorize(current_user, "manage_lab", lab)
    return _dashboard(lab)


def _dashboard(lab: Lab, staff_form: StaffForm | None = None, status: int = 200):
    return render_template(
        "techlabs/dashboard.html",
        lab=lab,
        visits=queries.visits_of_lab(lab),
        staff_form=staff_form or StaffForm(formdata=None),
    ), status


@bp.post("/techlabs/<slug>/medewerkers")
@login_required
def add_staff(slug: str):
    lab = _lab_or_404(slug)
    policy.authorize(current_user, "manage_lab_staff")
    form = StaffForm()
    if not form.validate_on_submit():
        return _dashboard(lab, form, 400)
    try:
        member = staff.add_staff(lab, form.email.data)
    except visits.TechlabError as problem:
        return _dashboard(lab, form, show_error(form, problem))
    flash(f"{member.user.name} is nu medewerker van {lab.name}.", "success")
    return redirect(url_for("techlabs.dashboard", slug=lab.slug) + "#medewerkers")


@bp.post("/techlabs/<slug>/medewerkers/<int:member_id>/verwijderen")
@login_required
def remove_staff(slug: str, member_id: int):
    lab = _lab_or_404(slug)
    policy.authorize(current_user, "manage_lab_staff")
    if ConfirmForm().validate_on_submit():
        staff.remove_staff(lab, member_id)
        flash("De medewerker is van het lab gehaald.", "success")
    return redirect(url_for("techlabs.dashboard", slug=lab.slug) + "#medewerkers")


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/bezoeken/<int:visit_id>/uitnodiging.ics")
@login_required
def invitation(visit_id: int):
    """The visit as an event for the teacher's or the lab's calendar, once it has a date."""
    found = _visit_or_404(visit_id)
    body = calendar.invitation(found)
    if body is None:
        abort(404)
    return _ics(body, f"bezoek-{found.id}.ics")


@bp.get("/techlabs/<slug>/agenda/<token>.ics")
def feed(slug: str, token: str):
    """The lab's confirmed visits for a calendar program: the token is the permission."""
    lab = _lab_or_404(slug)
    if not calendar.feed_token_matches(lab, token):
        abort(404)
    response = _ics(calendar.lab_feed(lab, queries.visits_of_lab(lab)), f"{lab.slug}.ics")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.post("/techlabs/<slug>/agenda/vernieuwen")
@login_required
def renew_feed(slug: str):
    lab = _lab_or_404(slug)
    policy.authorize(current_user, "manage_lab", lab)
    if ConfirmForm().validate_on_submit():
        calendar.renew_feed_token(lab)
        flash("Er is een nieuwe agenda-link; de oude werkt niet meer.", "success")
    return redirect(url_for("techlabs.dashboard", slug=lab.slug) + "#agenda")
