"""A teacher searches with the keyboard: words, a typo, a facet, a removed filter, a similar lesson."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def take_away_by_keyboard(page, label: str, heading: str) -> None:
    """Focus a filter's chip, press Enter and see the search without it."""
    page.get_by_role("link", name=f"Filter weghalen: {label}").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken?q=brug#resultaten")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()


def test_teacher_searches_from_any_page_and_narrows_by_a_facet(page, live_server, axe):
    page.goto(live_server + "/lessen/magneten-onderzoeken")
    page.get_by_label("Zoek een les").fill("brug")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken?q=brug")
    expect(page.get_by_role("heading", name="2 lessen met ‘brug’")).to_be_visible()
    assert page.locator("mark", has_text="brug").count() >= 2
    assert_accessible(axe, page)

    page.get_by_label("Groep 1-2").check()
    page.get_by_role("button", name="Toon lessen").click()
    page.wait_for_url("**grade=groep-1-2**")
    expect(page.get_by_role("heading", name="1 les met ‘brug’")).to_be_visible()
    assert page.get_by_label("Groep 1-2").is_checked()
    assert_accessible(axe, page)

    take_away_by_keyboard(page, "Groep 1-2", "2 lessen met ‘brug’")


def test_a_misspelling_gets_a_suggestion_that_finds_the_lesson(page, live_server, axe):
    page.goto(live_server + "/zoeken")
    page.get_by_label("Waar wil je een les over?").fill("magnetn")
    page.get_by_role("button", name="Zoek lessen").click()
    page.wait_for_url("**/zoeken?q=magnetn")
    expect(page.get_by_role("heading", name="0 lessen met ‘magnetn’")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("link", name="magneten").click()
    page.wait_for_url("**/zoeken?q=magneten")
    expect(page.get_by_role("link", name="Wat trekt een magneet aan?")).to_be_visible()


def test_a_lesson_page_offers_more_like_it(page, live_server, axe):
    page.goto(live_server + "/lessen/brug-van-papier")
    similar = page.get_by_role("complementary", name="Meer zoals deze")
    assert similar.is_visible()
    assert_accessible(axe, page)
    similar.get_by_role("link", name="Een brug voor de knuffels").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Een brug voor de knuffels"


def test_on_a_phone_words_that_name_a_group_become_a_chip_the_keyboard_takes_away(
    phone, live_server, axe
):
    phone.goto(live_server + "/zoeken")
    phone.get_by_label("Waar wil je een les over?").fill("brug kleuters")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/zoeken?q=brug+kleuters")
    expect(phone.get_by_role("heading", name="1 les met ‘brug’")).to_be_visible()
    expect(phone.get_by_label("Waar wil je een les over?")).to_have_value("brug")
    expect(phone.get_by_text("Gelezen als filter: ‘kleuters’.")).to_be_visible()
    assert_accessible(axe, phone)

    take_away_by_keyboard(phone, "Groep 1-2", "2 lessen met ‘brug’")
