"""The project documents its own formats: the docs are kept true by parsing them."""

import re
import subprocess
from pathlib import Path

import pytest

from library.content.format import FIELDS, parse_lesson
from library.vocab.loader import load_vocabularies

ROOT = Path(__file__).resolve().parent.parent
FORMAT_DOC = ROOT / "docs" / "lesson-format.md"
VOCABULARIES_DOC = ROOT / "docs" / "vocabularies.md"


def _lesson_examples() -> list[str]:
    return re.findall(r"^```lesson\n(.*?)^```$", FORMAT_DOC.read_text(), re.M | re.S)


def test_the_format_doc_has_an_example_lesson():
    assert _lesson_examples()


@pytest.mark.parametrize("example", _lesson_examples())
def test_every_example_lesson_in_the_format_doc_is_valid(example):
    document, problems = parse_lesson(example, "docs/lesson-format.md", load_vocabularies())
    assert problems == []
    assert document.sections and document.intro


def test_the_format_doc_lists_exactly_the_front_matter_keys():
    table = FORMAT_DOC.read_text().split("## Front matter", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z_]+)` \|", table, re.M)
    assert documented == [spec.name for spec in FIELDS]


def test_the_vocabularies_doc_describes_every_vocabulary():
    headings = VOCABULARIES_DOC.read_text()
    vocabularies = load_vocabularies()
    for name in [*vocabularies.by_name, "phases"]:
        assert re.search(rf"^## .*`{name}`", headings, re.M), name


def test_no_tracked_file_points_outside_the_repository():
    """A user who clones the repository has only the repository."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    outside = re.compile(r"\.\./shared|shared/(domain|spec|notes)/")
    offenders = [
        name
        for name in tracked
        if Path(name).suffix in {".md", ".py", ".yaml", ".txt", ".html", ".toml", ""}
        and (ROOT / name).is_file()
        and outside.search((ROOT / name).read_text(errors="ignore"))
        and name != "tests/test_docs.py"
    ]
    assert offenders == []
