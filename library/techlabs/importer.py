"""Lab files in: read and check a folder of them, then write them as labs and activities.

`flask content import content` reads `content/techlabs/` with `read_lab_folder` and
writes it with `write_labs` in the same transaction as the lessons (see
`lessons.importer.import_content`), so an activity may name a lesson of the same import.
An unchanged file changes nothing; a changed one updates its lab in place: activities
and fixed dates keep their ids (a visit points at them), those no longer in the file go,
unless they have visits: then the import names the problem and writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from library.content.format import Problem
from library.db import db, utcnow
from library.lessons.importer import ImportRejected, ImportReport, read_content_file
from library.lessons.models import Lesson
from library.rendering import render_markdown
from library.techlabs.exporter import document_of
from library.techlabs.format import (
    MAX_LAB_CHARS,
    LabDocument,
    cost_cents,
    parse_date,
    parse_lab,
    parse_time,
)
from library.techlabs.models import Activity, ActivityDate, Lab, LabPeriod, Scheduling, Visit
from library.techlabs.queries import labs_with_everything
from library.vocab.loader import get_vocabularies

LESSON_LINKS = ("preparation_lesson", "follow_up_lesson")


def read_lab_folder(folder: Path) -> list[LabDocument]:
    """Every `*.yaml` below the folder, checked; raises `ImportRejected` with all problems."""
    vocabularies = get_vocabularies()
    problems: list[Problem] = []
    documents: list[LabDocument] = []
    for path in sorted(folder.rglob("*.yaml")):
        shown = str(path)
        text = read_content_file(path, shown, MAX_LAB_CHARS, "een labbestand", problems)
        if text is None:
            continue
        document, found = parse_lab(text, shown, vocabularies, default_slug=path.stem)
        problems.extend(found)
        if document is not None:
            documents.append(document)
    seen: dict[str, LabDocument] = {}
    for document in documents:
        if document.slug in seen:
            message = f"lab `{document.slug}` staat ook in {seen[document.slug].source}"
            problems.append(Problem(document.source, document.key_lines.get("slug", 1), message))
        seen[document.slug] = document
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: (p.path, p.line)))
    return documents


def write_labs(documents: list[LabDocument]) -> ImportReport:
    """Store the labs inside the caller's import transaction (no commit here). Raises
    `ImportRejected` when an activity names a lesson the library does not have."""
    _check_lesson_links(documents)
    report = ImportReport()
    existing = {lab.slug: lab for lab in labs_with_everything()}
    _check_visits_kept(documents, existing)
    for document in documents:
        lab = existing.get(document.slug)
        if lab is not None and document_of(lab).data == document.data:
            report.unchanged.append(document.slug)
            continue
        (report.updated if lab else report.created).append(document.slug)
        if lab is None:
            lab = Lab(slug=document.slug)
            db.session.add(lab)
        _fill_lab(lab, document.data)
    db.session.flush()
    return report


def _check_lesson_links(documents: list[LabDocument]) -> None:
    named = {
        activity[key]
        for document in documents
        for activity in document.data["activities"]
        for key in LESSON_LINKS
        if key in activity
    }
    known = set(db.session.scalars(sa.select(Lesson.slug).where(Lesson.slug.in_(named))))
    problems = [
        Problem(
            document.source,
            document.key_lines.get(f"activities.{activity['slug']}.{key}", 1),
            f"de les `{activity[key]}` (`{key}`) bestaat niet in de bibliotheek",
        )
        for document in documents
        for activity in document.data["activities"]
        for key in LESSON_LINKS
        if key in activity and activity[key] not in known
    ]
    if problems:
        raise ImportRejected(problems)


def _check_visits_kept(documents: list[LabDocument], existing: dict[str, Lab]) -> None:
    """A visit points at its activity and date: a file may not take away an activity or a
    date that has visits, nor give a date fewer seats than are booked."""
    visited_activities = set(db.session.scalars(sa.select(Visit.activity_id).distinct()))
    visited_dates = set(
        db.session.scalars(
            sa.select(Visit.activity_date_id).where(Visit.activity_date_id.is_not(None)).distinct()
        )
    )
    problems = []
    for document in documents:
        lab = existing.get(document.slug)
        if lab is None:
            continue
        wanted = {values["slug"]: values for values in document.data["activities"]}
        for activity in lab.activities:
            values = wanted.get(activity.slug)
            if values is None:
                if activity.id in visited_activities:
                    message = f"de activiteit `{activity.slug}` heeft bezoeken en blijft staan"
                    problems.append(Problem(document.source, 1, message))
                continue
            moments = {
                (parse_date(m["date"]), parse_time(m["start"])): m["seats"]
                for m in values.get("dates", [])
            }
            line = document.key_lines.get(f"activities.{activity.slug}.dates", 1)
            for row in activity.dates:
                seats = moments.get((row.day, row.starts_at))
                day = f"{row.day.isoformat()} {row.starts_at:%H:%M}"
                if seats is None and row.id in visited_dates:
                    message = f"de datum {day} van `{activity.slug}` heeft bezoeken en blijft staan"
                    problems.append(Problem(document.source, line, message))
                elif seats is not None and seats < row.seats_taken:
                    message = (
                        f"op {day} van `{activity.slug}` zijn al {row.seats_taken} plaatsen "
                        "geboekt; minder plaatsen kan niet"
                    )
                    problems.append(Problem(document.source, line, message))
    if problems:
        raise ImportRejected(problems)


def _fill_lab(lab: Lab, data: dict) -> None:
    contact = data.get("contact", {})
    lab.name = data["name"]
    lab.kind = data["kind"]
    lab.operator = data["operator"]
    lab.region = data["region"]
    lab.address = data.get("address", "")
    lab.travel_notes = data.get("travel", "")
    lab.capacity = data.get("capacity")
    lab.technologies = data.get("technologies", [])
    lab.guides = data.get("guides", [])
    lab.contact_name = contact.get("name", "")
    lab.contact_email = contact.get("email", "")
    lab.contact_phone = contact.get("phone", "")
    lab.public_contact = contact.get("public", [])
    lab.description_markdown = data.get("description", "")
    lab.description_html = render_markdown(lab.description_markdown)
    lab.updated_at = utcnow()
    lab.periods = [
        LabPeriod(
            starts_on=parse_date(p["from"]), ends_on=parse_date(p["until"]), note=p.get("note", "")
        )
        for p in data.get("periods", [])
    ]
    current = {activity.slug: activity for activity in lab.activities}
    activities = []
    for position, values in enumerate(data["activities"]):
        activity = current.get(values["slug"]) or Activity(slug=values["slug"])
        _fill_activity(activity, values, position)
        activities.append(activity)
    lab.activities = activities


def _fill_activity(activity: Activity, values: dict, position: int) -> None:
    activity.position = position
    activity.title = values["title"]
    activity.summary = values["summary"]
    activity.audience = values["audience"]
    activity.parents_welcome = values.get("parents_welcome", False)
    activity.teacher_format = values.get("format")
    activity.worlds = values.get("worlds", [])
    activity.grades = values.get("grades", [])
    activity.duration = values.get("duration")
    activity.capacity = values.get("capacity")
    activity.cost_cents = cost_cents(values["cost"])
    activity.cost_conditions = values.get("cost_conditions", "")
    activity.school_brings = values.get("school_brings", "")
    activity.preparation_lesson = values.get("preparation_lesson")
    activity.follow_up_lesson = values.get("follow_up_lesson")
    activity.description_markdown = values.get("description", "")
    activity.description_html = render_markdown(activity.description_markdown)
    on_request = values.get("on_request", False)
    activity.scheduling = Scheduling.OP_AANVRAAG if on_request else Scheduling.VASTE_DATUM
    current = {(d.day, d.starts_at): d for d in activity.dates}
    dates = []
    for moment in values.get("dates", []):
        key = (parse_date(moment["date"]), parse_time(moment["start"]))
        row = current.get(key) or ActivityDate(day=key[0], starts_at=key[1])
        row.ends_at = parse_time(moment["end"])
        row.seats = moment["seats"]
        dates.append(row)
    activity.dates = dates
