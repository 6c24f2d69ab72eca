"""The index follows the database: every commit, every process, and no change lost when a write fails."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from library.authoring import workflow
from library.db import db
from library.lessons.importer import import_path
from library.lessons.models import Lesson, LessonStatus
from library.search import indexing, service
from library.search.models import IndexQueueEntry
from library.search.request import parse_request
from library.search.whoosh import writing
from library.vocab.loader import get_vocabularies
from tests.helpers.search import whoosh_index
from tests.helpers.web import make_user


def found(query: str) -> set[str]:
    request = parse_request(MultiDict({"q": query}), get_vocabularies(), per_page=50)
    return {hit.slug for hit in service.search(request).hits}


def lesson(slug: str) -> Lesson:
    return db.session.scalar(sa.select(Lesson).where(Lesson.slug == slug))


def queued() -> dict[str, IndexQueueEntry]:
    return {entry.slug: entry for entry in db.session.scalars(sa.select(IndexQueueEntry))}


def generation() -> int:
    return whoosh_index().open().latest_generation()


@pytest.fixture
def blocked(imported):
    """Another writer holds the index's lock; writers here give up after a moment."""
    lesson_index = whoosh_index()
    lesson_index.lock_timeout = 0.2
    holder = lesson_index.open().writer()
    yield holder
    if not holder.is_closed:
        holder.cancel()


def test_imported_lessons_are_found_at_once(imported):
    assert found("magneet") == {"magneten-onderzoeken"}
    assert found("knuffels") == {"brug-voor-kleuters"}


def test_unpublishing_and_publishing_through_the_workflow(imported):
    moderator = make_user("moderator")
    magnets = lesson("magneten-onderzoeken")
    workflow.archive(magnets, by=moderator, expected_version=magnets.version)
    assert found("magneet") == set()
    workflow.restore(magnets, by=moderator, expected_version=magnets.version)
    assert found("magneet") == {"magneten-onderzoeken"}


def test_a_changed_lesson_is_found_by_its_new_words_only(imported, fixture_lessons):
    path = fixture_lessons / "magneten-onderzoeken.md"
    path.write_text(path.read_text().replace("paperclip", "vliegtuigje"), encoding="utf-8")
    import_path(fixture_lessons)
    assert found("vliegtuigje") == {"magneten-onderzoeken"}
    assert found("paperclip") == set()


def test_a_deleted_lesson_leaves_the_index(imported):
    db.session.delete(lesson("brug-voor-kleuters"))
    db.session.commit()
    assert found("knuffels") == set()


@pytest.mark.backend("whoosh")
def test_a_rolled_back_change_writes_nothing(imported):
    before = generation()
    lesson("magneten-onderzoeken").status = LessonStatus.DRAFT.value
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert generation() == before
    assert found("magneet") == {"magneten-onderzoeken"}


@pytest.mark.backend("whoosh")
def test_an_import_is_one_index_write(app, fixture_lessons):
    import_path(fixture_lessons)
    assert generation() == 1
    assert indexing.check().indexed == 3


@pytest.mark.backend("whoosh")
def test_a_failed_index_write_keeps_the_change_and_the_next_write_catches_up(blocked):
    moderator = make_user("moderator")
    magnets = lesson("magneten-onderzoeken")
    workflow.archive(magnets, by=moderator, expected_version=magnets.version)
    # The database change stands; the index could not follow and the lesson waits.
    assert lesson("magneten-onderzoeken").status == LessonStatus.ARCHIVED.value
    entry = queued()["magneten-onderzoeken"]
    assert entry.attempts == 1 and entry.last_error.startswith("IndexBusy: ")
    # The index still has it, but search checks its hits against the database.
    assert "magneten-onderzoeken" in indexed_slugs()
    assert found("magneet") == set()

    blocked.cancel()
    bridge = lesson("brug-van-papier")
    workflow.archive(bridge, by=moderator, expected_version=bridge.version)
    assert found("magneet") == set() and found("brug") == {"brug-voor-kleuters"}
    assert queued() == {}


@pytest.mark.backend("whoosh")
def test_a_lesson_taken_down_while_the_index_lags_is_left_out_of_every_list(blocked):
    moderator = make_user("moderator")
    (newest,) = [hit.slug for hit in search_all(per_page=1).hits]
    taken_down = lesson(newest)
    workflow.archive(taken_down, by=moderator, expected_version=taken_down.version)
    assert newest in indexed_slugs() and newest in queued()

    everything = {hit.slug for hit in search_all().hits}
    assert newest not in everything and len(everything) == 2
    # The first page, one lesson long, is filled with the next published lesson.
    first = search_all(per_page=1)
    assert first.total == 2 and len(first.hits) == 1
    assert first.hits[0].slug != newest
    assert sum(first.facet_counts()["kind"].values()) == 2
    for slug in everything:
        assert newest not in {hit.slug for hit in service.more_like_this(slug)}


def indexed_slugs() -> set[str]:
    with whoosh_index().open().searcher() as searcher:
        return {fields["slug"] for fields in searcher.all_stored_fields()}


def search_all(per_page: int = 50):
    request = parse_request(MultiDict({}), get_vocabularies(), per_page=per_page)
    return service.search(request)


@pytest.mark.backend("whoosh")
def test_flask_index_retry_writes_what_waits(blocked, runner):
    moderator = make_user("moderator")
    magnets = lesson("magneten-onderzoeken")
    workflow.archive(magnets, by=moderator, expected_version=magnets.version)

    result = runner.invoke(args=["index", "retry"])
    assert result.exit_code == 1
    assert "een ander proces schrijft de index" in result.output
    assert queued()["magneten-onderzoeken"].attempts == 1

    blocked.cancel()
    result = runner.invoke(args=["index", "retry"])
    assert result.exit_code == 0, result.output
    assert "1 verwijderd; 0 in de wachtrij" in result.output
    assert found("magneet") == set() and queued() == {}


@pytest.mark.backend("whoosh")
def test_a_writer_waits_for_the_lock_instead_of_failing(imported):
    lesson_index = whoosh_index()
    holder = lesson_index.open().writer()
    threading.Timer(0.3, holder.cancel).start()
    lesson("magneten-onderzoeken").status = LessonStatus.ARCHIVED.value
    db.session.commit()
    assert queued() == {}
    assert found("magneet") == set()


@pytest.mark.backend("whoosh")
def test_check_lists_every_difference_and_rebuild_repairs_them(imported, runner):
    result = runner.invoke(args=["index", "check"])
    assert result.exit_code == 0 and "Zoekindex in orde: 3 van 3" in result.output

    # Changes that bypass the session's flush (bulk SQL) and a lost index entry.
    db.session.execute(
        sa.update(Lesson).where(Lesson.slug == "brug-van-papier").values(title="Nieuwe titel")
    )
    db.session.execute(
        sa.update(Lesson)
        .where(Lesson.slug == "brug-voor-kleuters")
        .values(status=LessonStatus.DRAFT.value)
    )
    db.session.commit()
    with whoosh_index().writing() as writer:
        writer.delete_by_term("slug", "magneten-onderzoeken")
        writer.commit()
    db.session.add(IndexQueueEntry(slug="magneten-onderzoeken", attempts=2, last_error="x"))
    db.session.commit()

    result = runner.invoke(args=["index", "check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[:4] == [
        "ontbreekt in de index: magneten-onderzoeken",
        "staat in de index maar is niet gepubliceerd: brug-voor-kleuters",
        "verouderd in de index: brug-van-papier",
        "wacht in de wachtrij: magneten-onderzoeken",
    ]

    result = runner.invoke(args=["index", "rebuild"])
    assert result.exit_code == 0 and "Zoekindex opgebouwd: 2 lessen" in result.output
    assert runner.invoke(args=["index", "check"]).exit_code == 0
    assert found("nieuwe titel") == {"brug-van-papier"}
    assert found("knuffels") == set()


@pytest.mark.backend("whoosh")
def test_a_failed_rebuild_leaves_the_old_index_searchable(imported, monkeypatch):
    before = generation()
    calls = []

    def broken(session, lessons, vocabularies):
        for lesson in lessons:
            calls.append(lesson.slug)
            raise OSError("disk full")
        yield

    monkeypatch.setattr(writing, "lesson_documents", broken)
    with pytest.raises(OSError):
        indexing.rebuild()
    monkeypatch.undo()
    assert calls and generation() == before
    assert found("magneet") == {"magneten-onderzoeken"}
    # The lock was released: the next write goes through.
    lesson("magneten-onderzoeken").status = LessonStatus.ARCHIVED.value
    db.session.commit()
    assert found("magneet") == set()


@pytest.mark.backend("whoosh")
def test_searches_keep_their_index_while_a_rebuild_commits(imported):
    with whoosh_index().snapshot() as old:
        report = indexing.rebuild()
        assert report.lessons == 3
        assert old.searcher.doc_count() == 3 and old.searcher.document(slug="brug-van-papier")
        assert found("magneet") == {"magneten-onderzoeken"}


@pytest.mark.backend("whoosh")
def test_changes_queued_while_a_rebuild_runs_are_written_when_it_ends(imported, monkeypatch):
    def meanwhile(lesson_index):
        # A lesson unpublished by another process whose index write found the lock taken.
        db.session.execute(
            sa.update(Lesson)
            .where(Lesson.slug == "magneten-onderzoeken")
            .values(status=LessonStatus.ARCHIVED.value)
        )
        db.session.add(IndexQueueEntry(slug="magneten-onderzoeken", attempts=1, last_error="x"))
        db.session.commit()

    monkeypatch.setattr(writing, "remove_other_versions", meanwhile)
    indexing.rebuild()
    assert found("magneet") == set() and queued() == {}


@pytest.mark.backend("whoosh")
def test_a_rebuild_in_several_processes_gives_the_same_index(imported):
    report = indexing.rebuild(processes=2)
    assert report.processes == 2 and report.lessons == 3
    assert indexing.check().ok
    assert found("brug") == {"brug-van-papier", "brug-voor-kleuters"}


@pytest.mark.backend("whoosh")
def test_a_large_write_in_several_processes_adds_updates_and_removes(
    imported, fixture_lessons, monkeypatch
):
    """An import of thousands of lessons writes the index in several processes; the
    same writer still replaces a changed lesson's entry and removes an unpublished one."""
    monkeypatch.setattr(writing, "PARALLEL_FROM", 1)
    path = fixture_lessons / "brug-van-papier.md"
    path.write_text(path.read_text(encoding="utf-8").replace("De sterkste brug", "De zwaluwbrug"))
    db.session.execute(
        sa.update(Lesson)
        .where(Lesson.slug == "magneten-onderzoeken")
        .values(status=LessonStatus.ARCHIVED.value)
    )
    db.session.commit()
    report = writing.write_lessons(
        whoosh_index(), ["brug-van-papier", "brug-voor-kleuters", "magneten-onderzoeken"]
    )
    assert sorted(report.written) == ["brug-van-papier", "brug-voor-kleuters"]
    assert report.removed == ["magneten-onderzoeken"]
    import_path(fixture_lessons)
    assert found("zwaluwbrug") == {"brug-van-papier"}
    assert found("brug") == {"brug-van-papier", "brug-voor-kleuters"}
    assert found("magneet") == set()
    assert indexing.check().ok


CONCURRENT_IMPORT = """
import sys
from pathlib import Path
from tests.helpers.app import make_app
from library.lessons.importer import import_path

folder, database, lessons = (Path(arg) for arg in sys.argv[1:])
app = make_app(folder, database)
with app.app_context():
    import_path(lessons)
"""


@pytest.mark.backend("whoosh")
def test_two_processes_import_at_once_and_the_index_has_both(app, tmp_path, fixture_lessons):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    source = fixture_lessons / "brug-van-papier.md"
    for number in range(5):
        text = source.read_text(encoding="utf-8").replace(
            "De sterkste brug", f"Brug nummer {number}"
        )
        (theirs / f"brug-{number}.md").write_text(text, encoding="utf-8")
    database = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
    other = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(CONCURRENT_IMPORT),
            str(tmp_path),
            str(database),
            str(theirs),
        ],
        cwd=Path(__file__).parents[2],
    )
    import_path(fixture_lessons)
    assert other.wait(timeout=120) == 0
    report = indexing.check()
    assert report.ok and report.indexed == 8


@pytest.mark.backend("whoosh")
def test_a_thread_per_request_reuses_the_searchers_of_earlier_threads(imported, app, monkeypatch):
    """`flask run` starts a thread per request: searches there must not open the index anew."""
    ix = whoosh_index().open()
    opened = []
    open_searcher = ix.searcher
    monkeypatch.setattr(ix, "searcher", lambda: opened.append(1) or open_searcher())

    def one_request():
        with app.app_context():
            assert found("magneet") == {"magneten-onderzoeken"}

    for _ in range(5):
        thread = threading.Thread(target=one_request)
        thread.start()
        thread.join()
    assert len(opened) <= 1
    lesson("magneten-onderzoeken").title = "Magneten en ijzer"
    db.session.commit()
    one_request()  # the commit is seen: a searcher of the new generation is opened
    assert len(opened) <= 2


@pytest.mark.backend("whoosh")
def test_threads_searching_while_a_writer_commits_each_get_a_whole_answer(imported, app):
    errors, answers = [], []

    def searching():
        with app.app_context():
            try:
                for _ in range(20):
                    answers.append(found("magneet"))
            except Exception as error:  # any failure fails the test below
                errors.append(error)

    threads = [threading.Thread(target=searching) for _ in range(4)]
    for thread in threads:
        thread.start()
    for number in range(5):
        lesson("magneten-onderzoeken").summary = f"Versie {number}: wat trekt een magneet aan?"
        db.session.commit()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(answers) == 80 and all(answer == {"magneten-onderzoeken"} for answer in answers)
