"""`/zoeken`: the search page, and the one way a page turns request arguments into results."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from library.search import service
from library.search.query import SearchError
from library.search.request import TIME_CHOICES, SearchRequest, parse_request
from library.vocab.loader import get_vocabularies

bp = Blueprint("search", __name__)


def results_page(template: str):
    """Run the search the request asks for and render it; a bad request shows why (400)."""
    per_page = current_app.config["LESSONS_PER_PAGE"]
    try:
        wanted = parse_request(request.args, get_vocabularies(), per_page, understand=True)
        error = None
    except SearchError as problem:
        wanted, error = SearchRequest(per_page=per_page), str(problem)
    result = service.search(wanted)
    page = render_template(template, result=result, error=error, time_choices=TIME_CHOICES)
    return page, 400 if error else 200


@bp.get("/zoeken")
def index():
    return results_page("search/index.html")
