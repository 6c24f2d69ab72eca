"""Visits as iCalendar: the invitation both sides download, and a lab's private feed.

A calendar program imports the invitation (`.ics`) as one event; it subscribes to the feed
of a lab's confirmed visits by a URL with an unguessable token that the lab's staff can
renew (the old URL then stops working). Files are made with the `icalendar` library.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from icalendar import Calendar, Event

from library.db import db, utcnow
from library.dutch_time import DUTCH_TIME
from library.mail.compose import absolute_url
from library.techlabs.models import Lab, Visit, VisitStatus

# Visits that are agreed or have happened stand in the lab's calendar; requests,
# declined and cancelled visits do not.
IN_CALENDAR = (VisitStatus.BEVESTIGD, VisitStatus.UITGEVOERD, VisitStatus.NABESPROKEN)


def visit_moment(visit: Visit) -> tuple[datetime, datetime] | None:
    """When the visit is: agreed in the intake, or the fixed date booked; None before that."""
    if visit.starts_at is not None and visit.ends_at is not None:
        return visit.starts_at, visit.ends_at
    moment = visit.activity_date
    if moment is None:
        return None
    return (
        datetime.combine(moment.day, moment.starts_at, DUTCH_TIME),
        datetime.combine(moment.day, moment.ends_at, DUTCH_TIME),
    )


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Techniekbieb//Techlabs//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(visit: Visit, start: datetime, end: datetime) -> Event:
    lab = visit.activity.lab
    url = absolute_url("techlabs.visit", visit_id=visit.id)
    event = Event()
    event.add("uid", f"bezoek-{visit.id}@{url.split('/')[2]}")
    event.add("dtstamp", utcnow())
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", f"{visit.activity.title} · {lab.name} · {visit.school_name}")
    if lab.address:
        event.add("location", lab.address)
    lines = [
        f"Onderzoeks- of ontwerpvraag: {visit.question}" if visit.question else "",
        f"De leerkracht bereidt voor: {visit.teacher_prepares}" if visit.teacher_prepares else "",
        f"Het lab bereidt voor: {visit.lab_prepares}" if visit.lab_prepares else "",
        url,
    ]
    event.add("description", "\n".join(line for line in lines if line))
    event.add("url", url)
    event.add("status", "CANCELLED" if visit.status == VisitStatus.GEANNULEERD else "CONFIRMED")
    return event


def invitation(visit: Visit) -> bytes | None:
    """The visit as one event, or None while it has no date."""
    moment = visit_moment(visit)
    if moment is None:
        return None
    calendar = _calendar(f"Bezoek {visit.activity.lab.name}")
    calendar.add("method", "PUBLISH")
    calendar.add_component(_event(visit, *moment))
    return calendar.to_ical()


def lab_feed(lab: Lab, visits: list[Visit]) -> bytes:
    """The lab's visits that stand in its calendar, as one iCalendar feed."""
    calendar = _calendar(f"Bezoeken {lab.name}")
    for visit in visits:
        moment = visit_moment(visit)
        if visit.status in IN_CALENDAR and moment is not None:
            calendar.add_component(_event(visit, *moment))
    return calendar.to_ical()


def feed_token_matches(lab: Lab, token: str) -> bool:
    return lab.calendar_token is not None and secrets.compare_digest(lab.calendar_token, token)


def renew_feed_token(lab: Lab) -> str:
    """A new secret for the feed's URL; the old URL stops working."""
    lab.calendar_token = secrets.token_urlsafe(32)
    db.session.commit()
    return lab.calendar_token
