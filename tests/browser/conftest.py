"""Browser fixtures: the app served on a free localhost port, driven by Debian's Chromium.

Without /usr/bin/chromium these tests are skipped on a developer's machine but fail
in CI (CI=true), where a missing browser means the accessibility checks never ran.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.helpers.app import FIXTURES, make_app
from tests.helpers.web import PASSWORD

CHROMIUM = os.environ.get("LIBRARY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, migrated_database, mail_server):
    """The library with the fixture lessons, served by a real HTTP server in a thread."""
    from library.db import db
    from library.lessons.importer import import_path, import_transaction
    from library.techlabs.importer import read_lab_folder, write_labs

    folder = tmp_path_factory.mktemp("live")
    database = folder / "library.sqlite3"
    shutil.copy(migrated_database, database)
    app = make_app(folder, database, SERVER_NAME=None, **sending_to(mail_server))
    with app.app_context():
        import_path(FIXTURES / "lessons")
        with import_transaction():
            write_labs(read_lab_folder(FIXTURES / "techlabs"))
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    """A browser on a 390 px phone."""
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def check(page, axe, heading: str) -> None:
    """The page shows its heading, passes axe and needs no sideways scrolling."""
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    assert_accessible(axe, page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), heading


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def second_browser(browser):
    """Another person's browser: its own cookies."""
    context = browser.new_context(locale="nl-NL")
    yield context.new_page()
    context.close()


def log_in(page, site: str, email: str) -> None:
    """Log in on the site's login page with the test password, as a keyboard user would."""
    page.goto(site + "/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").press("Enter")
    page.wait_for_url(re.compile(r"/account$"))


def assert_accessible(axe, page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violations on the page as it is now."""
    results = axe.run(page, options=WCAG_21_AA)
    violations = results.response["violations"]
    assert violations == [], results.generate_report()


@pytest.fixture(scope="session")
def mail_server():
    """A real SMTP server for the served sites: the browser follows links from its mails."""
    from tests.helpers.mailbox import SMTPServer

    server = SMTPServer()
    server.start()
    yield server
    server.stop()


def sending_to(server) -> dict:
    """The settings that make a test app send its mail to this server."""
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": server.port, "MAIL_USE_TLS": False}
