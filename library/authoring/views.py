"""The lesson editor: a new lesson, editing one, and its preview.

GET shows the form; every POST reads the whole form back and hands it to
`editor.press`, which does what the button says. Buttons that reshape the form
(sections, attachments, the kind of lesson) return to the editor; `preview` shows
the lesson as it would be published (in a new tab); `save` writes a revision
through the workflow service and goes on to the lesson's workspace.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from library.accounts import policy
from library.accounts.login import signed_in_user
from library.authoring import bp, workflow
from library.authoring.display import lesson_for_display, preview_revision
from library.authoring.document import EDITOR_KEYS, content_from_revision
from library.authoring.editor import (
    NEW_SLUG,
    Action,
    Preview,
    Saved,
    attachments_from_token,
    content_from_form,
    cover_choices,
    cycle_for,
    form_for,
    new_content,
    phase_placements,
    press,
)
from library.authoring.forms import LessonForm
from library.content.filetypes import ACCEPTED_EXTENSIONS
from library.lessons.display import lesson_page
from library.lessons.models import Lesson
from library.lookup import lesson_or_404
from library.vocab.loader import get_vocabularies


@bp.route("/nieuwe-les", methods=["GET", "POST"])
@login_required
def new():
    policy.authorize(current_user, "create")
    return _editor(None)


@bp.route("/lessen/<slug>/bewerken", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    lesson = lesson_or_404(slug)
    if not policy.can(current_user, "edit", lesson):
        policy.authorize(current_user, "edit_metadata", lesson)
    return _editor(lesson)


def _metadata_only(lesson: Lesson | None) -> bool:
    return lesson is not None and not policy.can(current_user, "edit", lesson)


def _editor(lesson: Lesson | None):
    vocabularies = get_vocabularies()
    if request.method == "GET":
        if lesson is None:
            content = new_content(request.args.get("soort"))
        else:
            content = content_from_revision(lesson.current_revision)
        version = lesson.version if lesson else None
        return _render(form_for(content, vocabularies, version=version), lesson)

    posted = LessonForm()
    attachments = attachments_from_token(posted.attachments_token.data)
    if attachments is None:
        abort(400)
    posted.set_choices(
        vocabularies,
        phase_placements(cycle_for(posted.phases_kind.data, vocabularies)),
        cover_choices(attachments),
    )
    content = content_from_form(posted, attachments)
    action = Action.parse(request.form.get("action"))
    outcome = press(lesson, posted, content, action, by=signed_in_user())
    if isinstance(outcome, Preview):
        return _preview(lesson, outcome)
    if isinstance(outcome, Saved):
        return _to_workspace(outcome)
    form = form_for(outcome.content, vocabularies, version=outcome.version)
    form.message.data = posted.message.data
    return _render(
        form,
        lesson,
        errors=outcome.errors,
        notes=outcome.notes,
        conflict=outcome.conflict,
        status=409 if outcome.conflict else None,
    )


def _preview(lesson: Lesson | None, preview: Preview):
    number = lesson.current_revision.number + 1 if lesson else 1
    revision = preview_revision(preview.document, preview.content.attachments, number)
    shown = lesson_for_display(lesson.slug if lesson else NEW_SLUG, revision)
    return render_template("editor/preview.html", **lesson_page(shown, revision, saved=False))


def _to_workspace(saved: Saved):
    if saved.created:
        flash("Je les is opgeslagen als concept. Alleen jij kunt hem zien.", "success")
    elif saved.revision is None:
        flash("Er was niets veranderd; er is geen nieuwe versie gemaakt.", "info")
    elif saved.waits_for_review:
        flash(f"Versie {saved.revision.number} is opgeslagen en wacht op een moderator.", "success")
    else:
        flash(f"Versie {saved.revision.number} is opgeslagen.", "success")
    return redirect(url_for("authoring.workspace", slug=saved.lesson.slug))


def _render(
    form: LessonForm, lesson: Lesson | None, *, errors=None, notes=(), conflict=None, status=None
):
    errors = errors or {}
    vocabularies = get_vocabularies()
    _attach_errors(form, errors)
    status = status or (400 if errors else 200)
    return render_template(
        "editor/edit.html",
        form=form,
        lesson=lesson,
        metadata_only=_metadata_only(lesson),
        cycle=cycle_for(form.phases_kind.data, vocabularies),
        attachments=attachments_from_token(form.attachments_token.data) or [],
        attachment_errors=errors.get("attachments", []),
        attachment_problems=[
            (form.upload.id, message) for message in errors.get("attachments", [])
        ],
        accepted=", ".join(ACCEPTED_EXTENSIONS),
        max_upload_mb=current_app.config["MAX_UPLOAD_MB"],
        notes=notes,
        conflict=conflict,
        goes_back_to_review=lesson is not None
        and workflow.needs_review_again(lesson, signed_in_user()),
        descriptions={
            name: {term.key: term.description for term in vocabularies[name]}
            for name in ("thresholds", "licenses")
        },
    ), status


def _attach_errors(form: LessonForm, errors: dict[str, list[str]]) -> None:
    """Put each problem on the field it is about, so the page shows it there."""
    phases = {entry.key.data: entry for entry in form.phases}
    for key, messages in errors.items():
        if key in EDITOR_KEYS or key == "intro":
            form[key].errors = [*form[key].errors, *messages]
        elif key.startswith("phase-") and key[6:] in phases:
            phases[key[6:]].text.errors = list(messages)
        elif key.startswith("section-"):
            index, _, part = key[8:].partition("-")
            entry = form.sections[int(index)]
            target = entry.heading if part == "heading" else entry.text
            target.errors = list(messages)
        elif key != "attachments":
            form.form_errors.extend(messages)
