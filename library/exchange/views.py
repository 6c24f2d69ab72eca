"""`/oai`, the OAI-PMH endpoint, and the JSON-LD that lesson pages put in their head."""

from __future__ import annotations

from flask import Blueprint, Response, request

from library.exchange import oai
from library.security import csrf

bp = Blueprint("exchange", __name__)


@bp.route("/oai", methods=["GET", "POST"])
@csrf.exempt
def oai_endpoint():
    # OAI-PMH allows both: GET with a query string, POST with a form-encoded body. A POST
    # here only reads, from harvesters without a session, so it needs no CSRF token.
    arguments = request.form if request.method == "POST" else request.args
    return Response(oai.respond(arguments), mimetype="text/xml")
