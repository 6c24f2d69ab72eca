"""`/oai`, the OAI-PMH endpoint, the API's OpenAPI description, and the JSON-LD that
lesson pages put in their head."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for
from markupsafe import Markup

from library.exchange import jsonld, oai, openapi
from library.lessons.models import Lesson
from library.security import csrf
from library.vocab.loader import get_vocabularies

bp = Blueprint("exchange", __name__)


@bp.route("/oai", methods=["GET", "POST"])
@csrf.exempt
def oai_endpoint():
    # OAI-PMH allows both: GET with a query string, POST with a form-encoded body. A POST
    # here only reads, from harvesters without a session, so it needs no CSRF token.
    arguments = request.form if request.method == "POST" else request.args
    return Response(oai.respond(arguments), mimetype="text/xml")


@bp.app_template_global("lesson_jsonld")
def lesson_jsonld(lesson: Lesson) -> Markup:
    """The lesson's schema.org JSON-LD, safe to place inside its `<script>` element."""
    return jsonld.script_content(jsonld.lesson_jsonld(lesson, get_vocabularies()))


@bp.get("/api/v1/openapi.json")
def openapi_document():
    api_url = url_for("exchange.openapi_document", _external=True).removesuffix("/openapi.json")
    return jsonify(openapi.openapi_spec(api_url, get_vocabularies()))
