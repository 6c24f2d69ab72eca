"""What only the PostgreSQL backend does: it writes in the lesson's own transaction, so a
change is searchable at commit and never half-written; and it answers filter-only searches
exactly as the Whoosh backend does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from library import create_app
from library.db import db
from library.lessons.importer import import_path
from library.lessons.models import Lesson, LessonStatus
from library.search import indexing
from library.search.postgres import writing
from library.search.postgres.models import LessonSearch
from library.search.sync import BackendError
from tests.helpers.search import run, slugs
from tests.search.test_search import CORPUS, write_lesson

pytestmark = pytest.mark.backend("postgres")


def lesson(slug: str) -> Lesson:
    return db.session.scalar(sa.select(Lesson).where(Lesson.slug == slug))


def row_fingerprints() -> dict[str, str]:
    query = sa.select(LessonSearch.slug, LessonSearch.fingerprint)
    return dict(db.session.execute(query).all())


def test_a_change_is_searchable_at_commit_and_a_rollback_writes_nothing(imported):
    before = row_fingerprints()
    assert set(before) == {"brug-van-papier", "brug-voor-kleuters", "magneten-onderzoeken"}
    lesson("magneten-onderzoeken").status = LessonStatus.DRAFT.value
    db.session.flush()
    db.session.rollback()
    assert row_fingerprints() == before
    lesson("magneten-onderzoeken").status = LessonStatus.DRAFT.value
    db.session.commit()
    assert "magneten-onderzoeken" not in row_fingerprints()
    assert slugs("magneet") == []


def counts(result) -> dict[str, dict[str, int]]:
    return {facet.name: {c.key: c.count for c in facet.counts} for facet in result.facets}


def test_any_change_to_the_search_table_gives_searches_a_new_generation(imported):
    """The bitsets a process keeps per generation never outlive the rows they describe:
    even SQL that bypasses the app (a delete, a TRUNCATE) moves the generation on."""
    before = run()
    assert before.total == 3 and run().total == 3  # the second search uses the kept bitsets
    db.session.execute(sa.delete(LessonSearch).where(LessonSearch.slug == "brug-voor-kleuters"))
    db.session.commit()
    after = run()
    assert after.total == 2 and sorted(hit.slug for hit in after.hits) == [
        "brug-van-papier",
        "magneten-onderzoeken",
    ]
    grades = counts(after)["grade"]
    assert sum(grades.values()) < sum(counts(before)["grade"].values())
    assert slugs("brug", grade="groep-1-2") == []
    db.session.execute(sa.text("TRUNCATE lesson_search"))
    db.session.commit()
    assert run().total == 0 and slugs("brug") == []


def test_a_failed_search_write_fails_the_commit_and_the_lesson_stays_as_it_was(
    imported, monkeypatch
):
    def broken(session, slugs):
        raise RuntimeError("search table unavailable")

    monkeypatch.setattr(writing, "write_in", broken)
    lesson("magneten-onderzoeken").title = "Een nieuwe titel"
    with pytest.raises(RuntimeError, match="search table unavailable"):
        db.session.commit()
    db.session.rollback()
    assert lesson("magneten-onderzoeken").title != "Een nieuwe titel"
    assert slugs("magneet") == ["magneten-onderzoeken"]


def test_check_lists_every_difference_and_rebuild_repairs_them(imported, runner):
    assert runner.invoke(args=["index", "check"]).exit_code == 0
    # Changes that bypass the session (bulk SQL), and a lost row.
    db.session.execute(
        sa.update(Lesson).where(Lesson.slug == "brug-van-papier").values(title="Nieuwe titel")
    )
    db.session.execute(sa.delete(LessonSearch).where(LessonSearch.slug == "magneten-onderzoeken"))
    db.session.commit()
    result = runner.invoke(args=["index", "check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "ontbreekt in de index: magneten-onderzoeken",
        "verouderd in de index: brug-van-papier",
    ]
    result = runner.invoke(args=["index", "rebuild"])
    assert result.exit_code == 0 and "Zoekindex opgebouwd: 3 lessen" in result.output
    assert indexing.check().ok
    assert slugs("nieuwe titel") == ["brug-van-papier"]


def test_postgres_search_refuses_to_start_on_sqlite(tmp_path):
    config = {"TESTING": True, "SECRET_KEY": "x", "SEARCH_BACKEND": "postgres"}
    config["DATABASE_URL"] = f"sqlite:///{tmp_path / 'library.sqlite3'}"
    with pytest.raises(BackendError, match="is not a PostgreSQL database"):
        create_app(config)
    with pytest.raises(BackendError, match="'solr' is unknown"):
        create_app({**config, "SEARCH_BACKEND": "solr"})


FILTER_ONLY = [
    {},
    {"world": ["energie-water-veiligheid"]},
    {"grade": ["groep-5-6", "groep-7-8"], "sort": "shortest"},
    {"max_duration": "60", "sort": "preparation"},
    {"kind": ["ontwerpend"], "sort": "rating", "per_page": "2", "page": "2"},
]


def _answers(app, folder) -> list[tuple]:
    with app.app_context():
        import_path(folder)
        # The same publication times on both, one day apart in the corpus's order.
        for day, slug in enumerate(sorted(CORPUS)):
            lesson(slug).published_at = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=day)
        db.session.commit()
        answers = []
        for params in FILTER_ONLY:
            result = run(**params)
            answers.append((result.total, [hit.slug for hit in result.hits], result.facet_counts()))
        return answers


def test_filter_only_searches_answer_alike_on_both_backends(
    whoosh_app, postgres_search_app, tmp_path
):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for slug in CORPUS:
        write_lesson(folder, slug)
    whoosh = _answers(whoosh_app, folder)
    postgres = _answers(postgres_search_app, folder)
    assert whoosh == postgres
    assert whoosh[0][0] == len(CORPUS)
