"""Configuration: defaults, then `LIBRARY_*` environment variables, then test overrides.

Every setting can be given as an environment variable with the prefix `LIBRARY_`
(Flask's `from_prefixed_env`), e.g. `LIBRARY_DATABASE_URL`. Paths default to the
instance folder (database, uploads) and the project's `search_index/`.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY_FILE = "secret_key"
# The largest text field a form takes (Flask's MAX_FORM_MEMORY_SIZE; for a form that is not
# multipart, its whole body): the longest text the lesson format accepts, 30,000 characters
# (library.content.body.MAX_TEXT_CHARS), at up to 4 bytes each in UTF-8, and a margin.
MAX_FORM_FIELD_BYTES = 128 * 1024


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill `app.config` and derive the settings the extensions read."""
    instance = Path(app.instance_path)
    app.config.from_mapping(
        DATABASE_URL=f"sqlite:///{instance / 'library.sqlite3'}",
        INDEX_DIR=str(PROJECT_ROOT / "search_index"),
        UPLOAD_DIR=str(instance / "uploads"),
        SECRET_KEY=None,
        MAX_UPLOAD_MB=20,
        REVIEW_REQUIRED=True,
        LESSONS_PER_PAGE=24,
        REGISTRATIONS_PER_HOUR=10,
        MAIL_SERVER=None,
        MAIL_PORT=587,
        MAIL_USERNAME=None,
        MAIL_PASSWORD=None,
        MAIL_USE_TLS=True,
        MAIL_USE_SSL=False,
        MAIL_TIMEOUT=10,
        MAIL_FOLDER=str(instance / "mail"),
        MAIL_FROM=None,
        IMPORT_LOCK_TIMEOUT=600,
        UPLOAD_QUOTA_MB=200,
        UPLOADS_PER_HOUR=30,
        UPLOAD_GRACE_HOURS=24,
        HARVEST_MAX_PAGES=1000,
        HARVEST_MAX_RECORDS=20000,
        HARVEST_MAX_SECONDS=3600,
        HARVEST_MAX_RESPONSE_MB=20,
        # Tests and development harvest from 127.0.0.1; production never should.
        HARVEST_ALLOW_LOOPBACK=False,
    )
    app.config.from_prefixed_env("LIBRARY")
    if test_config:
        app.config.from_mapping(test_config)

    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _secret_key_from_instance(app)
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(app.config["DATABASE_URL"])
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_UPLOAD_MB"]) * 1024 * 1024 + 1024 * 1024
    app.config["MAX_FORM_MEMORY_SIZE"] = MAX_FORM_FIELD_BYTES
    app.config["TRUSTED_HOSTS"] = _trusted_hosts(app.config.get("SERVER_NAME"), app.config)
    if not app.config.get("SERVER_NAME") and not (app.debug or app.testing):
        app.logger.warning(
            "LIBRARY_SERVER_NAME is not set: absolute URLs (feeds, OAI-PMH, the API, "
            "downloads) follow the Host header of each request. Set it in production."
        )
    if not app.config["MAIL_FROM"]:
        host = urlsplit(f"//{app.config.get('SERVER_NAME') or 'localhost'}").hostname
        app.config["MAIL_FROM"] = f"Techniekbieb <noreply@{host}>"
    if not app.config["MAIL_SERVER"] and not (app.debug or app.testing):
        app.logger.warning(
            "LIBRARY_MAIL_SERVER is not set: mails are written to %s instead of sent.",
            app.config["MAIL_FOLDER"],
        )


def _trusted_hosts(server_name: str | None, config: dict[str, Any]) -> list[str] | None:
    """The host names a request may name in its Host header (Flask refuses others with 400).

    `LIBRARY_TRUSTED_HOSTS` (comma-separated) when given, else the host of
    `LIBRARY_SERVER_NAME`; with neither, any host, as in development.
    """
    given = config.get("TRUSTED_HOSTS")
    if isinstance(given, str):
        given = [host.strip() for host in given.split(",") if host.strip()]
    if given:
        return list(given)
    if server_name:
        return [urlsplit(f"//{server_name}").hostname or server_name]
    return None


def _secret_key_from_instance(app: Flask) -> str:
    """Use the key `scripts/run` keeps in the instance folder; refuse to run without any.

    A development or test app gets a throw-away key; a production app with no key
    would sign sessions with something guessable, so it does not start.
    """
    path = Path(app.instance_path) / SECRET_KEY_FILE
    if path.is_file():
        return path.read_text().strip()
    if app.debug or app.testing or app.config.get("TESTING"):
        return secrets.token_hex(32)
    raise RuntimeError(
        "LIBRARY_SECRET_KEY is not set. Set it to a long random string "
        f"(or create {path}) before starting the library."
    )


def _normalise_database_url(url: str) -> str:
    """Accept the `postgres://` and `postgresql://` spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
