"""Mijn gegevens: everything the library holds about an account, downloaded or deleted.

It gathers from every feature that keeps something of a person (lessons, experiences,
collections, lines, mail), so it sits above all of them.
"""

from flask import Blueprint

bp = Blueprint("personal_data", __name__)

# The views attach their routes to the blueprint.
from library.personal_data import views  # noqa: E402, F401
