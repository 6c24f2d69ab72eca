"""The import contracts in pyproject.toml catch the arrows that must never exist.

`scripts/test` runs `lint-imports` on the tree as it is; these tests add one forbidden
import to a copy of the package and check that the contract meant for it breaks, so a
contract that was weakened or mistyped does not pass in silence.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def clean_copy(tmp_path_factory) -> Path:
    tree = tmp_path_factory.mktemp("tree")
    shutil.copytree(ROOT / "library", tree / "library", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def with_import(clean_copy: Path, tmp_path: Path, module: str, line: str) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(clean_copy, tree)
    path = tree / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return tree


def test_the_tree_keeps_every_contract(clean_copy):
    result = lint_imports(clean_copy)
    assert result.returncode == 0, result.stdout
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("library/search/query.py", "import library.accounts.models", "Search knows no accounts"),
        (
            "library/vocab/loader.py",
            "import library.lessons.models",
            "Vocabularies, rendering and the lesson file format know no features",
        ),
        ("library/lessons/queries.py", "import library", "No feature imports the app factory"),
        ("library/careers/views.py", "import whoosh", "Only the search backends import"),
        ("library/search/service.py", "import whoosh.query", "Only the search backends import"),
        (
            "library/search/facets.py",
            "import library.search.whoosh.store",
            "The search core knows no backend",
        ),
        ("library/lines/views.py", "import lxml.etree", "Only the API and the exchange speak"),
        ("library/feeds/views.py", "import xml.etree.ElementTree", "XML is written with lxml"),
        (
            "library/lessons/models.py",
            "import library.accounts.models",
            "No package imports itself through another package",
        ),
    ],
)
def test_a_forbidden_import_breaks_its_contract(clean_copy, tmp_path, module, line, contract):
    result = lint_imports(with_import(clean_copy, tmp_path, module, line))
    assert result.returncode == 1
    broken = result.stdout.split("Broken contracts")[1]
    assert contract in broken
