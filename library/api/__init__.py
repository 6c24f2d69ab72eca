"""The JSON API, version 1."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from library.api import routes  # noqa: E402,F401  (routes register on bp)
