"""`/api/v1/lessons`: the published lessons as JSON."""

from __future__ import annotations

from flask import jsonify, request

from library.api import bp
from library.api.serializers import lesson_detail, lesson_summary, revision_summary
from library.errors import json_error
from library.history.queries import revisions_of
from library.lessons import queries
from library.vocab.loader import get_vocabularies

LIST_PARAMETERS = {"world", "grade", "goal", "kind", "page", "per_page"}


@bp.get("/lessons")
def list_lessons():
    unknown = sorted(set(request.args) - LIST_PARAMETERS)
    if unknown:
        return json_error(400, f"Onbekende parameter(s): {', '.join(unknown)}.")
    try:
        chosen = queries.parse_filter(request.args, get_vocabularies())
        page, per_page = queries.parse_page(request.args, 20)
    except queries.FilterError as problem:
        return json_error(400, str(problem))
    result = queries.list_published(chosen, page, per_page)
    return jsonify(
        total=result.total,
        page=result.page,
        per_page=result.per_page,
        results=[lesson_summary(lesson) for lesson in result.lessons],
    )


@bp.get("/lessons/<slug>")
def get_lesson(slug: str):
    lesson = queries.get_published(slug)
    if lesson is None:
        return json_error(404, f"Er is geen gepubliceerde les '{slug}'.")
    return jsonify(lesson_detail(lesson))


@bp.get("/lessons/<slug>/revisions")
def list_revisions(slug: str):
    lesson = queries.get_published(slug)
    if lesson is None:
        return json_error(404, f"Er is geen gepubliceerde les '{slug}'.")
    return jsonify(slug=slug, revisions=[revision_summary(r) for r in revisions_of(lesson)])
