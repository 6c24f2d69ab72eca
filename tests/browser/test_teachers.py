"""Teachers' and regions' features in Chromium, with axe-core on every new page: a teacher
saves two lessons to a collection, shares the link and writes an experience that then shows
on the lesson page; a docent builds a learning line; a moderator hides an experience; a
coordinator reads the overview of a region, and which schools its techlabs reached."""

from __future__ import annotations

import re
import shutil
import threading
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from library.accounts import service
from library.accounts.models import Role
from library.db import db
from library.lessons.importer import import_path, import_transaction
from library.techlabs.importer import read_lab_folder, write_labs
from tests.browser.conftest import assert_accessible, log_in
from tests.helpers.app import FIXTURES, make_app
from tests.helpers.visits import visit_through
from tests.helpers.web import PASSWORD

pytestmark = pytest.mark.browser

TEACHER, DOCENT, MODERATOR = "anna@basisschool.nl", "bob@vakcollege.nl", "mo@sto-twente.nl"


@pytest.fixture(scope="module")
def site(tmp_path_factory, migrated_database):
    """The fixture and coverage lessons, a teacher, a docent and a moderator, the fixture
    labs with three visits of school year 2026-2027, over HTTP."""
    folder = tmp_path_factory.mktemp("teachers")
    database = folder / "library.sqlite3"
    shutil.copy(migrated_database, database)
    app = make_app(folder, database, SERVER_NAME=None)
    with app.app_context():
        import_path(FIXTURES / "lessons")
        import_path(FIXTURES / "coverage")
        for name, email, role in [
            ("Juf Anna", TEACHER, Role.LEERKRACHT),
            ("Meester Bob", DOCENT, Role.DOCENT),
            ("Mo Moderator", MODERATOR, Role.MODERATOR),
        ]:
            registration = service.Registration(name, email, PASSWORD, role, "School", "Twente")
            service.create_user(registration)
        with import_transaction():
            write_labs(read_lab_folder(FIXTURES / "techlabs"))
        december = datetime(2026, 12, 10, 8, tzinfo=UTC)
        # In a request, as a teacher asks: the mails to the labs link to the visit.
        with app.test_request_context("/"):
            visit_through("bruggen-bouwen", "uitgevoerd", school="De Regenboog", starts_at=december)
            visit_through(
                "magneten-in-de-bus",
                "bevestigd",
                school="OBS Het Anker",
                grade="groep-5-6",
                pupils=22,
                starts_at=december,
            )
            visit_through("bruggen-bouwen", "aangevraagd", school="De Wilg")
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def open_lesson(page, site, title):
    page.goto(site + "/lessen")
    page.get_by_role("link", name=title).first.click()
    page.wait_for_url(re.compile(r"/lessen/[a-z0-9-]+$"))


def test_a_teacher_collects_shares_and_reports_an_experience(page, second_browser, site, axe):
    log_in(page, site, TEACHER)
    open_lesson(page, site, "De sterkste brug van papier")
    assert_accessible(axe, page)
    page.get_by_label("Zet in een collectie").select_option(label="Een nieuwe collectie…")
    page.get_by_label("of een nieuwe collectie").fill("Thema bruggen, groep 7")
    page.get_by_role("button", name="Toevoegen").first.press("Enter")
    expect(
        page.get_by_text("De les staat nu in de collectie ‘Thema bruggen, groep 7’.")
    ).to_be_visible()
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_text("Bewaard in")).to_be_visible()

    open_lesson(page, site, "Een brug voor de knuffels")
    page.get_by_label("Zet in een collectie").select_option(label="Thema bruggen, groep 7")
    page.get_by_role("button", name="Toevoegen").first.click()
    expect(page.get_by_text("De les staat nu in de collectie")).to_be_visible()

    page.get_by_role("link", name="Mijn lessen").first.click()
    expect(page.get_by_role("heading", name="Mijn lessen", level=1)).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Thema bruggen, groep 7").click()
    lessons = page.locator(".collection-lessons .card-title")
    assert lessons.all_inner_texts() == ["De sterkste brug van papier", "Een brug voor de knuffels"]
    page.get_by_role("button", name=re.compile("^Omhoog.*Een brug voor de knuffels$")).press(
        "Enter"
    )
    page.wait_for_load_state()
    assert lessons.all_inner_texts() == ["Een brug voor de knuffels", "De sterkste brug van papier"]
    page.get_by_label("Iedereen met de link mag deze collectie bekijken").check()
    page.get_by_role("button", name="Opslaan").click()
    link = page.get_by_label("Link om te delen").input_value()
    assert re.fullmatch(re.escape(site) + r"/collecties/[\w-]{20,}", link)
    assert_accessible(axe, page)
    for action in ("Naam en beschrijving wijzigen", "Collectie verwijderen"):
        page.get_by_role("link", name=action).click()
        assert_accessible(axe, page)
        page.go_back()

    second_browser.goto(link)
    expect(second_browser.get_by_role("heading", name="Thema bruggen, groep 7")).to_be_visible()
    expect(second_browser.get_by_text("Collectie van Juf Anna")).to_be_visible()
    assert second_browser.locator(".collection-lessons .card-title").all_inner_texts() == [
        "Een brug voor de knuffels",
        "De sterkste brug van papier",
    ]
    assert second_browser.get_by_role("button", name=re.compile("Uit de collectie")).count() == 0
    assert_accessible(axe, second_browser)

    open_lesson(page, site, "De sterkste brug van papier")
    page.get_by_role("link", name="Deel je ervaring").click()
    expect(page.get_by_role("heading", name="Deel je ervaring met deze les")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_label("In welke groep gaf je de les?").select_option(label="Groep 7-8")
    page.get_by_label("Hoeveel minuten duurde de les echt?").fill("75")
    page.get_by_label("4 sterren: goed").check()
    page.get_by_label("Wat ging goed?").fill("De kinderen testten hun bruggen vol vuur.")
    page.get_by_label("Waar moet een collega op letten?").fill("Leg genoeg knikkers klaar.")
    page.get_by_role("button", name="Ervaring delen").press("Enter")
    page.wait_for_url(re.compile(r"/lessen/brug-van-papier#ervaringen$"))
    expect(page.get_by_text("De kinderen testten hun bruggen vol vuur.")).to_be_visible()
    expect(page.get_by_text("Gemiddeld 4,0 van de 5 sterren uit 1 ervaring")).to_be_visible()
    assert_accessible(axe, page)

    second_browser.goto(site + "/lessen/brug-van-papier")
    expect(second_browser.get_by_text("Leg genoeg knikkers klaar.")).to_be_visible()
    expect(second_browser.get_by_role("cell", name="1 uur en 15 minuten")).to_be_visible()
    assert_accessible(axe, second_browser)


def test_a_docent_builds_and_publishes_a_learning_line(page, second_browser, site, axe):
    log_in(page, site, DOCENT)
    page.goto(site + "/leerlijnen")
    assert_accessible(axe, page)
    page.get_by_role("link", name="Nieuwe leerlijn maken").click()
    assert_accessible(axe, page)
    page.get_by_label("Titel").fill("Energie van groep 5 tot het vmbo")
    page.get_by_label("Waar gaat de leerlijn over?").fill("Water en zon als energiebron.")
    page.get_by_role("button", name="Leerlijn maken").click()
    page.wait_for_url(re.compile(r"/leerlijnen/energie-van-groep-5-tot-het-vmbo$"))
    page.get_by_label("Les", exact=True).fill(site + "/lessen/zonneboot")
    page.get_by_label("Voor groep").select_option(label="vmbo leerjaar 1-2")
    page.get_by_label("Wat voegt deze stap toe?").fill(
        "Nu ontwerpen ze zelf een boot op zonne-energie."
    )
    page.get_by_role("button", name="Stap toevoegen").click()
    assert_accessible(axe, page)

    open_lesson(page, site, "Maak modderwater weer helder")
    page.get_by_text("Toevoegen aan een leerlijn van mij").click()
    page.get_by_label("Voor groep").select_option(label="Groep 5-6")
    page.get_by_label("Wat voegt deze stap toe?").fill(
        "Eerst onderzoeken ze hoe water schoon wordt."
    )
    page.locator("#leerlijnen").get_by_role("button", name="Toevoegen").click()
    expect(
        page.get_by_text("De les is een stap in ‘Energie van groep 5 tot het vmbo’.")
    ).to_be_visible()

    page.goto(site + "/leerlijnen/energie-van-groep-5-tot-het-vmbo")
    assert page.locator(".line-steps h3").all_inner_texts() == [
        "Maak modderwater weer helder",
        "Een boot op zonne-energie",
    ]
    page.get_by_role("link", name=re.compile("^Stap wijzigen.*Maak modderwater")).click()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Annuleren").click()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("De leerlijn is gepubliceerd")).to_be_visible()
    for action in ("Titel en beschrijving wijzigen", "Leerlijn verwijderen"):
        page.get_by_role("link", name=action).click()
        assert_accessible(axe, page)
        page.go_back()

    second_browser.goto(site + "/leerlijnen?q=energie")
    expect(second_browser.get_by_text("1 leerlijn met ‘energie’")).to_be_visible()
    second_browser.locator("#wereld-energie-water-veiligheid").get_by_role(
        "link", name="Energie van groep 5 tot het vmbo"
    ).click()
    expect(
        second_browser.get_by_text("Nu ontwerpen ze zelf een boot op zonne-energie.")
    ).to_be_visible()
    assert_accessible(axe, second_browser)
    second_browser.goto(site + "/lessen/zonneboot")
    expect(second_browser.get_by_text("Stap 2 van 2 in")).to_be_visible()
    assert_accessible(axe, second_browser)


def test_a_moderator_hides_an_abusive_experience(page, second_browser, site, axe):
    log_in(second_browser, site, TEACHER)
    second_browser.goto(site + "/lessen/magneten-onderzoeken/ervaring")
    second_browser.get_by_label("Hoeveel minuten duurde de les echt?").fill("60")
    second_browser.get_by_label("1 ster: niet goed").check()
    second_browser.get_by_label("Wat ging goed?").fill("Niks, wat een rommel.")
    second_browser.get_by_role("button", name="Ervaring delen").click()

    log_in(page, site, MODERATOR)
    page.goto(site + "/ervaringen")
    assert_accessible(axe, page)
    page.get_by_role("link", name=re.compile("^Verbergen.*Juf Anna$")).first.click()
    assert_accessible(axe, page)
    page.get_by_label("Waarom verberg je deze ervaring?").fill("Geen bruikbare ervaring.")
    page.get_by_role("button", name="Verbergen").click()
    expect(page.get_by_text("De ervaring is verborgen.")).to_be_visible()

    second_browser.goto(site + "/lessen/magneten-onderzoeken")
    expect(
        second_browser.get_by_text("Verborgen door een moderator: Geen bruikbare ervaring.")
    ).to_be_visible()
    assert_accessible(axe, second_browser)


def test_a_coordinator_reads_the_overview_of_a_region_by_keyboard(page, site, axe):
    page.goto(site + "/")
    page.get_by_role("link", name="Overzicht").click()
    page.wait_for_url("**/overzicht")
    table = page.get_by_role("table", name="Aantal lessen per wereld van techniek en groep")
    assert table.get_by_role("columnheader", name="Groep 7-8").is_visible()
    assert_accessible(axe, page)
    page.get_by_label("Regio").select_option("Techniek Twente")
    page.get_by_role("button", name="Toon").press("Enter")
    page.wait_for_url("**/overzicht?regio=Techniek+Twente&schooljaar=*")
    assert (
        "2 gepubliceerde lessen uit Techniek Twente" in page.locator(".overview-total").inner_text()
    )
    expect(
        page.get_by_text(
            "Geen enkele les in groep 5-6 leidt naar het profiel Mobiliteit en transport."
        )
    ).to_be_visible()
    assert_accessible(axe, page)


def test_a_coordinator_sees_which_schools_the_techlabs_reached(page, site, axe):
    log_in(page, site, MODERATOR)
    page.goto(site + "/overzicht")
    page.get_by_label("Schooljaar (voor de bezoeken)").select_option("2026-2027")
    page.get_by_role("button", name="Toon").press("Enter")
    page.wait_for_url("**/overzicht?regio=&schooljaar=2026-2027")
    per_lab = page.get_by_role("table", name="Bezoeken per techlab")
    row = per_lab.get_by_role("row", name=re.compile("^Proeflab Utrecht"))
    expect(row.get_by_role("cell")).to_have_text(["1", "0", "1", "1", "24", "0"])
    reached = page.get_by_role("table", name=re.compile("Op bezoek geweest in 2026-2027"))
    expect(reached.get_by_role("rowheader")).to_have_text(["De Regenboog", "OBS Het Anker"])
    expect(page.locator(".not-yet li")).to_have_text(
        ["De Wilg – nog nooit op bezoek geweest, wel aangevraagd"]
    )
    assert_accessible(axe, page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download de scholen als CSV").press("Enter")
    assert download.value.suggested_filename == "scholen-2026-2027.csv"
    # On a phone the tables scroll inside their own region, never the page.
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role(
        "heading", name=re.compile("Bezoeken aan techlabs")
    ).scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(axe, page)
