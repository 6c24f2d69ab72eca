"""Techlab fixtures: a content folder with the fixture lessons and two fixture labs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.app import FIXTURES

LABS = FIXTURES / "techlabs"


@pytest.fixture
def content_folder(tmp_path) -> Path:
    """`content/` as the repository has it: `lessons/` and `techlabs/`, writable."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURES / "lessons", folder / "lessons")
    shutil.copytree(LABS, folder / "techlabs")
    return folder


@pytest.fixture
def labs(app, content_folder):
    """The app with the fixture lessons and labs imported."""
    from library.lessons.importer import import_content

    import_content(content_folder)
    return app
