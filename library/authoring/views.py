"""The lesson editor: a new lesson, editing one, and its preview.

GET shows the form; every POST reads the whole form back. Buttons that reshape
the form (sections, attachments, the kind of lesson) return to the editor;
`preview` shows the lesson as it would be published (in a new tab); `save`
writes a revision through the workflow service.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from library.accounts import policy
from library.accounts.login import signed_in_user
from library.authoring import bp, workflow
from library.authoring.display import lesson_for_display, preview_revision
from library.authoring.document import (
    EDITOR_KEYS,
    METADATA_KEYS,
    EditorContent,
    build_document,
    content_from_revision,
    describe_again,
    kept_metadata,
)
from library.authoring.editor import (
    Action,
    add_attachment,
    attachments_from_token,
    change_kind,
    content_from_form,
    cycle_for,
    form_for,
    new_content,
    phase_placements,
    reshape,
)
from library.authoring.forms import LessonForm
from library.authoring.uploads import UploadExpired, UploadRefused, accept_upload
from library.content.filetypes import ACCEPTED_EXTENSIONS
from library.lessons.display import lesson_page
from library.lessons.exporter import document_from_revision
from library.lessons.models import Lesson, LessonStatus
from library.lookup import lesson_or_404
from library.vocab.loader import get_vocabularies

NEW_SLUG = "nieuwe-les"  # stands in for the slug a new lesson gets when it is saved


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
    posted.set_choices(
        vocabularies, phase_placements(cycle_for(posted.phases_kind.data, vocabularies))
    )
    attachments = attachments_from_token(posted.attachments_token.data)
    if attachments is None:
        abort(400)
    content = content_from_form(posted, attachments)
    if _metadata_only(lesson):
        return _describe_again(lesson, posted, content)
    return _handle_post(lesson, posted, content, Action.parse(request.form.get("action")))


def _describe_again(lesson: Lesson, posted: LessonForm, content: EditorContent):
    """A moderator's edit of someone else's lesson: only its description changes."""
    saved = content_from_revision(lesson.current_revision)
    for key in METADATA_KEYS:
        saved.values[key] = content.values.get(key, "")
    document, errors = describe_again(
        document_from_revision(lesson.current_revision),
        saved.values,
        vocabularies=get_vocabularies(),
        labels=_labels(posted),
    )
    if document is not None:
        return _save(lesson, document, saved, posted.message.data or "", posted.expected_version)
    form = form_for(saved, get_vocabularies(), version=posted.expected_version)
    form.message.data = posted.message.data
    return _render(form, lesson, errors=errors)


def _labels(form: LessonForm) -> dict[str, str]:
    return {key: form[key].label.text for key in EDITOR_KEYS}


def _handle_post(lesson: Lesson | None, posted: LessonForm, content: EditorContent, action: Action):
    vocabularies = get_vocabularies()
    notes: list[str] = []
    errors: dict[str, list[str]] = {}
    upload = posted.upload.data
    if upload and upload.filename:
        try:
            max_bytes = int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024
            accepted = accept_upload(upload.filename, upload.read(), max_bytes, by=signed_in_user())
            add_attachment(content, accepted)
        except UploadRefused as refused:
            errors["attachments"] = [str(refused)]
    old_cycle = cycle_for(posted.phases_kind.data, vocabularies)
    new_cycle = cycle_for(content.values.get("kind"), vocabularies)
    if old_cycle.key != new_cycle.key:
        change_kind(content, old_cycle, new_cycle)
        if action.name in ("save", "preview"):
            notes.append(
                f"De fasen passen nu bij {new_cycle.label.lower()}. Kijk ze na en sla daarna op."
            )
        action = Action("refresh")
    if action.reshapes:
        reshape(content, action, new_cycle)
    version = posted.expected_version
    if action.name in ("save", "preview") and not errors:
        labels = _labels(posted)
        slug = lesson.slug if lesson else NEW_SLUG
        kept = kept_metadata(lesson.current_revision) if lesson else _kept_for_new()
        document, errors = build_document(
            content, slug=slug, kept=kept, vocabularies=vocabularies, labels=labels
        )
        if document is not None and action.name == "preview":
            return _preview(lesson, document, content)
        if document is not None:
            return _save(lesson, document, content, posted.message.data or "", version)
    form = form_for(content, vocabularies, version=version)
    form.message.data = posted.message.data
    return _render(form, lesson, errors=errors, notes=notes)


def _kept_for_new() -> dict:
    """A new lesson's makers: the user, their school and their region."""
    kept = {"authors": [current_user.name]}
    if current_user.organisation:
        kept["organisation"] = current_user.organisation
    if current_user.region:
        kept["region"] = current_user.region
    return kept


def _preview(lesson: Lesson | None, document, content: EditorContent):
    number = lesson.current_revision.number + 1 if lesson else 1
    revision = preview_revision(document, content.attachments, number)
    shown = lesson_for_display(lesson.slug if lesson else NEW_SLUG, revision)
    return render_template("editor/preview.html", **lesson_page(shown, revision, saved=False))


def _save(lesson: Lesson | None, document, content: EditorContent, message: str, version):
    try:
        return _saved(lesson, document, content, message, version)
    except UploadExpired as expired:
        content.attachments.remove(expired.attachment)
        form = form_for(content, get_vocabularies(), version=version)
        form.message.data = message
        return _render(form, lesson, errors={"attachments": [str(expired)]})


def _saved(lesson: Lesson | None, document, content: EditorContent, message: str, version):
    if lesson is None:
        created = workflow.create_lesson(
            document, content.attachments, by=signed_in_user(), message=message
        )
        flash("Je les is opgeslagen als concept. Alleen jij kunt hem zien.", "success")
        return redirect(url_for("authoring.workspace", slug=created.slug))
    try:
        revision = workflow.save_lesson(
            lesson,
            document,
            content.attachments,
            by=signed_in_user(),
            expected_version=version,
            message=message,
        )
    except workflow.EditConflict as conflict:
        form = form_for(content, get_vocabularies(), version=conflict.lesson.version)
        form.message.data = message
        return _render(form, lesson, conflict=conflict, status=409)
    except workflow.LicenceNotAllowed as refused:
        form = form_for(content, get_vocabularies(), version=version)
        form.message.data = message
        return _render(form, lesson, errors={"license": [str(refused)]})
    if revision is None:
        flash("Er was niets veranderd; er is geen nieuwe versie gemaakt.", "info")
    elif lesson.status == LessonStatus.REVIEW.value and lesson.owner_id == current_user.id:
        flash(f"Versie {revision.number} is opgeslagen en wacht op een moderator.", "success")
    else:
        flash(f"Versie {revision.number} is opgeslagen.", "success")
    return redirect(url_for("authoring.workspace", slug=lesson.slug))


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
