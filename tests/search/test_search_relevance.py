"""The search ranks what a lesson is about first: judged teacher queries over the curated
lessons (relevance/judgments.yaml) score at least the nDCG@10 last recorded there, for the
tuning and the held-out half, on both backends. `pytest -s` prints every query's score."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import current_app

from library.db import db
from library.lessons.importer import import_path
from library.lessons.models import Lesson
from library.search import indexing
from tests.helpers.app import CONTENT
from tests.helpers.relevance import half_scores, judged_queries, query_scores, recorded, report


def test_every_judged_lesson_exists_and_every_query_has_both_grades_or_a_lesson_about_it():
    slugs = {path.stem for path in CONTENT.glob("*.md")}
    for judged in judged_queries():
        assert set(judged.relevant) <= slugs, judged.query
        assert set(judged.relevant.values()) <= {1, 2} and 2 in judged.relevant.values()
    halves = [judged.half for judged in judged_queries()]
    assert halves.count("tuning") >= 10 and halves.count("held-out") >= 10


@pytest.fixture
def curated(app):
    """The curated lessons, all published at one moment: lessons that score alike are in
    slug order, not in the order the clock happened to tick during the import."""
    import_path(CONTENT)
    db.session.execute(sa.update(Lesson).values(published_at=datetime(2026, 1, 1, tzinfo=UTC)))
    db.session.commit()
    indexing.rebuild(1)
    return app


def test_judged_queries_score_at_least_the_recorded_ndcg(curated):
    backend = current_app.config["SEARCH_BACKEND"]
    scores = query_scores()
    print(f"\n{backend}\n{report(scores)}")
    measured = {half: round(score, 3) for half, score in half_scores(scores).items()}
    assert measured["held-out"] >= recorded(backend)["held-out"], report(scores)
    assert measured["tuning"] >= recorded(backend)["tuning"], report(scores)
