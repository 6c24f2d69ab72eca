"""Configuration from LIBRARY_* variables; production refuses to run without a secret key."""

import pytest

from library import create_app
from library.config import _normalise_database_url


def test_settings_come_from_prefixed_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LIBRARY_SECRET_KEY", "uit-de-omgeving")
    monkeypatch.setenv("LIBRARY_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("LIBRARY_INDEX_DIR", str(tmp_path / "idx"))
    app = create_app()
    assert app.config["SECRET_KEY"] == "uit-de-omgeving"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/x.db"
    assert app.config["INDEX_DIR"] == str(tmp_path / "idx")


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("LIBRARY_SECRET_KEY", raising=False)
    monkeypatch.setattr("library.config.SECRET_KEY_FILE", "geen-sleutel-hier")
    with pytest.raises(RuntimeError, match="LIBRARY_SECRET_KEY"):
        create_app()


def test_postgres_urls_use_psycopg3():
    assert _normalise_database_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert _normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert _normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_default_database_lives_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("LIBRARY_DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{app.instance_path}/library.sqlite3"
