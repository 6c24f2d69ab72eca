"""`/lessen/<slug>/download` (ZIP) and `/lessen/<slug>/print` (A4 print view)."""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from library.downloads.package import lesson_zip, print_context, record_download, zip_filename
from library.lookup import published_lesson_or_404

bp = Blueprint("downloads", __name__)


@bp.get("/lessen/<slug>/download")
def download(slug: str):
    lesson = published_lesson_or_404(slug)
    response = Response(lesson_zip(lesson), mimetype="application/zip")
    record_download(lesson)
    response.headers["Content-Disposition"] = f'attachment; filename="{zip_filename(lesson)}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/lessen/<slug>/print")
def print_view(slug: str):
    lesson = published_lesson_or_404(slug)
    return render_template("downloads/print.html", inline_css=None, **print_context(lesson))
