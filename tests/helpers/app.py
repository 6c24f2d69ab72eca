"""The test app: its configuration, and the folders of fixture and curated lessons."""

from __future__ import annotations

import os
from pathlib import Path

from library import create_app

TESTS = Path(__file__).parent.parent
FIXTURES = TESTS / "fixtures"
# The one attachment of the fixture lessons (magneten-onderzoeken).
WORKSHEET = FIXTURES / "lessons" / "magneten-onderzoeken" / "werkblad.pdf"
CONTENT = TESTS.parent / "content" / "lessons"


def make_app(tmp: Path, database: Path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{database}",
        "UPLOAD_DIR": str(tmp / "uploads"),
        "INDEX_DIR": str(tmp / "index"),
        "MAIL_FOLDER": str(tmp / "mail"),
        "SERVER_NAME": "bieb.test",
        **overrides,
    }
    return create_app(config)


# An empty PostgreSQL database for the tests that run there (CI starts one).
POSTGRES_URL = os.environ.get("LIBRARY_TEST_POSTGRES_URL")
