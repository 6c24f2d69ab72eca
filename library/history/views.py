"""Pages about a lesson's past and family: revisions, comparisons and adaptations.

Everyone sees the revisions that were published; a lesson's owner and the moderators
see all (the policy decides, per revision). A revision someone may not see is a 404,
the same as one that does not exist.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from library.accounts import policy
from library.accounts.login import signed_in_user
from library.forms import show_error
from library.history import diff, service
from library.history.forms import RedactForm
from library.history.queries import revisions_seen_by
from library.lessons import lineage
from library.lessons.display import ordered_sections, section_anchor
from library.lookup import lesson_or_404, revision_or_404
from library.vocab.loader import get_vocabularies

bp = Blueprint("history", __name__)


@bp.get("/lessen/<slug>/versies")
def revisions(slug: str):
    lesson = lesson_or_404(slug)
    shown = revisions_seen_by(current_user, lesson)
    return render_template(
        "history/revisions.html",
        lesson=lesson,
        revisions=shown,
        # Each revision's change is shown against the one before it that this user sees.
        previous={a.number: b.number for a, b in zip(shown, shown[1:], strict=False)},
    )


def _render_revision(lesson, revision, form: RedactForm, status: int = 200):
    return render_template(
        "history/revision.html",
        lesson=lesson,
        revision=revision,
        meta=revision.metadata_,
        sections=ordered_sections(revision, get_vocabularies()),
        anchor=section_anchor,
        redact_form=form,
    ), status


@bp.get("/lessen/<slug>/versies/<int:number>")
def revision(slug: str, number: int):
    lesson = lesson_or_404(slug)
    return _render_revision(lesson, revision_or_404(lesson, number), RedactForm())


@bp.post("/lessen/<slug>/versies/<int:number>/verwijderen")
@login_required
def redact(slug: str, number: int):
    lesson = lesson_or_404(slug)
    revision = revision_or_404(lesson, number)
    form = RedactForm()
    form.validate_on_submit()
    try:
        service.redact_revision(revision, by=signed_in_user(), reason=form.reason.data or "")
    except service.RedactionError as problem:
        return _render_revision(lesson, revision, form, status=show_error(form, problem))
    flash(f"De tekst van versie {number} is verwijderd.", "success")
    return redirect(url_for("history.revision", slug=slug, number=number))


def _version_argument(name: str, default: int) -> int:
    value = request.args.get(name, str(default))
    if not value.isdigit():
        abort(400)
    return int(value)


@bp.get("/lessen/<slug>/vergelijk")
def compare(slug: str):
    lesson = lesson_or_404(slug)
    shown = revisions_seen_by(current_user, lesson)
    newest = shown[0].number if shown else 0
    old_number = _version_argument("van", shown[1].number if len(shown) > 1 else newest)
    new_number = _version_argument("naar", newest)
    old, new = revision_or_404(lesson, old_number), revision_or_404(lesson, new_number)
    redacted = old.redacted or new.redacted
    return render_template(
        "history/compare.html",
        lesson=lesson,
        old=old,
        new=new,
        changes=None if redacted else diff.diff_revisions(old, new, get_vocabularies()),
        old_label=f"versie {old.number}",
        new_label=f"versie {new.number}",
    )


@bp.get("/lessen/<slug>/vergelijk-met-origineel")
def compare_with_original(slug: str):
    lesson = lesson_or_404(slug)
    known = lineage.known_source(lesson)
    if known is None or not policy.can(current_user, "compare_with_source", known):
        abort(404)
    source, forked_revision = known.lesson, known.revision
    vocabularies = get_vocabularies()
    current = source.current_revision
    return render_template(
        "history/compare_original.html",
        lesson=lesson,
        source=source,
        forked_revision=forked_revision,
        changes=diff.diff_revisions(forked_revision, lesson.current_revision, vocabularies),
        source_updates=(
            diff.diff_revisions(forked_revision, current, vocabularies)
            if current.id != forked_revision.id
            else None
        ),
        # What the fork has now per section, to tell which changes it already took over.
        fork_texts={
            key: text for key, _heading, text in diff.section_texts(lesson.current_revision)
        },
        source_texts={key: text for key, _heading, text in diff.section_texts(current)},
    )


@bp.get("/lessen/<slug>/familie")
def family(slug: str):
    lesson = lesson_or_404(slug)
    chain = lineage.ancestors(lesson)
    root = next((a.lesson for a in reversed(chain) if a.linked), lesson)
    return render_template("history/family.html", lesson=lesson, root=lineage.family_tree(root))
