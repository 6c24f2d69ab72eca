"""Pages for reading lessons: home, the lesson list and a lesson."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, send_file

from library.history import lineage
from library.lessons import queries
from library.lessons.display import cycle_phases, ordered_sections, section_anchor
from library.lessons.storage import blob_path
from library.vocab.loader import get_vocabularies

bp = Blueprint("lessons", __name__)


@bp.get("/")
def home():
    return render_template(
        "lessons/home.html",
        newest=queries.newest_published(6),
        world_counts=queries.counts_by_term("worlds"),
        grade_counts=queries.counts_by_term("grades"),
    )


@bp.get("/lessen")
def index():
    vocabularies = get_vocabularies()
    error = None
    try:
        chosen = queries.parse_filter(request.args, vocabularies)
        page, per_page = queries.parse_page(request.args, current_app.config["LESSONS_PER_PAGE"])
    except queries.FilterError as problem:
        error = str(problem)
        chosen, page, per_page = queries.LessonFilter(), 1, current_app.config["LESSONS_PER_PAGE"]
    result = queries.list_published(chosen, page, per_page)
    status = 400 if error else 200
    return render_template("lessons/index.html", result=result, chosen=chosen, error=error), status


@bp.get("/lessen/<slug>")
def show(slug: str):
    lesson = queries.get_published(slug)
    if lesson is None:
        abort(404)
    vocabularies = get_vocabularies()
    revision = lesson.current_revision
    return render_template(
        "lessons/show.html",
        lesson=lesson,
        revision=revision,
        meta=revision.metadata_,
        sections=ordered_sections(revision, vocabularies),
        cycle=cycle_phases(revision, vocabularies),
        anchor=section_anchor,
        license=vocabularies.licenses.get(lesson.license),
        forks=lineage.published_forks(lesson),
        fork_count=lineage.fork_count(lesson),
    )


@bp.get("/lessen/<slug>/bijlagen/<path:filename>")
def attachment(slug: str, filename: str):
    lesson = queries.get_published(slug)
    if lesson is None:
        abort(404)
    item = next((a for a in lesson.current_revision.attachments if a.filename == filename), None)
    if item is None or not blob_path(item.sha256).is_file():
        abort(404)
    inline = item.media_type in {"image/png", "image/jpeg"}
    response = send_file(
        blob_path(item.sha256),
        mimetype=item.media_type,
        as_attachment=not inline,
        download_name=item.filename,
        etag=item.sha256,
        max_age=3600,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
