"""Time `flask content import` into an empty library, and a second (no-op) import.

Usage: .venv/bin/python scripts/bench/import_content.py [PATH]
       .venv/bin/python scripts/bench/import_content.py --lessons 10000 [--seed 7]
           [--backend whoosh|postgres] [--database postgresql://…/empty_db]

PATH (default content/lessons) imports a folder of lesson files; `--lessons N`
writes N synthetic lesson files (scripts/bench/corpus.py) and imports those. The
import runs as a user runs it: `flask db upgrade`, then `flask content import` as a
command of its own, twice. Prints seconds, lessons a second and the command's peak
memory. Targets (issue 21, 2 cores): 10,000 lessons <= 60 s, 100,000 <= 10 minutes.
`--backend postgres` needs `--database`: an empty PostgreSQL database (its tables are
dropped and made again by the migrations).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import ROOT, parsed_with_backend, write_files

from library import create_app
from library.vocab.loader import get_vocabularies


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=ROOT / "content" / "lessons")
    parser.add_argument("--lessons", type=int, help="import N synthetic lessons instead")
    return parsed_with_backend(parser)


def flask(arguments: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Run a `flask` command; its seconds and peak memory (MB), or exit with its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    command = [str(Path(sys.executable).parent / "flask"), "--app", "library", *arguments]
    done = subprocess.run(command, env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"{' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
    # ru_maxrss of the children is the largest any child reached so far (KB on Linux).
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return seconds, peak / 1024


def main() -> None:
    options = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = options.path
        if options.lessons:
            source = Path(tmp) / "lessons"
            with create_app({"TESTING": True}).app_context():
                vocab = get_vocabularies()
            started = time.perf_counter()
            write_files(source, options.lessons, options.seed, vocab)
            print(f"wrote {options.lessons} lesson files in {time.perf_counter() - started:.1f} s")
        environment = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "LIBRARY_SECRET_KEY": "bench",
            "LIBRARY_DATABASE_URL": options.database or f"sqlite:///{tmp}/bench.sqlite3",
            "LIBRARY_SEARCH_BACKEND": options.backend,
            "LIBRARY_UPLOAD_DIR": f"{tmp}/uploads",
            "LIBRARY_INDEX_DIR": f"{tmp}/index",
        }
        if options.database:
            flask(["db", "downgrade", "base"], environment)
        flask(["db", "upgrade"], environment)
        count = len(list(source.rglob("*.md")))
        print(f"backend {options.backend}, {count} lesson files from {source}")
        for label in ("first import (empty library)", "second import (nothing changed)"):
            seconds, peak = flask(["content", "import", str(source)], environment)
            print(
                f"{label}: {seconds:.1f} s, {count / seconds:.0f} lessons/s, "
                f"peak memory {peak:.0f} MB"
            )


if __name__ == "__main__":
    main()
