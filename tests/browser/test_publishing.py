"""The whole publishing story in Chromium, with axe-core on the account, editor and queue pages:
a docent registers, writes a lesson with two phases and a worksheet and submits it; a moderator
approves it; an anonymous teacher finds it by searching and downloads the worksheet."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from library.accounts import service
from library.accounts.models import Role
from library.db import db
from tests.browser.conftest import assert_accessible, sending_to
from tests.helpers.app import make_app
from tests.helpers.mailbox import links
from tests.helpers.web import PASSWORD

pytestmark = pytest.mark.browser

MODERATOR = "moderator@sto-utrecht.nl"
ADMIN = "beheer@techniekbieb.nl"
REGION = "STO Regio Utrecht"
WORKSHEET = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory, migrated_database, mail_server):
    """An empty library with one moderator, served over HTTP for the browser."""
    folder = tmp_path_factory.mktemp("publishing")
    database = folder / "library.sqlite3"
    shutil.copy(migrated_database, database)
    app = make_app(folder, database, SERVER_NAME=None, **sending_to(mail_server))
    with app.app_context():
        for name, email, role in [
            ("Mo Moderator", MODERATOR, Role.MODERATOR),
            ("Bea Beheer", ADMIN, Role.ADMIN),
        ]:
            registration = service.Registration(name, email, PASSWORD, role, "STO", REGION)
            service.create_user(registration)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def log_in(page, site, email):
    page.goto(site + "/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/account$"))


def register_as_docent(page, site, axe, mail_server):
    page.goto(site)
    page.get_by_role("link", name="Inloggen").click()
    page.get_by_role("link", name="Maak een account aan").click()
    assert_accessible(axe, page)
    page.get_by_label("Naam").fill("Dirk Docent")
    page.get_by_label("E-mailadres").fill("dirk@vakcollege.nl")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord nog een keer").fill(PASSWORD)
    page.get_by_label(re.compile("^Docent vmbo")).check()
    page.get_by_label("School of organisatie").fill("Vakcollege De Brug")
    page.get_by_label("STO-regio").fill(REGION)
    page.get_by_role("button", name="Account maken").click()
    expect(page.get_by_role("heading", name="Kijk in je mail")).to_be_visible()
    assert_accessible(axe, page)
    page.goto(links(mail_server.last("dirk@vakcollege.nl"))[0])
    expect(page.get_by_role("heading", name="E-mailadres bevestigen")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Ja, dit is mijn e-mailadres").click()
    expect(page.get_by_text("Je e-mailadres is bevestigd.")).to_be_visible()
    log_in(page, site, "dirk@vakcollege.nl")
    expect(page.get_by_text("Je hebt de rol docent vmbo aangevraagd.")).to_be_visible()
    assert_accessible(axe, page)


def write_lesson(page, axe, tmp_path):
    page.get_by_role("link", name="Nieuwe les").first.click()
    expect(page.get_by_role("heading", name="Nieuwe les")).to_be_visible()
    assert_accessible(axe, page)
    # Saving an empty lesson explains, at each field, what is missing.
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("nog niet goed"))).to_be_visible()
    assert_accessible(axe, page)

    page.get_by_label("Titel").fill("Een windmolen die water pompt")
    page.get_by_label("Samenvatting").fill(
        "Leerlingen ontwerpen een windmolen die water omhoog pompt."
    )
    page.get_by_label("Groep 7-8").check()
    page.get_by_label("Energie, Water & Veiligheid").check()
    page.get_by_label("Fase 1: Confrontatie").fill("Laat een filmpje van een poldermolen zien.")
    page.get_by_label("Fase 2: Verkennen").fill("Hoe komt het water **omhoog**?")
    worksheet = tmp_path / "werkblad-windmolen.pdf"
    worksheet.write_bytes(WORKSHEET)
    page.get_by_label("Bestand toevoegen").set_input_files(str(worksheet))
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(page.get_by_text("werkblad-windmolen.pdf")).to_be_visible()
    assert page.get_by_label("Titel").input_value() == "Een windmolen die water pompt"
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("Je les is opgeslagen als concept.")).to_be_visible()
    expect(page.get_by_role("heading", name="Een windmolen die water pompt")).to_be_visible()
    page.get_by_role("button", name="Indienen voor beoordeling").click()
    expect(page.get_by_text("De les is ingediend.")).to_be_visible()


def test_a_docents_lesson_goes_from_the_editor_through_review_to_a_download(
    browser, site, axe, tmp_path, mail_server
):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    register_as_docent(page, site, axe, mail_server)
    write_lesson(page, axe, tmp_path)
    page.get_by_role("link", name="Mijn account").click()
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    context.close()

    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    log_in(page, site, MODERATOR)
    page.get_by_role("link", name="Beoordelen").click()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Een windmolen die water pompt").click()
    expect(page.get_by_text("Laat een filmpje van een poldermolen zien.")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(page.get_by_text("De les is gepubliceerd.")).to_be_visible()
    context.close()

    context = browser.new_context(locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    page.goto(site)
    search = page.get_by_role("searchbox", name="Zoek een les")
    search.fill("windmolen")
    search.press("Enter")
    page.wait_for_url(re.compile(r"/zoeken\?q=windmolen"))
    page.get_by_role("link", name="Een windmolen die water pompt").click()
    expect(page.get_by_role("heading", name="Verkennen")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="werkblad-windmolen.pdf").click()
    assert download.value.suggested_filename == "werkblad-windmolen.pdf"
    assert Path(download.value.path()).read_bytes() == WORKSHEET
    context.close()


def test_the_account_pages_are_accessible_and_work_by_keyboard(page, site, axe):
    page.goto(site + "/inloggen")
    assert_accessible(axe, page)
    # Only the keyboard: tab to the fields, type, and press Enter.
    page.get_by_label("E-mailadres").focus()
    page.keyboard.type(ADMIN)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/account$"))
    assert_accessible(axe, page)
    page.get_by_role("link", name="Wachtwoord wijzigen").click()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Gebruikers").click()
    expect(page.get_by_role("heading", name="Gebruikers")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Verwijderen (Mo Moderator)").click()
    expect(page.get_by_role("heading", name="Account van Mo Moderator verwijderen")).to_be_visible()
    assert_accessible(axe, page)
