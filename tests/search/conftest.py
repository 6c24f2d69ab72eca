"""Every test here runs against both search backends: Whoosh on SQLite (the embedded
default) and PostgreSQL's own full-text search (see `backend_app`)."""

from __future__ import annotations

import pytest


@pytest.fixture
def app(backend_app):
    return backend_app
