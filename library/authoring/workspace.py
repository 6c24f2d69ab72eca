"""A lesson as its maker and the moderators see it: status, versions and the workflow steps.

The page shows the current version the way the lesson page will, with what the
user may do next: edit, submit or publish, delete a draft, approve or send back,
archive or restore. Each step posts the version the user saw.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import login_required

from library.accounts.login import signed_in_user
from library.authoring import bp, workflow
from library.authoring.forms import DecisionForm, ReturnForm
from library.forms import show_error
from library.lessons.display import lesson_page
from library.lessons.models import Lesson, LessonStatus
from library.lookup import lesson_or_404


def _submit(lesson: Lesson, form: DecisionForm) -> str:
    status = workflow.submit(lesson, by=signed_in_user(), expected_version=form.expected_version)
    if status == LessonStatus.PUBLISHED:
        return "De les is gepubliceerd."
    return "De les is ingediend. Een moderator bekijkt hem zo snel mogelijk."


def _approve(lesson: Lesson, form: DecisionForm) -> str:
    workflow.approve(lesson, by=signed_in_user(), expected_version=form.expected_version)
    return "De les is gepubliceerd."


def _send_back(lesson: Lesson, form: ReturnForm) -> str:
    comment = form.comment.data or ""
    workflow.send_back(
        lesson, by=signed_in_user(), comment=comment, expected_version=form.expected_version
    )
    return "De les is teruggestuurd naar de maker."


def _archive(lesson: Lesson, form: DecisionForm) -> str:
    workflow.archive(lesson, by=signed_in_user(), expected_version=form.expected_version)
    return "De les is gearchiveerd en niet meer te vinden."


def _restore(lesson: Lesson, form: DecisionForm) -> str:
    workflow.restore(lesson, by=signed_in_user(), expected_version=form.expected_version)
    return "De les is weer gepubliceerd."


# URL word -> (the step, its form, whether a moderator goes back to the queue after it)
STEPS = {
    "indienen": (_submit, DecisionForm, False),
    "goedkeuren": (_approve, DecisionForm, True),
    "terugsturen": (_send_back, ReturnForm, True),
    "archiveren": (_archive, DecisionForm, False),
    "terugzetten": (_restore, DecisionForm, False),
}
STALE = (
    "De les is veranderd sinds je deze pagina opende. Bekijk de nieuwe versie en "
    "probeer het opnieuw."
)


def _render_workspace(lesson: Lesson, return_form: ReturnForm | None = None, status: int = 200):
    version = str(lesson.version)
    return render_template(
        "editor/workspace.html",
        step_form=DecisionForm(version=version),
        return_form=return_form or ReturnForm(version=version),
        **lesson_page(lesson, lesson.current_revision),
    ), status


@bp.get("/lessen/<slug>/werkversie")
@login_required
def workspace(slug: str):
    return _render_workspace(lesson_or_404(slug))


@bp.post("/lessen/<slug>/<any(indienen, goedkeuren, terugsturen, archiveren, terugzetten):step>")
@login_required
def step(slug: str, step: str):
    lesson = lesson_or_404(slug)
    take_step, form_class, to_queue = STEPS[step]
    form = form_class()
    form.validate_on_submit()
    try:
        message = take_step(lesson, form)
    except workflow.EditConflict:
        flash(STALE, "error")
        return redirect(url_for("authoring.workspace", slug=lesson.slug))
    except workflow.WorkflowError as problem:
        return _render_workspace(lesson, return_form=form, status=show_error(form, problem))
    flash(message, "success")
    if to_queue:
        return redirect(url_for("authoring.queue"))
    return redirect(url_for("authoring.workspace", slug=lesson.slug))


@bp.route("/lessen/<slug>/verwijderen", methods=["GET", "POST"])
@login_required
def delete(slug: str):
    lesson = lesson_or_404(slug, "delete")
    form = DecisionForm(version=str(lesson.version))
    if form.validate_on_submit():
        title = lesson.title
        try:
            workflow.delete_draft(
                lesson, by=signed_in_user(), expected_version=form.expected_version
            )
        except workflow.EditConflict:
            flash(STALE, "error")
            return redirect(url_for("authoring.workspace", slug=slug))
        flash(f"‘{title}’ is verwijderd.", "success")
        return redirect(url_for("accounts.account"))
    return render_template("editor/delete.html", lesson=lesson, form=form)
