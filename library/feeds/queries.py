"""Which lessons a feed holds: the newest published ones, filtered like a search."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import db
from library.lessons.models import Lesson, LessonStatus
from library.lessons.queries import tagged_with
from library.vocab.loader import Vocabularies

# Feed parameter -> the vocabulary it takes keys of (the search's parameter names).
FEED_FILTERS = {"world": "worlds", "grade": "grades", "technology": "technologies"}
ENTRIES = 30


class FeedError(ValueError):
    """A feed parameter with a value no vocabulary knows; the message is for the reader."""


@dataclass(frozen=True)
class FeedFilter:
    """Chosen keys per parameter: several keys of one parameter are OR, parameters are AND."""

    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def args(self) -> dict[str, list[str]]:
        return {name: list(keys) for name, keys in self.values.items()}


def parse_feed_filter(args, vocabularies: Vocabularies, *, strict: bool = True) -> FeedFilter:
    """`world`, `grade` and `technology` from request args; other parameters are not ours.

    Strict: an unknown key raises `FeedError`. Not strict: unknown keys are left out
    (for a feed link offered next to a page that already said what was wrong).
    """
    values: dict[str, tuple[str, ...]] = {}
    for name, vocabulary_name in FEED_FILTERS.items():
        vocabulary = vocabularies[vocabulary_name]
        keys: list[str] = []
        for key in args.getlist(name):
            if key not in vocabulary:
                if not strict:
                    continue
                hint = ", ".join(vocabulary.suggest(key)) or ", ".join(vocabulary.keys())
                raise FeedError(f"Onbekende waarde '{key[:80]}' voor {name}. Kies uit: {hint}.")
            if key not in keys:
                keys.append(key)
        if keys:
            # In the vocabulary's order, so one search has one feed URL (and one feed id).
            values[name] = tuple(sorted(keys, key=lambda k: vocabulary.get(k).position))
    return FeedFilter(values)


def newest_lessons(chosen: FeedFilter, limit: int = ENTRIES) -> list[Lesson]:
    """The most recently published lessons matching the filter, newest first."""
    query = sa.select(Lesson).where(Lesson.status == LessonStatus.PUBLISHED.value)
    for name, keys in chosen.values.items():
        query = query.where(Lesson.id.in_(tagged_with(FEED_FILTERS[name], keys)))
    return list(
        db.session.scalars(
            query.options(so.selectinload(Lesson.current_revision))
            .order_by(Lesson.published_at.desc(), Lesson.id.desc())
            .limit(limit)
        )
    )
