"""`/api/v1/lessons`: the published lessons as JSON."""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from library.accounts import policy
from library.api import bp
from library.api.serializers import (
    collection_detail,
    lab_detail,
    lab_summary,
    lesson_detail,
    lesson_hit,
    line_detail,
    revision_summary,
)
from library.collections.queries import collection_by_token
from library.errors import json_error
from library.history.queries import revisions_seen_by
from library.lessons import queries
from library.lines.queries import line_by_slug
from library.search import service as search
from library.search.query import SearchError
from library.search.request import parse_request
from library.techlabs import queries as techlab_queries
from library.vocab.loader import get_vocabularies


@bp.get("/lessons")
def list_lessons():
    """Search the published lessons: words, filters, sorting and a page, with facet counts."""
    try:
        wanted = parse_request(request.args, get_vocabularies(), per_page=20, strict=True)
    except SearchError as problem:
        return json_error(400, str(problem))
    result = search.search(wanted)
    return jsonify(
        query=wanted.query.text,
        total=result.total,
        page=wanted.page,
        per_page=wanted.per_page,
        results=[lesson_hit(hit) for hit in result.hits],
        facets=result.facet_counts(),
        suggestion=result.suggestion,
    )


@bp.get("/lessons/<slug>")
def get_lesson(slug: str):
    lesson = queries.get_published(slug)
    if lesson is None:
        return json_error(404, f"Er is geen gepubliceerde les '{slug}'.")
    return jsonify(lesson_detail(lesson))


@bp.get("/lessons/<slug>/revisions")
def list_revisions(slug: str):
    """The revisions the caller may see: those that were published (all, for the owner)."""
    lesson = queries.get_published(slug)
    if lesson is None:
        return json_error(404, f"Er is geen gepubliceerde les '{slug}'.")
    shown = revisions_seen_by(current_user, lesson)
    return jsonify(slug=slug, revisions=[revision_summary(r) for r in shown])


@bp.get("/collections/<token>")
def get_collection(token: str):
    """A shared collection (or one's own, signed in); its id is the token in its link."""
    collection = collection_by_token(token)
    if collection is None or not policy.can(current_user, "view_collection", collection):
        return json_error(404, "Er is geen gedeelde collectie met deze id.")
    return jsonify(collection_detail(collection))


@bp.get("/lines/<line_slug>")
def get_line(line_slug: str):
    """A published learning line (or one's own, signed in) with its steps."""
    line = line_by_slug(line_slug)
    if line is None or not policy.can(current_user, "view_line", line):
        return json_error(404, f"Er is geen gepubliceerde leerlijn '{line_slug}'.")
    return jsonify(line_detail(line))


@bp.get("/techlabs")
def list_techlabs():
    """Every lab with what kind of place it is, its region and its equipment."""
    return jsonify(labs=[lab_summary(lab) for lab in techlab_queries.labs_with_everything()])


@bp.get("/techlabs/<lab_slug>")
def get_techlab(lab_slug: str):
    """A lab and its public offer: no staff, no visits, of its contact what it shows."""
    lab = techlab_queries.lab_by_slug(lab_slug)
    if lab is None:
        return json_error(404, f"Er is geen techlab '{lab_slug}'.")
    return jsonify(lab_detail(lab, techlab_queries.lesson_links(lab.activities)))
