"""`/leerlijnen`: learning lines per world, one line, and building one."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from library.accounts import policy
from library.accounts.forms import ConfirmForm
from library.accounts.login import signed_in_user
from library.forms import show_error
from library.lessons.models import Lesson
from library.lines import queries, service
from library.lines.forms import AddToLineForm, LineForm, StepEditForm, StepForm
from library.lines.models import LearningLine, LineStep
from library.lookup import published_lesson_or_404, visible_or_404
from library.vocab.loader import get_vocabularies

bp = Blueprint("lines", __name__)

MOVES = {"omhoog": -1, "omlaag": 1}


def _line(slug: str, action: str = "view_line") -> LearningLine:
    """The line; a 404 for whoever may not see it, a 403 for who may see but not do."""
    return visible_or_404(queries.line_by_slug(slug), "view_line", action)


def _step(line: LearningLine, step_id: int) -> LineStep:
    step = next((step for step in line.steps if step.id == step_id), None)
    if step is None:
        abort(404)
    return step


@bp.get("/leerlijnen")
def index():
    text = " ".join((request.args.get("q") or "").split())[:200]
    per_world = queries.published_per_world(text)
    return render_template(
        "lines/index.html",
        per_world=per_world,
        text=text,
        found=len({item.line.id for _, items in per_world for item in items}),
    )


@bp.route("/leerlijnen/nieuw", methods=["GET", "POST"])
@login_required
def new():
    policy.authorize(current_user, "create_line")
    form = LineForm()
    if form.validate_on_submit():
        try:
            line = service.create_line(signed_in_user(), form.title.data, form.description.data)
        except service.LineError as problem:
            show_error(form, problem)
        else:
            flash("De leerlijn is gemaakt. Voeg nu de lessen toe, stap voor stap.", "success")
            return redirect(url_for("lines.show", slug=line.slug))
    return render_template("lines/new.html", form=form), 400 if form.errors else 200


def _line_page(line: LearningLine, step_form: StepForm | None = None, status: int = 200):
    editing = policy.can(current_user, "edit_line", line)
    vocabularies = get_vocabularies()
    return render_template(
        "lines/show.html",
        line=line,
        steps=line.steps if editing else queries.shown_steps(line),
        editing=editing,
        step_form=step_form or (StepForm(vocabularies, formdata=None) if editing else None),
    ), status


@bp.get("/leerlijnen/<slug>")
def show(slug: str):
    return _line_page(_line(slug))


@bp.route("/leerlijnen/<slug>/bewerken", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    line = _line(slug, "edit_line")
    form = LineForm(obj=line)
    if form.validate_on_submit():
        try:
            service.update_line(line, form.title.data, form.description.data)
        except service.LineError as problem:
            show_error(form, problem)
        else:
            flash("De leerlijn is opgeslagen.", "success")
            return redirect(url_for("lines.show", slug=line.slug))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("lines/edit.html", line=line, form=form), status


@bp.post("/leerlijnen/<slug>/publiceren")
@login_required
def publish(slug: str):
    line = _line(slug, "edit_line")
    if ConfirmForm().validate_on_submit():
        wanted = request.form.get("zichtbaar") == "ja"
        try:
            service.set_published(line, wanted)
        except service.LineError as problem:
            flash(problem.message, "error")
        else:
            flash(
                "De leerlijn is gepubliceerd: iedereen kan haar nu vinden."
                if wanted
                else "De leerlijn is weer alleen voor jou zichtbaar.",
                "success",
            )
    return redirect(url_for("lines.show", slug=line.slug))


@bp.post("/leerlijnen/<slug>/stappen")
@login_required
def add_step(slug: str):
    line = _line(slug, "edit_line")
    form = StepForm(get_vocabularies())
    if not form.validate_on_submit():
        return _line_page(line, form, 400)
    try:
        lesson = service.lesson_at(form.lesson.data)
        service.add_step(line, lesson, form.grade.data, form.explanation.data)
    except service.LineError as problem:
        return _line_page(line, form, show_error(form, problem))
    flash(f"‘{lesson.title}’ is toegevoegd aan de leerlijn.", "success")
    return redirect(url_for("lines.show", slug=line.slug))


@bp.route("/leerlijnen/<slug>/stappen/<int:step_id>", methods=["GET", "POST"])
@login_required
def edit_step(slug: str, step_id: int):
    line = _line(slug, "edit_line")
    step = _step(line, step_id)
    grades = step.lesson.current_revision.metadata_.get("grades", [])
    form = StepEditForm(get_vocabularies(), obj=step, grades=grades)
    if form.validate_on_submit():
        try:
            service.update_step(step, form.grade.data, form.explanation.data)
        except service.LineError as problem:
            show_error(form, problem)
        else:
            flash("De stap is opgeslagen.", "success")
            return redirect(url_for("lines.show", slug=line.slug) + f"#stap-{step.id}")
    status = 400 if form.errors else 200
    return render_template("lines/step.html", line=line, step=step, form=form), status


@bp.post("/leerlijnen/<slug>/stappen/<int:step_id>/verplaatsen")
@login_required
def move_step(slug: str, step_id: int):
    line = _line(slug, "edit_line")
    step = _step(line, step_id)
    offset = MOVES.get(request.form.get("richting", ""))
    if ConfirmForm().validate_on_submit() and offset is not None:
        service.move_step(step, offset)
    return redirect(url_for("lines.show", slug=line.slug) + f"#stap-{step.id}")


@bp.post("/leerlijnen/<slug>/stappen/<int:step_id>/weghalen")
@login_required
def remove_step(slug: str, step_id: int):
    line = _line(slug, "edit_line")
    step = _step(line, step_id)
    if ConfirmForm().validate_on_submit():
        was_published = line.published
        service.remove_step(step)
        flash(f"‘{step.lesson.title}’ is uit de leerlijn gehaald.", "success")
        if was_published and not line.published:
            flash("Met minder dan twee lessen is de leerlijn niet meer gepubliceerd.", "info")
    return redirect(url_for("lines.show", slug=line.slug))


@bp.route("/leerlijnen/<slug>/verwijderen", methods=["GET", "POST"])
@login_required
def delete(slug: str):
    line = _line(slug, "edit_line")
    form = ConfirmForm()
    if form.validate_on_submit():
        title = line.title
        service.delete_line(line)
        flash(f"De leerlijn ‘{title}’ is verwijderd.", "success")
        return redirect(url_for("lines.index"))
    return render_template("lines/delete.html", line=line, form=form)


@bp.post("/lessen/<slug>/in-leerlijn")
@login_required
def add_from_lesson(slug: str):
    policy.authorize(current_user, "create_line")
    lesson = published_lesson_or_404(slug)
    lines = queries.lines_of(signed_in_user())
    grades = lesson.current_revision.metadata_.get("grades", [])
    form = AddToLineForm(get_vocabularies(), lines, grades)
    back = redirect(url_for("lessons.show", slug=lesson.slug) + "#leerlijnen")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(errors[0], "error")
        return back
    line = _line(form.line.data, "edit_line")
    try:
        service.add_step(line, lesson, form.grade.data, form.explanation.data)
    except service.LineError as problem:
        flash(problem.message, "error")
        return back
    flash(f"De les is een stap in ‘{line.title}’.", "success")
    return back


@dataclass(frozen=True)
class LessonLines:
    memberships: list[queries.Membership]
    form: AddToLineForm | None


@bp.app_context_processor
def line_tools() -> dict:
    """`lesson_lines(lesson)` for the lesson page (the lines it is in, and adding it to one)
    and `my_lines()` for Mijn lessen."""

    def lesson_lines(lesson: Lesson) -> LessonLines | None:
        if not lesson.is_published:
            return None
        form = None
        if policy.can(current_user, "create_line"):
            lines = queries.lines_of(signed_in_user())
            if lines:
                grades = lesson.current_revision.metadata_.get("grades", [])
                form = AddToLineForm(get_vocabularies(), lines, grades, formdata=None)
        return LessonLines(queries.published_lines_with(lesson), form)

    def my_lines() -> list[LearningLine]:
        if not current_user.is_authenticated:
            return []
        return queries.lines_of(signed_in_user())

    return {"lesson_lines": lesson_lines, "my_lines": my_lines}
