"""Stateless app servers: two gunicorn instances on one PostgreSQL (the `postgres` search
backend) and one upload folder serve one library, as the README's "Opschalen" deploys it.

A moderator takes a lesson down and publishes it again through one server; the other
finds the change within a second and serves the lesson's attachment. Nothing but the
database and the upload folder is shared.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from library.lessons.importer import import_path
from tests.helpers.web import PASSWORD, csrf_token, make_user

ROOT = Path(__file__).resolve().parent.parent
LESSON = "magneten-onderzoeken"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """A client with its own cookies, speaking HTTP to one server."""

    def __init__(self, base: str) -> None:
        self.base = base
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(cookies)

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with self.opener.open(self.base + path, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def text(self, path: str) -> str:
        status, body = self.get(path)
        assert status == 200, (path, status)
        return body.decode("utf-8")

    def post(self, path: str, form_page: str, data: dict[str, str]) -> int:
        page = self.text(form_page)
        fields = {"csrf_token": csrf_token(page), **data}
        request = urllib.request.Request(
            self.base + path, data=urllib.parse.urlencode(fields).encode(), method="POST"
        )
        with self.opener.open(request, timeout=10) as response:
            return response.status

    def finds(self, query: str) -> bool:
        return f'href="/lessen/{LESSON}"' in self.text(f"/zoeken?q={query}")


def start_server(port: int, environment: dict[str, str], log: Path) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--workers", "1", "--bind", f"127.0.0.1:{port}",
        "--control-socket", str(log.with_suffix(".ctl")),
        "library:create_app()",
    ]  # fmt: skip
    output = log.open("wb")
    return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=output)


def wait_until_serving(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            urllib.request.urlopen(base + "/", timeout=10).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{base} did not start: {log.read_text()}")


def within_a_second(check) -> bool:
    deadline = time.monotonic() + 1.0
    while True:
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


@pytest.fixture
def two_servers(postgres_search_app, fixture_lessons, tmp_path):
    """Two gunicorn servers on the test database, the fixture lessons imported."""
    app = postgres_search_app
    import_path(fixture_lessons)
    make_user("moderator", email="moderator@school.test")
    environment = {
        **os.environ,
        "LIBRARY_DATABASE_URL": app.config["DATABASE_URL"],
        "LIBRARY_SEARCH_BACKEND": "postgres",
        "LIBRARY_UPLOAD_DIR": app.config["UPLOAD_DIR"],
        "LIBRARY_SECRET_KEY": "two-servers-secret",
        "LIBRARY_SECURE_COOKIES": "false",
        "LIBRARY_MAIL_FOLDER": str(tmp_path / "mail"),
    }
    servers, bases = [], []
    for name in ("a", "b"):
        port = free_port()
        log = tmp_path / f"server-{name}.log"
        # Each server its own (unused) index folder: the search is in the database.
        server_environment = {**environment, "LIBRARY_INDEX_DIR": str(tmp_path / f"index-{name}")}
        servers.append(start_server(port, server_environment, log))
        bases.append(f"http://127.0.0.1:{port}")
        wait_until_serving(bases[-1], servers[-1], log)
    yield bases
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def test_a_lesson_published_through_one_server_is_found_through_the_other(two_servers):
    one, other = Browser(two_servers[0]), Browser(two_servers[1])
    assert other.finds("magneet")
    assert (
        one.post("/inloggen", "/inloggen", {"email": "moderator@school.test", "password": PASSWORD})
        == 200
    )

    workspace = f"/lessen/{LESSON}/werkversie"
    version = re.search(r'id="versie-archiveren"[^>]*value="(\d+)"', one.text(workspace))
    assert version, "the workspace offers to take the lesson down"
    one.post(f"/lessen/{LESSON}/archiveren", workspace, {"version": version.group(1)})
    assert within_a_second(lambda: not other.finds("magneet"))

    version = re.search(r'id="versie-terugzetten"[^>]*value="(\d+)"', one.text(workspace))
    assert version, "the workspace offers to publish the lesson again"
    one.post(f"/lessen/{LESSON}/terugzetten", workspace, {"version": version.group(1)})
    assert within_a_second(lambda: other.finds("magneet"))

    # Both serve the attachment from the shared upload folder.
    for server in (one, other):
        page = server.text(f"/lessen/{LESSON}")
        link = re.search(rf'href="(/lessen/{LESSON}/bijlagen/[^"]+\.pdf)"', page)
        assert link, "the lesson page links its worksheet"
        status, body = server.get(link.group(1))
        assert status == 200 and body.startswith(b"%PDF")
