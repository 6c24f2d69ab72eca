"""Labs out as lab files: the canonical document of a stored lab, and the export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from library.files import write_atomically
from library.techlabs.format import LabDocument, cost_text, serialise
from library.techlabs.models import Activity, Lab
from library.techlabs.queries import labs_with_everything


def _without_empty(values: dict[str, Any]) -> dict[str, Any]:
    """The values the file writes: what a file leaves out is stored empty, and written so."""
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}


def document_of(lab: Lab) -> LabDocument:
    """The lab as its file says it, key for key what `parse_lab` makes of that file."""
    contact = _without_empty(
        {
            "name": lab.contact_name,
            "email": lab.contact_email,
            "phone": lab.contact_phone,
            "public": list(lab.public_contact),
        }
    )
    data = _without_empty(
        {
            "slug": lab.slug,
            "name": lab.name,
            "kind": lab.kind,
            "operator": lab.operator,
            "region": lab.region,
            "address": lab.address,
            "travel": lab.travel_notes,
            "capacity": lab.capacity,
            "technologies": list(lab.technologies),
            "guides": [dict(guide) for guide in lab.guides],
            "contact": contact,
            "periods": [
                _without_empty(
                    {
                        "from": period.starts_on.isoformat(),
                        "until": period.ends_on.isoformat(),
                        "note": period.note,
                    }
                )
                for period in lab.periods
            ],
            "description": lab.description_markdown,
        }
    )
    data["activities"] = [_activity_values(activity) for activity in lab.activities]
    return LabDocument(lab.slug, data)


def _activity_values(activity: Activity) -> dict[str, Any]:
    values = _without_empty(
        {
            "slug": activity.slug,
            "title": activity.title,
            "summary": activity.summary,
            "audience": activity.audience,
            "parents_welcome": activity.parents_welcome or None,
            "format": activity.teacher_format,
            "worlds": list(activity.worlds),
            "grades": list(activity.grades),
            "duration": activity.duration,
            "capacity": activity.capacity,
            "cost": cost_text(activity.cost_cents),
            "cost_conditions": activity.cost_conditions,
            "school_brings": activity.school_brings,
            "preparation_lesson": activity.preparation_lesson,
            "follow_up_lesson": activity.follow_up_lesson,
            "on_request": activity.on_request or None,
            "dates": [
                {
                    "date": moment.day.isoformat(),
                    "start": moment.starts_at.strftime("%H:%M"),
                    "end": moment.ends_at.strftime("%H:%M"),
                    "seats": moment.seats,
                }
                for moment in activity.dates
            ],
            "description": activity.description_markdown,
        }
    )
    return values


def export_labs(target: Path) -> list[str]:
    """Write every lab to `target/<slug>.yaml`; the slugs written."""
    slugs = []
    for lab in labs_with_everything():
        write_atomically(target / f"{lab.slug}.yaml", serialise(document_of(lab)).encode("utf-8"))
        slugs.append(lab.slug)
    return slugs
