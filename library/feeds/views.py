"""`/feeds/lessen.atom`: new lessons as Atom, and the feed links pages offer to feed readers."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, render_template, request, url_for

from library.db import utcnow
from library.exchange.atom import FeedEntry, FeedHead, atom_feed
from library.feeds.queries import (
    FEED_FILTERS,
    FeedError,
    FeedFilter,
    newest_lessons,
    parse_feed_filter,
)
from library.lessons.models import Lesson
from library.vocab.loader import Vocabularies, get_vocabularies

bp = Blueprint("feeds", __name__)

# Pages that offer their feed to browsers and feed readers (`<link rel="alternate">`).
DISCOVERABLE = frozenset({"lessons.home", "lessons.index", "search.index"})
MAX_AGE = 600


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str


def feed_title(chosen: FeedFilter, vocabularies: Vocabularies) -> str:
    """`Nieuwe lessen: Groep 5-6 of Groep 7-8 · Robotica`: what the feed follows, in words."""
    if not chosen.values:
        return "Nieuwe lessen in de Techniekbieb"
    parts = [
        " of ".join(vocabularies[FEED_FILTERS[name]].label_of(key) for key in keys)
        for name, keys in chosen.values.items()
    ]
    return "Nieuwe lessen: " + " · ".join(parts)


def _entry(lesson: Lesson, vocabularies: Vocabularies) -> FeedEntry:
    meta = lesson.current_revision.metadata_
    url = url_for("lessons.show", slug=lesson.slug, _external=True)
    return FeedEntry(
        lesson=lesson,
        url=url,
        content_html=render_template("feeds/entry.html", lesson=lesson, meta=meta),
        authors=meta.get("authors") or ([lesson.organisation] if lesson.organisation else []),
        categories=[
            (key, vocabularies[vocabulary].label_of(key))
            for vocabulary in FEED_FILTERS.values()
            for key in meta.get(vocabulary, [])
        ],
    )


@bp.get("/feeds/lessen.atom")
def lessons():
    vocabularies = get_vocabularies()
    try:
        chosen = parse_feed_filter(request.args, vocabularies)
    except FeedError as problem:
        return Response(str(problem), status=400, mimetype="text/plain")
    head = FeedHead(
        title=feed_title(chosen, vocabularies),
        subtitle="Nieuwe technieklessen voor het basisonderwijs en het vmbo, nieuwste eerst.",
        self_url=url_for("feeds.lessons", **chosen.args(), _external=True),
        page_url=url_for("lessons.index", **chosen.args(), _external=True),
    )
    entries = [_entry(lesson, vocabularies) for lesson in newest_lessons(chosen)]
    response = Response(atom_feed(head, entries, utcnow), mimetype="application/atom+xml")
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.add_etag()
    return response.make_conditional(request)


@bp.app_context_processor
def feed_links() -> dict:
    """`feed_links()` in templates: the feeds this page offers, most specific first."""

    def links() -> list[FeedLink]:
        if request.endpoint not in DISCOVERABLE:
            return []
        vocabularies = get_vocabularies()
        everything = FeedLink(feed_title(FeedFilter(), vocabularies), url_for("feeds.lessons"))
        if request.endpoint == "lessons.home":
            return [everything]
        chosen = parse_feed_filter(request.args, vocabularies, strict=False)
        if not chosen.values:
            return [everything]
        search = FeedLink(
            feed_title(chosen, vocabularies), url_for("feeds.lessons", **chosen.args())
        )
        return [search, everything]

    return {"feed_links": links}
