"""The Doe-Lab cycle in Chromium, axe-clean on every page of it: a teacher asks for a visit,
the lab's staff plan the intake and confirm it, the class comes, and the teacher writes the
follow-up and publishes it as an experience on the preparation lesson; both sides download
the invitation and their calendar reads the agreed time from it."""

from __future__ import annotations

import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from werkzeug.serving import make_server

from library.accounts import service
from library.accounts.models import Role
from library.db import db
from library.lessons.importer import import_content
from library.techlabs.models import LabStaff
from library.techlabs.queries import lab_by_slug
from tests.browser.conftest import assert_accessible, log_in
from tests.helpers.app import FIXTURES, make_app
from tests.helpers.web import PASSWORD

pytestmark = pytest.mark.browser

TEACHER, STAFF = "juf@regenboog.nl", "sam@proeflab.nl"


@pytest.fixture(scope="module")
def site(tmp_path_factory, migrated_database):
    """The fixture lessons and labs, a teacher and a staff member of the Proeflab."""
    folder = tmp_path_factory.mktemp("visits")
    database = folder / "library.sqlite3"
    shutil.copy(migrated_database, database)
    content = folder / "content"
    shutil.copytree(FIXTURES / "lessons", content / "lessons")
    shutil.copytree(FIXTURES / "techlabs", content / "techlabs")
    app = make_app(folder, database, SERVER_NAME=None)
    with app.app_context():
        import_content(content)
        for name, email in [("Juf Ria", TEACHER), ("Sam Staf", STAFF)]:
            registration = service.Registration(
                name, email, PASSWORD, Role.LEERKRACHT, "School", "Utrecht"
            )
            user = service.create_user(registration)
        db.session.add(LabStaff(lab=lab_by_slug("proeflab"), user=user))
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_whole_cycle(page, second_browser, site, axe):
    teacher, staff = page, second_browser
    log_in(teacher, site, TEACHER)
    teacher.goto(site + "/techlabs/proeflab/bruggen-bouwen")
    teacher.get_by_role("link", name="Bezoek aanvragen").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Bezoek aanvragen")
    teacher.get_by_role("button", name="Aanvraag versturen").click()
    expect(teacher.locator(".error-summary")).to_contain_text("Vul de naam van je school in.")
    assert_accessible(axe, teacher)
    teacher.get_by_label("Naam van je school").fill("De Regenboog")
    teacher.get_by_label("Welke groep komt?").select_option(label="Groep 7-8")
    teacher.get_by_label("Met hoeveel leerlingen?").fill("24")
    teacher.get_by_label("Wanneer zouden jullie kunnen komen?").fill("Na de herfstvakantie")
    teacher.get_by_label("Waar is de klas mee bezig?").fill("Bruggen van papier")
    teacher.get_by_label("Wat wil de klas onderzoeken of maken?").fill("Een brug voor een emmer")
    teacher.get_by_role("button", name="Aanvraag versturen").click()
    expect(teacher.get_by_text("Je aanvraag is verstuurd.")).to_be_visible()

    log_in(staff, site, STAFF)
    staff.goto(site + "/bezoeken")
    staff.get_by_role("link", name="Proeflab Utrecht").click()
    expect(staff.get_by_text("Een brug voor een emmer")).to_be_visible()
    assert_accessible(axe, staff)
    staff.get_by_role("link", name="Bruggen bouwen met de printer").click()
    assert_accessible(axe, staff)
    staff.get_by_label("Wanneer is het voorgesprek?").fill("2026-10-06T15:00")
    staff.get_by_label("Hoe en waar?").fill("Op school")
    staff.get_by_role("button", name="Voorgesprek plannen").click()
    expect(staff.get_by_text("Het bezoek is nu: voorgesprek gepland.")).to_be_visible()
    staff.get_by_label("De onderzoeks- of ontwerpvraag").fill("Hoe houdt een brug een emmer?")
    staff.get_by_label("Begin van het bezoek").fill("2026-12-10T09:30")
    staff.get_by_label("Einde van het bezoek").fill("2026-12-10T12:00")
    staff.get_by_label("Wat bereidt de leerkracht voor?").fill("Maak het ontwerp zelf een keer.")
    staff.get_by_role("button", name="Afspraken vastleggen en bevestigen").click()
    expect(staff.get_by_text("Het bezoek is nu: bevestigd.")).to_be_visible()
    assert_accessible(axe, staff)

    teacher.goto(site + "/bezoeken")
    assert_accessible(axe, teacher)
    teacher.get_by_role("link", name="Bruggen bouwen met de printer").click()
    expect(teacher.get_by_text("Maak het ontwerp zelf een keer.")).to_be_visible()
    expect(teacher.get_by_text("10-12-2026 om 09:30")).to_be_visible()
    for side in (teacher, staff):
        with side.expect_download() as download:
            side.get_by_role("link", name="Uitnodiging voor je agenda (.ics)").click()
        (event,) = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
        assert event.decoded("dtstart") == datetime(2026, 12, 10, 8, 30, tzinfo=UTC)

    staff.get_by_role("button", name="Het bezoek is geweest").click()
    expect(staff.get_by_text("Het bezoek is nu: uitgevoerd.")).to_be_visible()

    teacher.reload()
    teacher.get_by_label("Wat ging goed?").fill("Elke brug werd getest.")
    teacher.get_by_label("Waar liep je tegenaan?").fill("Mijn eigen ontwerp was te zwaar.")
    teacher.get_by_label("Deel dit ook als ervaring bij de voorbereidende les").check()
    teacher.get_by_label("4 sterren: goed").check()
    teacher.get_by_label("Hoeveel minuten duurden les en bezoek samen?").fill("240")
    assert_accessible(axe, teacher)
    teacher.get_by_role("button", name="Nabespreking versturen").click()
    expect(teacher.get_by_text("Het bezoek is nu: nabesproken.")).to_be_visible()
    assert_accessible(axe, teacher)

    staff.reload()
    expect(staff.get_by_text("Mijn eigen ontwerp was te zwaar.")).to_be_visible()
    teacher.goto(site + "/lessen/brug-van-papier")
    expect(teacher.locator("#ervaringen")).to_contain_text("Mijn eigen ontwerp was te zwaar.")
