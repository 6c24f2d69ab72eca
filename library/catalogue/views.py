"""Pages for reading lessons: home, the lesson list and a lesson."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, send_file

from library.accounts import policy
from library.lessons import queries
from library.lessons.display import explained_cycles, lesson_page
from library.lessons.storage import INLINE_MEDIA_TYPES, blob_path
from library.lookup import lesson_or_404
from library.search import service as search
from library.search.views import results_page
from library.vocab.loader import get_vocabularies

bp = Blueprint("lessons", __name__)
ATTACHMENT_MAX_AGE = 3600  # seconds a published lesson's file may be cached
EXAMPLES_PER_PHASE = 3


@bp.get("/")
def home():
    return render_template(
        "lessons/home.html",
        newest=queries.newest_published(6),
        world_counts=queries.counts_by_term("worlds"),
        grade_counts=queries.counts_by_term("grades"),
    )


@bp.get("/lessen")
def index():
    return results_page("lessons/index.html")


@bp.get("/lessen/<slug>")
def show(slug: str):
    # Its owner reads her draft here too (the versions page and the editor link here);
    # whoever may not see it gets the 404 of a missing lesson (the policy decides).
    lesson = lesson_or_404(slug)
    return render_template(
        "lessons/show.html",
        **lesson_page(lesson, lesson.current_revision),
        similar=search.more_like_this(lesson.slug) if lesson.is_published else [],
    )


@bp.get("/lessen/<slug>/bijlagen/<path:filename>")
def attachment(slug: str, filename: str):
    # Anyone gets a published lesson's files; a draft's only its owner (and moderators).
    lesson = lesson_or_404(slug)
    item = next((a for a in lesson.current_revision.attachments if a.filename == filename), None)
    if item is None or not blob_path(item.sha256).is_file():
        abort(404)
    inline = item.media_type in INLINE_MEDIA_TYPES
    # What anyone may see, anyone (a proxy, a shared browser) may keep for an hour;
    # a draft's file must not outlive the request anywhere.
    public = policy.can(None, "view", lesson)
    response = send_file(
        blob_path(item.sha256),
        mimetype=item.media_type,
        as_attachment=not inline,
        download_name=item.filename,
        etag=item.sha256,
        max_age=ATTACHMENT_MAX_AGE if public else None,
    )
    if not public:
        response.cache_control.no_cache = None
        response.cache_control.private = True
        response.cache_control.no_store = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/onderzoekend-en-ontwerpend-leren")
def cycles():
    examples = queries.longest_phase_sections(EXAMPLES_PER_PHASE)
    return render_template(
        "lessons/cycles.html",
        cycles=explained_cycles(examples, get_vocabularies()),
        per_phase=EXAMPLES_PER_PHASE,
    )
