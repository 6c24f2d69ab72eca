"""A teacher on her phone finds a techlab activity by facet, with the keyboard only, from a
lesson page's box to the activity; axe finds nothing on any techlab page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_a_teacher_finds_an_activity_by_facet_on_a_phone_with_the_keyboard(
    page, live_server, axe, tmp_path
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/techlabs")
    expect(page.locator("#resultaten")).to_have_text("3 activiteiten bij 2 labs")
    assert_accessible(axe, page)
    page.screenshot(path=str(tmp_path / "techlabs-phone.png"), full_page=True)

    page.get_by_label("Techniekbus (komt naar school) (1 activiteit)").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Toon activiteiten").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#resultaten")).to_have_text("1 activiteit bij 1 lab")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(axe, page)

    page.get_by_role("link", name="Magneten in de bus").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Magneten in de bus")
    assert_accessible(axe, page)
    page.screenshot(path=str(tmp_path / "activity-phone.png"), full_page=True)

    page.get_by_role("link", name="← De Magneetbus").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("De Magneetbus")
    assert_accessible(axe, page)


def test_the_lesson_page_leads_to_the_techlab(page, live_server, axe):
    page.goto(live_server + "/lessen/magneten-onderzoeken")
    box = page.locator("#techlabs")
    expect(box.get_by_role("heading")).to_have_text("Dit kun je ook doen in een techlab")
    assert_accessible(axe, page)
    box.get_by_role("link", name="Bruggen bouwen met de printer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bruggen bouwen met de printer")
