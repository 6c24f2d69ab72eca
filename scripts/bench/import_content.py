"""Time the import of content/lessons into an empty library, and a second (no-op) import.

Prints the figures; the content issue's target is under 10 seconds for the first import.
Usage: .venv/bin/python scripts/bench/import_content.py [PATH]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from library import create_app
from library.lessons.importer import import_path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "content" / "lessons"
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                "UPLOAD_DIR": f"{tmp}/uploads",
                "INDEX_DIR": f"{tmp}/index",
            }
        )
        with app.app_context():
            upgrade()
            for label in ("first import (empty library)", "second import (nothing changed)"):
                started = time.perf_counter()
                report = import_path(source)
                seconds = time.perf_counter() - started
                print(
                    f"{label}: {seconds:.2f} s for {report.total} lessons "
                    f"({len(report.created)} new, {len(report.unchanged)} unchanged)"
                )


if __name__ == "__main__":
    main()
