"""From a published lesson in the database to its document in the index.

The document is derived data: the same lesson and vocabularies always give the
same document, and its fingerprint (a hash of it) lets `flask index check` see
an entry that no longer matches the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from itertools import islice
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.lessons.display import cycle_phases, part_of_cycle
from library.lessons.models import Lesson, LessonStatus, Revision, Section
from library.search.analysis import WeightedText, fold
from library.search.backend import Rating, lesson_ratings
from library.search.facets import lesson_facet_values
from library.vocab.loader import Term, Vocabularies

# The parts of a lesson's text and how much a word in each weighs; the body comes last.
# What a lesson says about careers (its occupations, its vmbo profiles and its Beroepen
# section) weighs least, below the body: a topic word in a profile's name ("energie" in
# Produceren, installeren en energie) must not lift a lesson above the lessons about the
# topic, and the part is never the passage a result shows (that comes from the body).
# 0.7 is the lowest weight at which the held-out relevance queries (tests/search/relevance)
# scored no worse than before; 0.3 to 0.6 lost 0.003 on them.
TEXT_PARTS = {
    "title": 6.0,
    "tags": 3.0,
    "summary": 2.5,
    "labels": 2.0,
    "careers": 0.7,
    "body": 1.0,
}
BODY_PART = list(TEXT_PARTS).index("body")
# Vocabulary keys whose names count as tags, as labels and as careers.
TAG_VOCABULARIES = ("technologies",)
LABEL_VOCABULARIES = ("worlds", "grades", "goals", "skills")
CAREER_VOCABULARIES = ("occupations", "profiles")
# The free section that tells which occupations the lesson shows (docs/lesson-format.md).
CAREER_HEADING = "beroepen"
BATCH = 500
# Sort key for lessons without a duration (or a preparation time): after all others
# when sorting by length (or by preparation).
NO_DURATION = 100_000


class _TextExtractor(HTMLParser):
    """Collects the text of our own sanitised HTML, a space between blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs) -> None:
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")


def html_text(html: str) -> str:
    if not html:
        return ""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return " ".join("".join(extractor.parts).split())


def term_names(term: Term) -> list[str]:
    """Everything a teacher may call a term: its label, its aliases, a goal's number."""
    names = [term.label, *term.aliases]
    if term.vocabulary == "goals" and term.get("number"):
        names.append(f"kerndoel {term.get('number')}")
    return names


def _names(vocabularies: Vocabularies, meta: dict[str, Any], names: Iterable[str]) -> list[str]:
    found = []
    for vocabulary in names:
        terms = vocabularies.by_name.get(vocabulary)
        for key in meta.get(vocabulary, []):
            term = terms.get(key) if terms else None
            found.extend(term_names(term) if term else [key])
    return found


def _is_careers(section: Section) -> bool:
    return fold(" ".join(section.heading.split())) == CAREER_HEADING


def _sections_text(sections: Iterable[Section]) -> list[str]:
    return [text for section in sections for text in (section.heading, html_text(section.html))]


def body_text(revision: Revision) -> str:
    """The lesson's own words: introduction, materials, preparation, the word list's
    explanations and every section but the one about careers."""
    meta = revision.metadata_
    parts = [html_text(revision.intro_html), " ".join(meta.get("materials", []))]
    parts.append(html_text(revision.preparation_html))
    parts.extend(entry["meaning"] for entry in meta.get("word_list", []))
    parts.extend(_sections_text(s for s in revision.sections if not _is_careers(s)))
    return "\n".join(part for part in parts if part)


def careers_text(revision: Revision, vocabularies: Vocabularies) -> str:
    """What the lesson says about careers: its occupations' and profiles' names and its
    Beroepen section."""
    names = _names(vocabularies, revision.metadata_, CAREER_VOCABULARIES)
    sections = _sections_text(s for s in revision.sections if _is_careers(s))
    return "\n".join(part for part in (*names, *sections) if part)


def _timestamp(moment: datetime | None) -> int:
    return int(moment.timestamp()) if moment else 0


@dataclass(frozen=True)
class LessonDocument:
    """What every search backend indexes of a published lesson."""

    slug: str
    text: WeightedText  # title, tags, summary, labels, careers and body, each part weighted
    published: int  # when it was published, as a Unix timestamp (0: never)
    minutes: int  # its duration, NO_DURATION without one
    preparation_minutes: int  # NO_DURATION without a preparation time
    body: str  # the body part of `text`, for highlights
    card: dict[str, Any]  # what a result shows, so a search needs no database
    values: dict[str, list[str]]  # the lesson's keys per facet
    rating: Rating | None  # average stars and visible experiences; None before the first
    fingerprint: str  # changes whenever anything above does


def lesson_documents(
    session: so.Session, lessons: Iterable[Lesson], vocabularies: Vocabularies
) -> Iterator[LessonDocument]:
    """The documents of published lessons, their ratings read in one query per batch."""
    lessons = iter(lessons)
    while batch := list(islice(lessons, BATCH)):
        ratings = lesson_ratings(session, [lesson.slug for lesson in batch])
        for lesson in batch:
            yield lesson_document(lesson, vocabularies, ratings.get(lesson.slug))


def lesson_document(
    lesson: Lesson, vocabularies: Vocabularies, rating: Rating | None
) -> LessonDocument:
    """The index document of a published lesson with its rating (kept in the index, so
    sorting by rating asks the database nothing)."""
    revision = lesson.current_revision
    meta = revision.metadata_
    texts = {
        "title": lesson.title,
        # The word list's words are the lesson's own technical terms: they weigh as tags.
        "tags": "\n".join(
            [
                *meta.get("tags", []),
                *(entry["word"] for entry in meta.get("word_list", [])),
                *_names(vocabularies, meta, TAG_VOCABULARIES),
            ]
        ),
        "summary": lesson.summary,
        "labels": "\n".join(_names(vocabularies, meta, LABEL_VOCABULARIES)),
        "careers": careers_text(revision, vocabularies),
        "body": body_text(revision),
    }
    text = WeightedText([(texts[part], weight) for part, weight in TEXT_PARTS.items()])
    preparation = meta.get("preparation_minutes")
    fields: dict[str, Any] = {
        "slug": lesson.slug,
        "text": text,
        "published": _timestamp(lesson.published_at),
        "minutes": lesson.duration or NO_DURATION,
        "preparation_minutes": NO_DURATION if preparation is None else preparation,
        "body": texts["body"],
        "card": {
            "title": lesson.title,
            "summary": lesson.summary,
            "kind": lesson.kind,
            "worlds": list(meta.get("worlds", [])),
            "grades": list(meta.get("grades", [])),
            "goals": list(meta.get("goals", [])),
            "duration": lesson.duration,
            "cycle_part": part_of_cycle(cycle_phases(revision, vocabularies)),
            "cover": meta.get("cover"),
            "cover_alt": meta.get("cover_alt"),
            "body_start": text.offset_of(BODY_PART),
        },
        "values": lesson_facet_values(lesson, vocabularies),
        "rating": rating,
    }
    # The weights are part of the text: a change of weights is a change of the document.
    canonical = {**fields, "weights": text.parts}
    return LessonDocument(**fields, fingerprint=fingerprint(canonical))


def fingerprint(document: dict[str, Any]) -> str:
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def _with_content(query: sa.Select) -> sa.Select:
    return query.options(
        so.selectinload(Lesson.current_revision).selectinload(Revision.sections),
    )


def published_lessons(session: so.Session) -> Iterator[Lesson]:
    """Every published lesson with what its document needs, read in batches."""
    query = (
        sa.select(Lesson)
        .where(Lesson.status == LessonStatus.PUBLISHED.value)
        .order_by(Lesson.id)
        .execution_options(yield_per=BATCH)
    )
    yield from session.scalars(_with_content(query))


def published_count(session: so.Session) -> int:
    query = sa.select(sa.func.count()).where(Lesson.status == LessonStatus.PUBLISHED.value)
    return session.scalar(query) or 0


def indexable_lessons(session: so.Session, slugs: Iterable[str]) -> list[Lesson]:
    """The published lessons among these slugs, in slug order (the order they are written)."""
    lessons = lessons_by_slug(session, slugs)
    return [
        lesson
        for slug in sorted(lessons)
        if (lesson := lessons[slug]).is_published and lesson.current_revision
    ]


def lessons_by_slug(session: so.Session, slugs: Iterable[str]) -> dict[str, Lesson]:
    """The lessons (any status) with these slugs that still exist."""
    wanted = sorted(set(slugs))
    found: dict[str, Lesson] = {}
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        query = _with_content(sa.select(Lesson).where(Lesson.slug.in_(batch)))
        found.update((lesson.slug, lesson) for lesson in session.scalars(query))
    return found
