"""Absolute URLs come from `LIBRARY_SERVER_NAME`, never from the Host header a client sends.

The Atom feed and OAI-PMH responses are publicly cached: if a request's Host header
chose their links, one forged request would poison what every reader gets.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile

import pytest

from tests.helpers.app import make_app

FORGED = {"Host": "evil.example"}
SLUG = "brug-van-papier"


def test_a_request_naming_another_host_is_refused(imported, client):
    for url in ("/feeds/lessen.atom", "/oai?verb=Identify", "/api/v1/lessons", f"/lessen/{SLUG}"):
        assert client.get(url, headers=FORGED).status_code == 400, url
        assert client.get(url).status_code == 200, url


@pytest.fixture
def behind_a_proxy(imported):
    """An app that also answers an internal host name, as a health check behind a proxy may."""
    imported.config["TRUSTED_HOSTS"] = ["bieb.test", "intern.local"]
    return imported.test_client()


def absolute_urls(text: str) -> set[str]:
    return set(re.findall(r"https?://([^/\"'<>\s]+)", text))


def test_every_absolute_url_names_the_configured_server(behind_a_proxy):
    internal = {"Host": "intern.local"}
    pages = {
        "/feeds/lessen.atom": None,
        "/oai?verb=Identify": None,
        "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc": None,
        "/api/v1/lessons": None,
        f"/api/v1/lessons/{SLUG}": None,
        f"/lessen/{SLUG}": None,  # its JSON-LD
        f"/lessen/{SLUG}/print": None,
    }
    for url in pages:
        response = behind_a_proxy.get(url, headers=internal)
        assert response.status_code == 200, url
        hosts = absolute_urls(response.get_data(as_text=True))
        assert "bieb.test" in hosts, url
        assert not any("intern.local" in host for host in hosts), url
    oai = behind_a_proxy.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc", headers=internal)
    assert "oai:bieb.test:" in oai.get_data(as_text=True)
    download = behind_a_proxy.get(f"/lessen/{SLUG}/download", headers=internal)
    with zipfile.ZipFile(io.BytesIO(download.data)) as package:
        attribution = package.read("ATTRIBUTION.txt").decode()
    assert f"http://bieb.test/lessen/{SLUG}" in attribution
    assert "intern.local" not in attribution


def test_trusted_hosts_can_be_listed_in_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LIBRARY_TRUSTED_HOSTS", "bieb.test, .bieb.test")
    app = make_app(tmp_path, tmp_path / "db.sqlite3")
    assert app.config["TRUSTED_HOSTS"] == ["bieb.test", ".bieb.test"]


def test_without_a_server_name_any_host_is_answered_in_development(tmp_path):
    app = make_app(tmp_path, tmp_path / "db.sqlite3", SERVER_NAME=None)
    assert app.config["TRUSTED_HOSTS"] is None


def test_production_without_a_server_name_warns(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        make_app(tmp_path, tmp_path / "db.sqlite3", SERVER_NAME=None, TESTING=False)
    assert "LIBRARY_SERVER_NAME is not set" in caplog.text
