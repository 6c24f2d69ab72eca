"""The project documents its own formats: the docs are kept true by parsing them."""

import re
import subprocess
from pathlib import Path

import pytest

from library.content.format import FIELDS, parse_lesson
from library.vocab.loader import DATA_DIR, load_vocabularies

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


def test_the_vocabularies_doc_describes_every_vocabulary_file_and_each_file_names_its_source():
    text = VOCABULARIES_DOC.read_text()
    vocabularies = load_vocabularies()
    files = sorted(path.name for path in DATA_DIR.glob("*.yaml"))
    assert [name for name in files if f"`{name}`" not in text] == []
    every = [*vocabularies.by_name.values(), *(c.phases for c in vocabularies.cycles.values())]
    assert [v.name for v in every if not v.source.strip()] == []


def test_the_readme_and_the_docs_link_only_to_files_in_the_repository():
    """Relative links resolve to a file of this repository, never above its root."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        # Links in code spans and fenced blocks are examples, not links of the page.
        prose = re.sub(r"^```.*?^```$|`[^`\n]*`", "", page.read_text(), flags=re.M | re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", prose):
            if re.match(r"[a-z]+:|#", target):
                continue
            path = (page.parent / target.split("#")[0]).resolve()
            if not path.is_relative_to(ROOT) or not path.exists():
                broken.append(f"{page.name}: {target}")
    assert broken == []


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
