"""Build the printable PDF attachments of Techniekbieb lessons from Markdown sources.

Why this exists: worksheets, measuring cards and planners that belong to a lesson are
written as small Markdown files in ``content/attachment-sources/<slug>/<name>.md``
(with their SVG drawings beside them) so that they can be reviewed and edited like the
lessons themselves. This script turns each of them into
``content/lessons/<slug>/<name>.pdf`` (A4), the file the library serves. The PDFs are
committed; ``--check`` rebuilds them in a temporary directory and fails when a
committed PDF is missing or differs, so CI can prove that every committed PDF really
comes from its source. The output is byte-for-byte the same on every run and machine.

Usage (from the repository root)::

    python scripts/build_attachments.py            # (re)build every attachment PDF
    python scripts/build_attachments.py --check    # verify the committed PDFs

What a source may hold is in ``attachments/source.py``; it is printed by the library's
``library/printing/`` (the lesson PDF prints with it too). The lesson is the name of the
source's folder; the PDF is named after the source.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# This checkout's library, not whichever one the virtualenv's editable install names.
sys.path.insert(0, str(REPO_ROOT))

from attachments.source import Problem, SourceError, parse_source  # noqa: E402

from library.printing.blocks import Text, plain  # noqa: E402
from library.printing.sheet import Imprint, render  # noqa: E402

DEFAULT_SOURCES = REPO_ROOT / "content" / "attachment-sources"
DEFAULT_OUTPUT = REPO_ROOT / "content" / "lessons"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Fixed, so that a source always gives the same bytes.
CREATED = datetime(2024, 1, 1, tzinfo=UTC)
CREATOR = "Techniekbieb scripts/build_attachments.py"
LICENCE_TEXT = "CC BY-SA 4.0"


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def find_sources(sources: Path) -> tuple[list[Path], list[Problem]]:
    """Every <slug>/<name>.md under sources, plus problems with misplaced or unused files."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in sorted(sources.rglob("*")) if sources.is_dir() else []:
        if not path.is_file() or path.name.startswith("."):
            continue
        relative = path.relative_to(sources)
        shown = display_path(path)
        if path.suffix not in (".md", ".svg") or len(relative.parts) != 2:
            message = "attachment sources are <lesson-slug>/<name>.md, drawings <name>.svg"
            problems.append(Problem(shown, 1, message))
        elif not SLUG_RE.match(relative.parts[0]):
            problems.append(Problem(shown, 1, f"folder {relative.parts[0]!r} is not a lesson slug"))
        elif not SLUG_RE.match(path.stem):
            message = f"name {path.stem!r} is not lowercase letters, digits and -"
            problems.append(Problem(shown, 1, message))
        elif path.suffix == ".md":
            found.append(path)
        elif not any(f"({path.name})" in md.read_text() for md in path.parent.glob("*.md")):
            problems.append(Problem(shown, 1, "no source in this folder includes this drawing"))
    return found, problems


def build_source(source: Path) -> bytes:
    """Parse and render one source file; raise SourceError on problems."""
    shown = display_path(source)
    data = source.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError([Problem(shown, line, "the file is not valid UTF-8")]) from error
    blocks = parse_source(text, source, shown)
    title = blocks[0]
    assert isinstance(title, Text)
    return render(blocks, worksheet_imprint(source.parent.name, plain(title.runs)))


def worksheet_imprint(slug: str, title: str) -> Imprint:
    """The metadata, header and footer of an attachment of the lesson slug."""
    return Imprint(
        title=title,
        subject=f"Bijlage bij de les {slug}",
        header=f"Techniekbieb \u00b7 {slug}",
        licence=LICENCE_TEXT,
        creator=CREATOR,
        created=CREATED,
    )


def build_all(sources: Path, output: Path) -> tuple[dict[Path, bytes], list[Problem]]:
    """Build every source; return the PDFs by output path and all problems found."""
    paths, problems = find_sources(sources)
    built: dict[Path, bytes] = {}
    for source in paths:
        try:
            built[output / source.parent.name / f"{source.stem}.pdf"] = build_source(source)
        except SourceError as error:
            problems.extend(error.problems)
    return built, problems


def write_outputs(built: dict[Path, bytes]) -> list[Path]:
    """Write PDFs whose bytes changed; return the paths written."""
    written = []
    for path, data in built.items():
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
    return written


def check(sources: Path, output: Path) -> int:
    """Rebuild into a temporary directory and compare with the committed PDFs."""
    with tempfile.TemporaryDirectory(prefix="attachments-") as tmp:
        built, problems = build_all(sources, Path(tmp))
        stale = []
        for fresh, data in sorted(built.items()):
            committed = output / fresh.relative_to(tmp)
            if not committed.is_file():
                stale.append(f"missing: {display_path(committed)}")
            elif committed.read_bytes() != data:
                stale.append(f"differs: {display_path(committed)}")
    for line in [*map(str, problems), *stale]:
        print(line, file=sys.stderr)
    if stale:
        print(
            f"{len(stale)} attachment PDF(s) out of date: run python scripts/build_attachments.py"
            " and commit the result (with the fpdf2 and fonttools pinned in pyproject.toml)",
            file=sys.stderr,
        )
    if problems or stale:
        return 1
    print(f"{len(built)} attachment PDF(s) up to date")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify the committed PDFs")
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="sources folder")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="lessons folder")
    args = parser.parse_args(argv)
    if args.check:
        return check(args.sources, args.output)
    built, problems = build_all(args.sources, args.output)
    written = write_outputs(built)
    for path in written:
        print(f"wrote {display_path(path)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(
        f"{len(built)} attachment PDF(s) built, {len(written)} changed, {len(problems)} problem(s)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
