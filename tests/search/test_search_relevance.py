"""The search ranks what a lesson is about first: judged teacher queries over the curated
lessons (relevance/judgments.yaml) score at least the nDCG@10 last recorded there, for the
tuning and the held-out half, on both backends. `pytest -s` prints every query's score."""

from __future__ import annotations

import pytest
from flask import current_app

from library.lessons.importer import import_path
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
    import_path(CONTENT)
    return app


def test_judged_queries_score_at_least_the_recorded_ndcg(curated):
    backend = current_app.config["SEARCH_BACKEND"]
    scores = query_scores()
    print(f"\n{backend}\n{report(scores)}")
    measured = {half: round(score, 3) for half, score in half_scores(scores).items()}
    assert measured["held-out"] >= recorded(backend)["held-out"], report(scores)
    assert measured["tuning"] >= recorded(backend)["tuning"], report(scores)
