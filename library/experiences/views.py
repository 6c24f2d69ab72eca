"""Writing an experience after teaching a lesson; hiding abusive ones; the author's news."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from library.accounts import policy
from library.accounts.forms import ConfirmForm
from library.accounts.login import signed_in_user
from library.experiences import queries, service
from library.experiences.forms import ExperienceForm, HideForm
from library.experiences.models import Experience
from library.forms import show_error
from library.lessons.models import Lesson
from library.lookup import model_or_404, published_lesson_or_404
from library.vocab.loader import get_vocabularies

bp = Blueprint("experiences", __name__)


def _to_lesson(lesson: Lesson):
    return redirect(url_for("lessons.show", slug=lesson.slug) + "#ervaringen")


@bp.route("/lessen/<slug>/ervaring", methods=["GET", "POST"])
@login_required
def write(slug: str):
    lesson = published_lesson_or_404(slug)
    policy.authorize(current_user, "share_experience", lesson)
    user = signed_in_user()
    lesson_grades = lesson.current_revision.metadata_.get("grades", [])
    form = ExperienceForm(get_vocabularies(), lesson_grades)
    status = 200
    if request.method == "GET":
        chosen = request.args.get("groep") or lesson_grades[0]
        earlier = service.own_experience(user, lesson, chosen)
        form.process(obj=earlier, data={"grade": chosen})
        if earlier is not None:
            form.rating.data = str(earlier.rating)
    elif form.validate_on_submit():
        report = service.Report(
            grade=form.grade.data,
            minutes=form.minutes.data,
            rating=int(form.rating.data),
            went_well=form.went_well.data or "",
            watch_out=form.watch_out.data or "",
        )
        try:
            _, created = service.share(user, lesson, report)
        except service.ExperienceError as problem:
            status = show_error(form, problem)
        else:
            flash(
                "Dank je wel! Je ervaring staat bij de les."
                if created
                else "Je ervaring is bijgewerkt.",
                "success",
            )
            return _to_lesson(lesson)
    else:
        status = 400
    editing = form.grade.data and service.own_experience(user, lesson, form.grade.data)
    return render_template(
        "experiences/form.html", lesson=lesson, form=form, editing=editing
    ), status


@bp.post("/ervaringen/<int:experience_id>/verwijderen")
@login_required
def delete(experience_id: int):
    experience = model_or_404(Experience, experience_id, "edit_experience")
    lesson = experience.lesson
    if ConfirmForm().validate_on_submit():
        service.delete(experience)
        flash("Je ervaring is verwijderd.", "success")
    return _to_lesson(lesson)


@bp.route("/ervaringen/<int:experience_id>/verbergen", methods=["GET", "POST"])
@login_required
def hide(experience_id: int):
    policy.authorize(current_user, "hide_experience")
    experience = model_or_404(Experience, experience_id)
    form = HideForm()
    if form.validate_on_submit():
        try:
            service.hide(experience, signed_in_user(), form.reason.data)
        except service.ExperienceError as problem:
            show_error(form, problem)
        else:
            flash("De ervaring is verborgen.", "success")
            if request.args.get("terug") == "lijst":
                return redirect(url_for("experiences.moderate"))
            return _to_lesson(experience.lesson)
    status = 400 if form.errors else 200
    return render_template("experiences/hide.html", experience=experience, form=form), status


@bp.post("/ervaringen/<int:experience_id>/tonen")
@login_required
def show(experience_id: int):
    policy.authorize(current_user, "hide_experience")
    experience = model_or_404(Experience, experience_id)
    if ConfirmForm().validate_on_submit():
        service.show(experience)
        flash("De ervaring is weer zichtbaar.", "success")
    return _to_lesson(experience.lesson)


@bp.get("/ervaringen")
@login_required
def moderate():
    policy.authorize(current_user, "hide_experience")
    return render_template("experiences/moderate.html", experiences=queries.recent())


@bp.post("/account/ervaringen-gelezen")
@login_required
def mark_seen():
    if ConfirmForm().validate_on_submit():
        service.mark_seen(signed_in_user())
    return redirect(url_for("accounts.account"))


@dataclass(frozen=True)
class LessonExperiences:
    """What the lesson page shows about experiences, for the one who is looking."""

    summary: queries.LessonSummary
    items: list[Experience]
    may_share: bool
    moderating: bool
    own: list[Experience]


@bp.app_context_processor
def experience_tools() -> dict:
    """`lesson_experiences(lesson)` and `new_experiences()` for the lesson and account pages."""

    def lesson_experiences(lesson: Lesson) -> LessonExperiences | None:
        if not lesson.is_published:
            return None
        viewer = signed_in_user() if current_user.is_authenticated else None
        moderating = policy.can(current_user, "hide_experience")
        items = queries.shown_on_lesson(lesson, viewer, moderating)
        return LessonExperiences(
            summary=queries.summary(lesson),
            items=items,
            may_share=policy.can(current_user, "share_experience", lesson),
            moderating=moderating,
            own=[e for e in items if viewer is not None and e.author_id == viewer.id],
        )

    def new_experiences() -> list[Experience]:
        if not current_user.is_authenticated:
            return []
        return queries.new_for_owner(signed_in_user())

    return {"lesson_experiences": lesson_experiences, "new_experiences": new_experiences}
