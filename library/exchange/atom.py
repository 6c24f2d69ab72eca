"""Writing an Atom 1.0 document (RFC 4287) of lessons.

Ids are `urn:uuid:` URIs derived from the page they stand for (UUID version 5
of its URL), so a lesson keeps its id in every feed and across requests.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from library.exchange.xmlwriter import XML_LANG, Element, add, root, to_bytes
from library.lessons.models import Lesson

LIBRARY_NAME = "Techniekbieb"


@dataclass(frozen=True)
class FeedHead:
    title: str
    subtitle: str
    self_url: str
    page_url: str


@dataclass(frozen=True)
class FeedEntry:
    lesson: Lesson
    url: str
    content_html: str
    authors: Sequence[str]
    categories: Sequence[tuple[str, str]]  # (key, label)


def urn_for(url: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}"


def timestamp(value: datetime) -> str:
    """An RFC 3339 date-time in UTC."""
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _add(parent: Element, name: str, text: str | None = None, **attributes: str) -> Element:
    """A child element in the feed's (default) namespace."""
    return add(parent, f"atom:{name}", text, **attributes)


def _link(parent: Element, rel: str, href: str, media_type: str) -> None:
    _add(parent, "link", rel=rel, href=href, type=media_type)


def _entry(feed: Element, item: FeedEntry) -> None:
    lesson = item.lesson
    entry = _add(feed, "entry")
    _add(entry, "id", urn_for(item.url))
    _add(entry, "title", lesson.title, type="text")
    _add(entry, "updated", timestamp(lesson.updated_at))
    if lesson.published_at:
        _add(entry, "published", timestamp(lesson.published_at))
    for name in item.authors:
        _add(_add(entry, "author"), "name", name)
    _link(entry, "alternate", item.url, "text/html")
    for key, label in item.categories:
        _add(entry, "category", term=key, label=label)
    _add(entry, "summary", lesson.summary, type="text")
    _add(entry, "content", item.content_html, type="html")


def atom_feed(head: FeedHead, entries: Sequence[FeedEntry], now: Callable[[], datetime]) -> bytes:
    """The feed document; `updated` is its newest entry's, or now for an empty feed."""
    feed = root("atom:feed", **{XML_LANG: "nl"})
    _add(feed, "id", urn_for(head.self_url))
    _add(feed, "title", head.title, type="text")
    _add(feed, "subtitle", head.subtitle, type="text")
    newest = max((item.lesson.updated_at for item in entries), default=None, key=timestamp)
    _add(feed, "updated", timestamp(newest or now()))
    _add(_add(feed, "author"), "name", LIBRARY_NAME)
    _link(feed, "self", head.self_url, "application/atom+xml")
    _link(feed, "alternate", head.page_url, "text/html")
    _add(feed, "generator", LIBRARY_NAME)
    for item in entries:
        _entry(feed, item)
    return to_bytes(feed, indent=False)
