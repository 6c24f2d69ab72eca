"""Time the worst text inputs of each kind, at the largest size the library accepts, through
the real paths: the editor's preview and save (as a pabo student), the import of a lesson
file, and the comparison of two versions (`/vergelijk`).

Each input fills a lesson to its limits (six texts of 30,000 characters, or a front
matter of nearly 200,000). Prints one row per input with milliseconds per path; the
target (issue 13, point 2) is every figure under 500 ms. Tests never assert timings.
Usage: .venv/bin/python scripts/bench/hostile_input.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask_migrate import upgrade

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the tests' browser helpers (log in, read a form)

from library import create_app  # noqa: E402
from library.accounts.models import Role  # noqa: E402
from library.content.body import MAX_TEXT_CHARS  # noqa: E402
from library.db import db  # noqa: E402
from library.lessons.importer import import_path  # noqa: E402
from library.rendering import MAX_MARKUP_TAGS  # noqa: E402
from library.search.backend import current_backend  # noqa: E402
from tests.helpers.web import Visitor, fill, make_user  # noqa: E402

TEXTS = 6  # the introduction and five phases: 180,000 characters, the file stays under 200,000
PHASES = ("Confrontatie", "Verkennen", "Opzetten", "Uitvoeren", "Concluderen")
FRONT = """---
title: {title}
summary: Een les die de grenzen van het formaat opzoekt.
kind: onderzoekend
worlds: [hightech-science]
grades: [groep-7-8]
{extra}---
"""


@dataclass(frozen=True)
class Hostile:
    """One kind of input: the text of each of the lesson's texts, for version 1 and 2."""

    name: str
    text: Callable[[int, int], str]  # (version, which text) -> text
    editor: bool = True  # whether it can be typed into the editor
    front: Callable[[int], str] | None = None  # extra front matter for version n


def filled(unit: str, prefix: str = "", suffix: str = "") -> str:
    """`unit` repeated to the largest text the format accepts."""
    room = MAX_TEXT_CHARS - len(prefix) - len(suffix)
    return prefix + (unit * (room // len(unit) + 1))[:room] + suffix


def within_budget(which: int, unit: str, tags: int, prefix: str = "") -> str:
    """The most markup the sanitiser takes for a lesson (`tags` per unit), all in the
    introduction: the worst case for the sanitiser, which a larger text would skip."""
    if which:
        return "Tekst."
    return prefix + unit * ((MAX_MARKUP_TAGS - 100) // tags)


def random_words(version: int, which: int, separator: str = " ") -> str:
    rng = random.Random(version * 100 + which)
    words = ("".join(rng.choices("abcdefghij", k=5)) for _ in range(MAX_TEXT_CHARS // 6))
    return separator.join(words)[:MAX_TEXT_CHARS]


def every_other_line(version: int, which: int) -> str:
    lines = [f"regel {n} " + ("anders" if version == 2 and n % 2 else "tekst") for n in range(3000)]
    return "\n".join(lines)[:MAX_TEXT_CHARS]


def changed(version: int, text: str) -> str:
    """Version 2 of a fixed input differs at its start (as an edit would)."""
    return text if version == 1 else "x" + text[1:]


HOSTILE = [
    Hostile("runs of [", lambda v, i: changed(v, filled("["))),
    Hostile("list nested 15,000 deep", lambda v, i: changed(v, filled("- ", suffix="x"))),
    Hostile(
        "indented lists",
        lambda v, i: changed(v, "".join("  " * d + "- a\n" for d in range(170))),
    ),
    Hostile("blockquotes 30,000 deep", lambda v, i: changed(v, filled(">", suffix=" x"))),
    Hostile("emphasis *a*a*a", lambda v, i: changed(v, filled("*a"))),
    Hostile("unclosed links [a](", lambda v, i: changed(v, filled("[a]("))),
    Hostile("bare addresses", lambda v, i: changed(v, filled("www.a.nl "))),
    Hostile(
        "table, small cells", lambda v, i: changed(v, filled("|x|y|z|\n", "|a|b|c|\n|-|-|-|\n"))
    ),
    Hostile(
        "table, 1000 columns",
        lambda v, i: changed(v, filled("|\n", "|" + "a|" * 1000 + "\n|" + "-|" * 1000 + "\n")),
    ),
    Hostile(
        "links, just within the markup budget",
        lambda v, i: changed(v, within_budget(i, "www.a.nl ", 2)),
    ),
    Hostile(
        "table cells, just within the budget",
        lambda v, i: changed(v, within_budget(i, "|x|y|z|\n", 8, "|a|b|c|\n|-|-|-|\n")),
    ),
    Hostile(
        "quotes 30 deep, within the budget",
        lambda v, i: changed(v, within_budget(i, ">" * 30 + " x\n\n", 62)),
    ),
    Hostile("backticks", lambda v, i: changed(v, filled("`", prefix="a"))),
    Hostile("random words (diff)", random_words),
    Hostile("random words, a line each (diff)", lambda v, i: random_words(v, i, "\n")),
    Hostile("every other line changed (diff)", every_other_line),
    Hostile(
        "headings padded with spaces",
        lambda v, i: changed(v, filled("## a" + " " * 6_000 + "b\n\nTekst.\n\n")),
        editor=False,
    ),
    Hostile(
        "front matter, 18,000 goals",
        lambda v, i: "Tekst.",
        editor=False,
        front=lambda v: (
            "goals: [" + ", ".join(["kd-po-42"] * 18_000) + ", kd-po-4" + str(v) + "]\n"
        ),
    ),
]


def lesson_file(hostile: Hostile, slug: str, version: int) -> str:
    extra = f"slug: {slug}\n" + (hostile.front(version) if hostile.front else "")
    parts = [FRONT.format(title=f"Bench {hostile.name}"[:120], extra=extra)]
    parts.append(hostile.text(version, 0) + "\n")
    for which, heading in enumerate(PHASES[: TEXTS - 1], start=1):
        parts.append(f"## {heading}\n\n{hostile.text(version, which)}\n")
    return "\n".join(parts)


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def editor_fields(hostile: Hostile, number: int) -> dict:
    fields = {
        "title": f"Bench {number} {hostile.name}"[:120],
        "summary": "Een les die de grenzen van het formaat opzoekt.",
        "worlds": ["hightech-science"],
        "grades": ["groep-7-8"],
        "intro": hostile.text(1, 0),
    }
    for which in range(1, TEXTS):
        fields[f"phases-{which - 1}-text"] = hostile.text(1, which)
    return fields


def run_editor(visitor: Visitor, hostile: Hostile, number: int, action: str) -> str:
    """Time the editor's POST (not the GET of the form before it)."""
    fields = fill(visitor.editor("/nieuwe-les"), editor_fields(hostile, number))
    fields["action"] = action
    visitor._fresh()
    ms, response = timed(
        lambda: visitor.client.post("/nieuwe-les", data=fields, content_type="multipart/form-data")
    )
    expected = 200 if action == "preview" else 302
    status = "" if response.status_code == expected else f" ({response.status_code})"
    return f"{ms:7.0f}{status}"


class IndexTimer:
    """Times the search index writes that follow a commit (the backend's real `write`)."""

    def __init__(self) -> None:
        self.ms = 0.0
        backend = current_backend()
        self._write = backend.write
        backend.write = self._timed

    def _timed(self, slugs):
        ms, report = timed(lambda: self._write(slugs))
        self.ms += ms
        return report


def run_import_and_compare(
    app, folder: Path, hostile: Hostile, number: int, index: IndexTimer
) -> tuple[str, str, str]:
    slug = f"bench-{number}"
    path = folder / f"{slug}.md"
    path.write_text(lesson_file(hostile, slug, 1), encoding="utf-8")
    index.ms = 0.0
    ms_import, _ = timed(lambda: import_path(path))
    ms_index = index.ms
    path.write_text(lesson_file(hostile, slug, 2), encoding="utf-8")
    import_path(path)
    client = app.test_client()
    ms_compare, response = timed(lambda: client.get(f"/lessen/{slug}/vergelijk?van=1&naar=2"))
    status = "" if response.status_code == 200 else f" ({response.status_code})"
    return f"{ms_import - ms_index:7.0f}", f"{ms_index:7.0f}", f"{ms_compare:7.0f}{status}"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                "UPLOAD_DIR": f"{tmp}/uploads",
                "INDEX_DIR": f"{tmp}/index",
                "SERVER_NAME": "bieb.test",
            }
        )
        with app.app_context():
            upgrade()
            make_user(Role.PABO_STUDENT, email="student@pabo.test")
            db.session.commit()
            visitor = Visitor(app.test_client())
            visitor.log_in("student@pabo.test")
            index = IndexTimer()
            columns = ("preview", "save", "import", "+ index", "compare")
            print(f"{'input (ms)':36}" + "".join(f"{name:>10}" for name in columns))
            for number, hostile in enumerate(HOSTILE):
                if hostile.editor:
                    preview = run_editor(visitor, hostile, number, "preview")
                    save = run_editor(visitor, hostile, number, "save")
                else:
                    preview = save = f"{'-':>7}"
                figures = run_import_and_compare(app, Path(tmp), hostile, number, index)
                print(f"{hostile.name:36}" + "".join(f"{f:>10}" for f in (preview, save, *figures)))
            print(
                "import: validate, render and store, committed; + index: the search index "
                "write after the commit (linear in the lesson's distinct words)"
            )


if __name__ == "__main__":
    main()
