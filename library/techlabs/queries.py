"""Reading labs and their activities, each page in a fixed number of queries.

Finding a visit (`find`) filters the activities of every lab in Python: there are a few
dozen labs, loaded in three queries, and a text search that folds accents the way the
lesson search does (`vocab.loader.fold`) needs no index at this size.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import db
from library.lessons.models import Lesson, LessonStatus
from library.techlabs.models import Activity, Lab, LabStaff, Visit, VisitStatus
from library.vocab.loader import fold


def _with_offer(query: sa.Select) -> sa.Select:
    return query.options(
        so.selectinload(Lab.activities).selectinload(Activity.dates), so.selectinload(Lab.periods)
    )


def labs_with_everything() -> list[Lab]:
    """Every lab with its activities, their dates and its periods, by name."""
    return list(db.session.scalars(_with_offer(sa.select(Lab)).order_by(Lab.name, Lab.id)))


def lab_by_slug(slug: str) -> Lab | None:
    return db.session.scalar(_with_offer(sa.select(Lab).where(Lab.slug == slug)))


def activities_naming(lesson: Lesson) -> list[Activity]:
    """The activities that name the lesson as their preparation or follow-up, with their lab."""
    return list(
        db.session.scalars(
            sa.select(Activity)
            .where(
                sa.or_(
                    Activity.preparation_lesson == lesson.slug,
                    Activity.follow_up_lesson == lesson.slug,
                )
            )
            .options(so.joinedload(Activity.lab))
            .order_by(Activity.title, Activity.id)
        )
    )


def published_titles(slugs: Collection[str]) -> dict[str, str]:
    """Slug -> title of those of these lessons that are published: only they are linked."""
    wanted = {slug for slug in slugs if slug}
    if not wanted:
        return {}
    rows = db.session.execute(
        sa.select(Lesson.slug, Lesson.title).where(
            Lesson.slug.in_(wanted), Lesson.status == LessonStatus.PUBLISHED.value
        )
    )
    return {slug: title for slug, title in rows}


def lesson_links(activities: Collection[Activity]) -> dict[str, str]:
    """The published preparation and follow-up lessons of these activities, in one query."""
    return published_titles(
        [a.preparation_lesson for a in activities] + [a.follow_up_lesson for a in activities]
    )


# The facets of /techlabs: name -> what one activity has for it (one value or several).
FACETS = ("regio", "wereld", "groep", "technologie", "soort", "planning")


def facet_values(activity: Activity) -> dict[str, list[str]]:
    lab = activity.lab
    return {
        "regio": [lab.region],
        "wereld": list(activity.worlds),
        "groep": list(activity.grades),
        "technologie": list(lab.technologies),
        "soort": [lab.kind],
        "planning": [activity.scheduling],
    }


def _words(activity: Activity) -> str:
    lab = activity.lab
    parts = (
        activity.title, activity.summary, activity.description_markdown, lab.name,
        lab.operator, lab.region, lab.address, lab.description_markdown,
    )  # fmt: skip
    return fold(" ".join(parts))


@dataclass(frozen=True)
class Finding:
    """The activities that match a search, grouped by lab, and each facet's counts: per
    value, how many activities would match with that value chosen as well."""

    labs: list[tuple[Lab, list[Activity]]]
    counts: dict[str, dict[str, int]]

    @property
    def total(self) -> int:
        return sum(len(activities) for _, activities in self.labs)


def find(text: str, chosen: Mapping[str, Collection[str]]) -> Finding:
    """Activities whose words hold every word of `text` and that have, for each facet with
    chosen values, one of them."""
    words = fold(text).split()
    activities = [
        activity
        for lab in labs_with_everything()
        for activity in lab.activities
        if all(word in _words(activity) for word in words)
    ]
    values = {activity.id: facet_values(activity) for activity in activities}

    def fits(activity: Activity, leaving_out: str | None = None) -> bool:
        return all(
            not wanted or set(wanted) & set(values[activity.id][facet])
            for facet, wanted in chosen.items()
            if facet != leaving_out
        )

    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    for facet in FACETS:
        for activity in activities:
            if fits(activity, leaving_out=facet):
                for value in values[activity.id][facet]:
                    counts[facet][value] = counts[facet].get(value, 0) + 1
    grouped: dict[int, tuple[Lab, list[Activity]]] = {}
    for activity in activities:
        if fits(activity):
            grouped.setdefault(activity.lab_id, (activity.lab, []))[1].append(activity)
    return Finding(list(grouped.values()), counts)


# The statuses in which a visit waits for the lab: a staff dashboard shows them first.
OPEN_STATUSES = (VisitStatus.AANGEVRAAGD.value, VisitStatus.VOORGESPREK.value)


def _visits(query: sa.Select) -> list[Visit]:
    open_first = sa.case((Visit.status.in_(OPEN_STATUSES), 0), else_=1)
    return list(
        db.session.scalars(
            query.options(
                so.joinedload(Visit.activity).joinedload(Activity.lab),
                so.joinedload(Visit.activity_date),
                so.joinedload(Visit.teacher),
            ).order_by(open_first, Visit.created_at.desc(), Visit.id.desc())
        )
    )


def visit_by_id(visit_id: int) -> Visit | None:
    return db.session.get(Visit, visit_id)


def visits_of_lab(lab: Lab) -> list[Visit]:
    """The lab's visits, those waiting for the lab first, newest first within each."""
    return _visits(sa.select(Visit).join(Visit.activity).where(Activity.lab_id == lab.id))


def visits_of_teacher(user_id: int) -> list[Visit]:
    return _visits(sa.select(Visit).where(Visit.teacher_id == user_id))


def labs_run_by(user_id: int) -> list[Lab]:
    """The labs the user is staff of, for a link to their dashboards."""
    return list(
        db.session.scalars(
            sa.select(Lab).join(LabStaff).where(LabStaff.user_id == user_id).order_by(Lab.name)
        )
    )
