"""Error pages in Dutch, and JSON errors for the API."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask.globals import request_ctx
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "Dit verzoek klopt niet helemaal.",
    403: "Je hebt geen toegang tot deze pagina.",
    404: "Deze pagina bestaat niet (meer).",
    405: "Deze actie kan hier niet.",
    413: "Wat je stuurde is te groot: een bestand of een tekst is langer dan hier kan.",
    500: "Er ging iets mis aan onze kant. Probeer het later nog eens.",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, message: str | None = None):
    response = jsonify(error={"status": status, "message": message or MESSAGES.get(status, "")})
    response.status_code = status
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        status = error.code or 500
        if request_ctx.url_adapter is None:
            # The Host header names a host this site does not serve (`TRUSTED_HOSTS`):
            # no page with links can be built for it.
            return Response(MESSAGES.get(status, ""), status=status, mimetype="text/plain")
        if _wants_json():
            return json_error(status, MESSAGES.get(status, error.description))
        return render_template(
            "errors/error.html", status=status, message=MESSAGES.get(status)
        ), status

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        app.logger.exception("Unhandled error on %s", request.path)
        if _wants_json():
            return json_error(500)
        return render_template("errors/error.html", status=500, message=MESSAGES[500]), 500
