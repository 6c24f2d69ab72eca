"""Careers pages in the browser: reachable by keyboard from a lesson, and axe-clean."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_from_a_lesson_to_an_occupation_and_a_profile(page, live_server, axe):
    page.goto(live_server + "/lessen/brug-van-papier")
    expect(page.get_by_role("heading", name="Beroepen in deze les")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Infratechnicus").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/beroepen/infratechnicus")
    assert page.get_by_role("heading", level=1).inner_text() == "Infratechnicus"
    assert_accessible(axe, page)
    page.get_by_role("link", name="Bouwen, wonen en interieur").first.click()
    page.wait_for_url("**/profielen/bwi")
    page.get_by_role("checkbox", name="Groep 1-2").check()
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("link", name="Een brug voor de knuffels")).to_be_visible()
    assert_accessible(axe, page)
    page.goto(live_server + "/beroepen")
    assert_accessible(axe, page)
