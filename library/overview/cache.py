"""The overview, computed once and kept until the published lessons change.

Whether they changed is read from the database itself (one small aggregate), so
every worker process sees a change the moment it is committed, whoever made it:
a new revision moves the latest `updated_at`, publishing or archiving changes the
number and the id sum of the published lessons.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from library.caching import BoundedCache
from library.db import db
from library.lessons.models import Lesson, LessonStatus
from library.overview.coverage import Coverage, compute_coverage, regions
from library.vocab.loader import get_vocabularies

# Results keyed by what they were computed from (the lessons' state, the region).
ENTRIES = 64


def lessons_state() -> tuple:
    """A fingerprint of the published lessons that changes whenever the overview would."""
    return tuple(
        db.session.execute(
            sa.select(
                sa.func.count(Lesson.id),
                sa.func.sum(Lesson.id),
                sa.func.max(Lesson.updated_at),
                sa.func.max(Lesson.published_at),
            ).where(Lesson.status == LessonStatus.PUBLISHED.value)
        ).one()
    )


def _cache() -> BoundedCache:
    return current_app.extensions.setdefault("overview_cache", BoundedCache(ENTRIES))


def cached_coverage(region: str | None) -> Coverage:
    """The overview of the published lessons (of one region), computed at most once per state."""
    vocabularies = get_vocabularies()
    key = ("coverage", lessons_state(), region, id(vocabularies))
    return _cache().get(key, lambda: compute_coverage(vocabularies, region))


def cached_regions() -> list[str]:
    return _cache().get(("regions", lessons_state()), regions)
