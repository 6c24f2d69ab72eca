"""Pages about a lesson's past and family: revisions, comparisons and adaptations."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from library.accounts import policy
from library.history import diff, lineage
from library.history.queries import get_revision, revisions_of
from library.lessons.display import ordered_sections, section_anchor
from library.lessons.queries import get_lesson_with_content
from library.vocab.loader import get_vocabularies

bp = Blueprint("history", __name__)


def _history_or_404(slug: str):
    """A published lesson for anyone; an unpublished one for who may see its versions
    (its owner, moderators once submitted). Others get a 404: drafts stay hidden."""
    lesson = get_lesson_with_content(slug)
    if lesson is None:
        abort(404)
    if not (lesson.is_published or policy.can(current_user, "view_versions", lesson)):
        abort(404)
    return lesson


def _revision_or_404(lesson, number: int):
    revision = get_revision(lesson, number)
    if revision is None:
        abort(404)
    return revision


@bp.get("/lessen/<slug>/versies")
def revisions(slug: str):
    lesson = _history_or_404(slug)
    return render_template("history/revisions.html", lesson=lesson, revisions=revisions_of(lesson))


@bp.get("/lessen/<slug>/versies/<int:number>")
def revision(slug: str, number: int):
    lesson = _history_or_404(slug)
    revision = _revision_or_404(lesson, number)
    return render_template(
        "history/revision.html",
        lesson=lesson,
        revision=revision,
        meta=revision.metadata_,
        sections=ordered_sections(revision, get_vocabularies()),
        anchor=section_anchor,
    )


def _version_argument(name: str, default: int) -> int:
    value = request.args.get(name, str(default))
    if not value.isdigit():
        abort(400)
    return int(value)


@bp.get("/lessen/<slug>/vergelijk")
def compare(slug: str):
    lesson = _history_or_404(slug)
    newest = lesson.current_revision.number
    old_number = _version_argument("van", max(1, newest - 1))
    new_number = _version_argument("naar", newest)
    old, new = _revision_or_404(lesson, old_number), _revision_or_404(lesson, new_number)
    return render_template(
        "history/compare.html",
        lesson=lesson,
        old=old,
        new=new,
        changes=diff.diff_revisions(old, new, get_vocabularies()),
        revisions=revisions_of(lesson),
        old_label=f"versie {old.number}",
        new_label=f"versie {new.number}",
    )


@bp.get("/lessen/<slug>/vergelijk-met-origineel")
def compare_with_original(slug: str):
    lesson = _history_or_404(slug)
    source, forked_revision = lesson.forked_from, lesson.forked_from_revision
    if source is None or forked_revision is None or not source.is_published:
        abort(404)
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
    lesson = _history_or_404(slug)
    chain = lineage.ancestors(lesson)
    root = next((a for a in reversed(chain) if a.is_published), lesson)
    return render_template(
        "history/family.html",
        lesson=lesson,
        root=lineage.family_tree(root),
        chain=chain,
    )
