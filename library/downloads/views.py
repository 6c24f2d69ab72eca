"""`/lessen/<slug>/download` (ZIP), `/lessen/<slug>/print` (A4 print view) and
`/lessen/<slug>/pdf` (the lesson with its worksheets as one PDF)."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from library.downloads.package import lesson_zip, print_context, record_download, zip_filename
from library.downloads.pdf import lesson_pdf as build_pdf
from library.downloads.pdf import pdf_filename
from library.lookup import published_lesson_or_404

bp = Blueprint("downloads", __name__)
PDF_MAX_AGE = 3600  # seconds a published lesson's PDF may be kept, as its attachments


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


@bp.get("/lessen/<slug>/pdf")
def lesson_pdf(slug: str):
    lesson = published_lesson_or_404(slug)
    response = Response(build_pdf(lesson), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{pdf_filename(lesson)}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.set_etag(lesson.current_revision.content_hash)
    response.cache_control.public = True
    response.cache_control.max_age = PDF_MAX_AGE
    return response.make_conditional(request)
