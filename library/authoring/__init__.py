"""Writing lessons on the site: the editor, attachments, and the workflow up to publication."""

from flask import Blueprint

bp = Blueprint("authoring", __name__)

# The views attach their routes to the blueprint.
from library.authoring import review, views, workspace  # noqa: E402, F401
