"""A leerkracht adapts a lesson for her class in Chromium: fork, change the grade and one
phase, submit; after review the original lists the adaptation. axe-core on every step."""

from __future__ import annotations

import re
import shutil
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from library.accounts import service
from library.accounts.models import Role
from library.db import db
from library.lessons.importer import import_path
from tests.browser.conftest import assert_accessible
from tests.browser.test_publishing import log_in
from tests.helpers.app import FIXTURES, make_app
from tests.helpers.web import PASSWORD

pytestmark = pytest.mark.browser

TEACHER = "lotte@obs-devonk.nl"
MODERATOR = "moderator@sto-twente.nl"


@pytest.fixture(scope="module")
def site(tmp_path_factory, migrated_database):
    folder = tmp_path_factory.mktemp("forking")
    database = folder / "library.sqlite3"
    shutil.copy(migrated_database, database)
    app = make_app(folder, database, SERVER_NAME=None)
    with app.app_context():
        import_path(FIXTURES / "lessons")
        for name, email, role in [
            ("Lotte Leerkracht", TEACHER, Role.LEERKRACHT),
            ("Mo Moderator", MODERATOR, Role.MODERATOR),
        ]:
            service.create_user(
                service.Registration(name, email, PASSWORD, role, "OBS De Vonk", "Techniek Twente")
            )
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_teacher_adapts_a_lesson_and_the_original_shows_it(browser, site, axe):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    log_in(page, site, TEACHER)
    page.goto(site + "/lessen/brug-van-papier")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Aanpassen voor mijn klas").click()
    expect(page.get_by_text("staat klaar als concept")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_label("Groep 7-8").uncheck()
    page.get_by_label("Groep 3-4").check()
    page.get_by_label("Fase 1: Confrontatie").fill("De knuffelbeer wil over de sloot van 20 cm.")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.get_by_role("button", name="Indienen voor beoordeling").click()
    expect(page.get_by_text("De les is ingediend.")).to_be_visible()
    slug = re.search(r"/lessen/([^/]+)/", page.url).group(1)
    context.close()

    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    log_in(page, site, MODERATOR)
    page.goto(site + "/beoordelen")
    page.get_by_role("link", name="De sterkste brug van papier").click()
    page.get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(page.get_by_text("De les is gepubliceerd.")).to_be_visible()
    context.close()

    page = browser.new_page(locale="nl-NL")
    page.goto(site + "/lessen/brug-van-papier")
    adaptations = page.get_by_role("region", name="Aanpassingen van deze les")
    assert "2 keer aangepast" in adaptations.inner_text()
    adaptations.get_by_role("link", name="De sterkste brug van papier").click()
    page.wait_for_url(f"**/lessen/{slug}")
    expect(page.get_by_text("Gebaseerd op")).to_be_visible()
    page.get_by_role("link", name="Vergelijk met origineel").click()
    changed_grades = page.get_by_role("row", name=re.compile("Groepen"))
    assert "Groep 3-4" in changed_grades.inner_text()
    confrontation = page.get_by_role("region", name=re.compile("^Confrontatie"))
    assert "knuffelbeer" in confrontation.first.inner_text()
    assert_accessible(axe, page)
    page.close()
