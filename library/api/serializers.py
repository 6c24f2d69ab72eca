"""Lessons, revisions, collections, learning lines and techlabs as JSON-ready dicts, one
serialiser per resource: the API's, which the personal-data export uses too (so its ZIP
says what the API would). The lesson ZIP of the downloads carries the lesson file, not these."""

from __future__ import annotations

from typing import Any

from flask import url_for

from library.collections.models import Collection
from library.collections.queries import published_lessons
from library.content.format import DEFAULT_AUDIENCE
from library.experiences.queries import summary as experience_summary
from library.lessons.lineage import fork_count, known_source
from library.lessons.models import Lesson, Revision
from library.lessons.pictures import Picture, lesson_picture, picture_of
from library.lines.models import LearningLine
from library.lines.queries import shown_steps
from library.search.results import Hit
from library.techlabs.models import Activity, Lab
from library.vocab.loader import get_vocabularies


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _labelled(vocabulary: str, meta: dict[str, Any]) -> list[dict[str, str]]:
    terms = get_vocabularies()[vocabulary]
    return [{"key": key, "label": terms.label_of(key)} for key in meta.get(vocabulary, [])]


def _forked_from(lesson: Lesson) -> dict[str, Any] | None:
    """The source a fork names: the published source revision it was made from here, or
    else what its lesson file says."""
    reference = lesson.current_revision.metadata_.get("forked_from")
    if not reference:
        return None
    source = known_source(lesson)
    if source is None:
        slug, _, number = reference.partition("@")
        return {"slug": slug, "revision": int(number) if number.isdigit() else None}
    return {"slug": source.lesson.slug, "revision": source.revision.number}


def revision_summary(revision: Revision) -> dict[str, Any]:
    """A revision in a lesson's history; a redacted one says when and why, nothing more."""
    return {
        "number": revision.number,
        "author": revision.author,
        "message": revision.message,
        "created_at": _iso(revision.created_at),
        "redacted": (
            {"at": _iso(revision.redacted_at), "reason": revision.redaction_reason}
            if revision.redacted
            else None
        ),
    }


def lesson_summary(lesson: Lesson) -> dict[str, Any]:
    """A lesson in a list that is not a search (a collection, a learning line)."""
    meta = lesson.current_revision.metadata_
    return {
        "slug": lesson.slug,
        "title": lesson.title,
        "summary": lesson.summary,
        "kind": lesson.kind,
        "worlds": meta.get("worlds", []),
        "grades": meta.get("grades", []),
        "goals": meta.get("goals", []),
        "duration": lesson.duration,
        "url": url_for("lessons.show", slug=lesson.slug, _external=True),
    }


def collection_detail(collection: Collection) -> dict[str, Any]:
    """A collection with its published lessons in order; `id` is its secret address."""
    return {
        "id": collection.token,
        "title": collection.title,
        "description": collection.description,
        "owner": collection.owner.name,
        "shared": collection.shared,
        "updated_at": _iso(collection.updated_at),
        "url": url_for("collections.show", token=collection.token, _external=True),
        "lessons": [lesson_summary(lesson) for lesson in published_lessons(collection)],
    }


def line_detail(line: LearningLine) -> dict[str, Any]:
    """A learning line with its steps (the lessons still published) in order."""
    return {
        "slug": line.slug,
        "title": line.title,
        "description": line.description,
        "author": line.owner.name if line.owner else None,
        "published": line.published,
        "updated_at": _iso(line.updated_at),
        "url": url_for("lines.show", slug=line.slug, _external=True),
        "steps": [
            {
                "position": number,
                "grade": step.grade,
                "explanation": step.explanation,
                "lesson": lesson_summary(step.lesson),
            }
            for number, step in enumerate(shown_steps(line), 1)
        ],
    }


def lesson_hit(hit: Hit) -> dict[str, Any]:
    """A lesson in a list of search results, with its highlighted passages (HTML with <mark>)."""
    return {
        "slug": hit.slug,
        "title": hit.title,
        "summary": hit.summary,
        "kind": hit.kind,
        "worlds": hit.worlds,
        "grades": hit.grades,
        "goals": hit.goals,
        "duration": hit.duration,
        "url": url_for("lessons.show", slug=hit.slug, _external=True),
        "image": _image(
            lesson_picture(hit.slug, hit.worlds, hit.cover, hit.cover_alt, external=True)
        ),
        "highlights": {name: str(html) for name, html in hit.highlights.items()},
    }


def _image(picture: Picture | None) -> dict[str, str] | None:
    return picture.as_json() if picture else None


def lesson_detail(lesson: Lesson) -> dict[str, Any]:
    revision = lesson.current_revision
    meta = revision.metadata_
    return {
        "slug": lesson.slug,
        "title": lesson.title,
        "summary": lesson.summary,
        "kind": lesson.kind,
        "audience": meta.get("audience", DEFAULT_AUDIENCE),
        "worlds": meta.get("worlds", []),
        "grades": meta.get("grades", []),
        "goals": meta.get("goals", []),
        "skills": meta.get("skills", []),
        "technologies": meta.get("technologies", []),
        "profiles": _labelled("profiles", meta),
        "occupations": _labelled("occupations", meta),
        "duration": lesson.duration,
        "group_size": lesson.group_size,
        "threshold": lesson.threshold,
        "location": lesson.location,
        "materials": meta.get("materials", []),
        "preparation": meta.get("preparation", ""),
        "preparation_minutes": meta.get("preparation_minutes"),
        "word_list": meta.get("word_list", []),
        "sentence_starters": meta.get("sentence_starters", []),
        "tags": meta.get("tags", []),
        "license": lesson.license,
        "authors": meta.get("authors", []),
        "organisation": lesson.organisation,
        "region": lesson.region,
        "forked_from": _forked_from(lesson),
        "fork_count": fork_count(lesson),
        "experiences": experience_summary(lesson).overall.as_json(),
        "attachments": [
            {
                "filename": a.filename,
                "size": a.size,
                "media_type": a.media_type,
                "sha256": a.sha256,
                "url": url_for(
                    "lessons.attachment", slug=lesson.slug, filename=a.filename, _external=True
                ),
            }
            for a in revision.attachments
        ],
        "image": _image(picture_of(lesson.slug, meta, external=True)),
        "introduction": revision.intro_markdown,
        "sections": [
            {"heading": s.heading, "phase": s.phase, "markdown": s.markdown, "html": s.html}
            for s in revision.sections
        ],
        "revision": revision.number,
        "url": url_for("lessons.show", slug=lesson.slug, _external=True),
        "created_at": _iso(lesson.created_at),
        "updated_at": _iso(lesson.updated_at),
    }


def _lesson_reference(slug: str | None, lessons: dict[str, str]) -> dict[str, str] | None:
    """A preparation or follow-up lesson, only while it is published."""
    if slug not in lessons:
        return None
    return {
        "slug": slug,
        "title": lessons[slug],
        "url": url_for("lessons.show", slug=slug, _external=True),
    }


def activity_detail(lab: Lab, activity: Activity, lessons: dict[str, str]) -> dict[str, Any]:
    """One activity of a lab's public offer; `lessons` are the published lessons' titles."""
    return {
        "slug": activity.slug,
        "title": activity.title,
        "summary": activity.summary,
        "description_html": activity.description_html,
        "audience": activity.audience,
        "parents_welcome": activity.parents_welcome,
        "teacher_format": activity.teacher_format,
        "worlds": list(activity.worlds),
        "grades": list(activity.grades),
        "duration": activity.duration,
        "capacity": activity.capacity,
        "cost_cents": activity.cost_cents,
        "cost_conditions": activity.cost_conditions,
        "school_brings": activity.school_brings,
        "preparation_lesson": _lesson_reference(activity.preparation_lesson, lessons),
        "follow_up_lesson": _lesson_reference(activity.follow_up_lesson, lessons),
        "scheduling": activity.scheduling,
        "dates": [
            {
                "date": moment.day.isoformat(),
                "start": moment.starts_at.strftime("%H:%M"),
                "end": moment.ends_at.strftime("%H:%M"),
                "seats": moment.seats,
            }
            for moment in activity.dates
        ],
        "url": url_for(
            "techlabs.activity", slug=lab.slug, activity_slug=activity.slug, _external=True
        ),
    }


def lab_summary(lab: Lab) -> dict[str, Any]:
    """A lab in the list: who, what kind, where and what it has, never its staff."""
    return {
        "slug": lab.slug,
        "name": lab.name,
        "kind": lab.kind,
        "operator": lab.operator,
        "region": lab.region,
        "technologies": list(lab.technologies),
        "activity_count": len(lab.activities),
        "url": url_for("techlabs.show", slug=lab.slug, _external=True),
    }


def lab_detail(lab: Lab, lessons: dict[str, str]) -> dict[str, Any]:
    """A lab with its public offer; of its contact only the parts the lab wants shown."""
    contact = {
        "name": lab.contact_name,
        "email": lab.contact_email,
        "phone": lab.contact_phone,
    }
    return {
        **lab_summary(lab),
        "address": lab.address,
        "travel_notes": lab.travel_notes,
        "capacity": lab.capacity,
        "guides": [dict(guide) for guide in lab.guides],
        "contact": {part: contact[part] for part in lab.public_contact},
        "description_html": lab.description_html,
        "periods": [
            {
                "from": period.starts_on.isoformat(),
                "until": period.ends_on.isoformat(),
                "note": period.note,
            }
            for period in lab.periods
        ],
        "activities": [activity_detail(lab, activity, lessons) for activity in lab.activities],
    }
