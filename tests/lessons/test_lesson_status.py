"""A status change is an update: harvesters that ask for changes `from` a date see it."""

from datetime import UTC, datetime

import sqlalchemy as sa

from library.db import db
from library.lessons import service
from library.lessons.models import Lesson, LessonStatus

LONG_AGO = datetime(2024, 1, 1, tzinfo=UTC)


def test_archiving_and_restoring_move_updated_at_but_published_at_stays(imported):
    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "brug-van-papier"))
    first_published = lesson.published_at
    lesson.updated_at = LONG_AGO
    service.set_status(lesson, LessonStatus.ARCHIVED)
    assert lesson.updated_at > LONG_AGO
    lesson.updated_at = LONG_AGO
    service.set_status(lesson, LessonStatus.PUBLISHED)
    assert lesson.updated_at > LONG_AGO
    assert lesson.published_at == first_published


def test_setting_the_same_status_again_is_no_update(imported):
    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "brug-van-papier"))
    lesson.updated_at = LONG_AGO
    service.set_status(lesson, LessonStatus.PUBLISHED)
    assert lesson.updated_at == LONG_AGO
