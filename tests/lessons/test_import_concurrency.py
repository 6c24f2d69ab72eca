"""Two `flask content import` processes of the same folder, started together, both succeed:
one writes the lessons, the other waits for it and finds them current. On SQLite and (where
LIBRARY_TEST_POSTGRES_URL is set) PostgreSQL; real processes, as two cron jobs would be."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from library.config import PROJECT_ROOT
from library.db import db
from library.lessons.importer import import_path
from library.locks import write_lock
from tests.helpers.app import FIXTURES, POSTGRES_URL

LESSONS = 40
SUMMARY = re.compile(r"^(\d+) lessen: (\d+) nieuw, (\d+) bijgewerkt, (\d+) ongewijzigd\.$", re.M)


def changed_folder(tmp_path: Path) -> Path:
    """One fixture lesson with a new title, and 40 new lessons besides."""
    folder = tmp_path / "lessen"
    folder.mkdir()
    text = (FIXTURES / "lessons" / "brug-van-papier.md").read_text()
    (folder / "brug-van-papier.md").write_text(text.replace("De sterkste brug", "De beste brug"))
    for number in range(LESSONS):
        (folder / f"brug-{number}.md").write_text(
            text.replace("De sterkste", f"Brug {number}, de sterkste")
        )
    return folder


def import_twice_at_once(folder: Path, tmp_path: Path, database_url: str) -> list[tuple]:
    """Start two import processes together; each one's exit code, output and summary."""
    env = {
        **os.environ,
        "LIBRARY_DATABASE_URL": database_url,
        "LIBRARY_UPLOAD_DIR": str(tmp_path / "uploads"),
        "LIBRARY_INDEX_DIR": str(tmp_path / "index"),
        "LIBRARY_SECRET_KEY": "test-secret",
        "LIBRARY_SERVER_NAME": "bieb.test",
        "LIBRARY_MAIL_FOLDER": str(tmp_path / "mail"),
    }
    command = [sys.executable, "-m", "flask", "--app", "library", "content", "import", str(folder)]
    runs = [
        subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    results = []
    for run in runs:
        out, err = run.communicate(timeout=240)
        summary = SUMMARY.search(out.decode())
        results.append((run.returncode, err.decode(), summary and summary.groups()))
    return results


def assert_one_wrote_and_one_found_them_current(results: list[tuple]) -> None:
    for code, err, _ in results:
        assert code == 0, err
        assert "Traceback" not in err
    total = str(LESSONS + 1)
    assert sorted(summary for *_, summary in results) == [
        (total, "0", "0", total),
        (total, str(LESSONS), "1", "0"),
    ]
    revisions = db.session.scalar(sa.text("select count(*) from revision"))
    assert revisions == 3 + 1 + LESSONS


def test_two_imports_at_once_both_succeed_on_sqlite(app, tmp_path):
    import_path(FIXTURES / "lessons")
    db.session.remove()
    folder = changed_folder(tmp_path)
    results = import_twice_at_once(folder, tmp_path, app.config["DATABASE_URL"])
    assert_one_wrote_and_one_found_them_current(results)


def test_two_imports_at_once_both_succeed_on_postgresql(pg_app, tmp_path):  # noqa: F811
    import_path(FIXTURES / "lessons")
    db.session.remove()
    folder = changed_folder(tmp_path)
    assert_one_wrote_and_one_found_them_current(
        import_twice_at_once(folder, tmp_path, POSTGRES_URL)
    )


def test_an_import_that_waits_too_long_says_so_and_writes_nothing(app, runner, fixture_lessons):
    app.config["IMPORT_LOCK_TIMEOUT"] = 0.5
    with db.engine.connect() as other:
        other.execute(write_lock.update().values(taken_at=None))  # another import, under way
        result = runner.invoke(args=["content", "import", str(fixture_lessons)])
        other.rollback()
    assert result.exit_code == 1
    assert (
        "Een ander proces is na 0.5 seconden nog bezig met hetzelfde werk; probeer het straks "
        "opnieuw. Er is niets geschreven."
    ) in result.output
    assert db.session.scalar(sa.text("select count(*) from lesson")) == 0
