"""On a phone, by keyboard alone: open a lesson, reach its worksheets, print it; the print
view and the page about both cycles; axe on each."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
# Counts the print dialogs the page opens: the browser fires `beforeprint` for window.print().
COUNT_PRINTS = "window.prints = 0; addEventListener('beforeprint', () => { window.prints += 1; });"


def tab_to(page, name: str, limit: int = 200) -> int:
    """Press Tab until the focused element's text is `name`; the number of Tabs it took."""
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return count
    raise AssertionError(f"{name!r} not reached in {limit} Tabs")


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def follow_on_a_phone(page, start: str, link: str, lands: str) -> None:
    """On a phone: open start, Tab to the link, Enter, and land on a page without sideways
    scrolling."""
    page.set_viewport_size(PHONE)
    page.goto(start)
    tab_to(page, link)
    page.keyboard.press("Enter")
    page.wait_for_url(lands)
    no_sideways_scroll(page)


def test_a_teacher_on_a_phone_opens_a_lesson_reaches_its_worksheets_and_prints(
    page, live_server, axe
):
    page.add_init_script(COUNT_PRINTS)
    start = live_server + "/lessen?q=magneet"
    follow_on_a_phone(page, start, "Wat trekt een magneet aan?", "**/lessen/magneten-onderzoeken")
    expect(page.get_by_role("heading", name="In één oogopslag")).to_be_visible()
    expect(page.locator(".quick-look-list")).to_contain_text("Werkbladen1 bestand")
    expect(
        page.get_by_role("img", name="Onderzoekend leren: een cyclus van 7 fasen")
    ).to_be_visible()
    assert_accessible(axe, page)

    # The buttons come first after the title: a few Tabs from the top of the page.
    assert tab_to(page, "Werkbladen (1)", limit=30) <= 30
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#werkbladen$"))
    expect(page.get_by_role("heading", name="Werkbladen en bijlagen")).to_be_in_viewport()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "werkblad.pdf"

    page.keyboard.press("Shift+Tab")
    tab_back = 0
    while page.evaluate("document.activeElement.textContent.trim()") != "Afdrukken":
        page.keyboard.press("Shift+Tab")
        tab_back += 1
        assert tab_back < 200, "Afdrukken not reached with Shift+Tab"
    page.keyboard.press("Enter")
    page.wait_for_function("window.prints === 1")
    assert page.url.endswith("/lessen/magneten-onderzoeken#werkbladen")  # printed, stayed

    page.emulate_media(media="print")
    expect(page.locator(".lesson-tools")).to_be_hidden()
    expect(page.get_by_role("heading", name="In één oogopslag")).to_be_visible()
    page.emulate_media(media="screen")


def test_the_print_view_prints_by_keyboard_and_lists_the_worksheets(page, live_server, axe):
    page.set_viewport_size(PHONE)
    page.add_init_script(COUNT_PRINTS)
    page.goto(live_server + "/lessen/magneten-onderzoeken/print")
    no_sideways_scroll(page)
    expect(page.get_by_role("link", name="werkblad.pdf")).to_be_visible()
    expect(page.get_by_text("Ctrl")).to_be_hidden()  # the script's button replaces the hint
    assert_accessible(axe, page)
    tab_to(page, "Afdrukken", limit=10)
    page.keyboard.press("Enter")
    page.wait_for_function("window.prints === 1")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    expect(page.get_by_role("heading", name="Werkbladen en bijlagen")).to_be_visible()


def test_without_javascript_afdrukken_opens_the_print_view(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server + "/lessen/magneten-onderzoeken")
    tab_to(page, "Afdrukken", limit=30)
    page.keyboard.press("Enter")
    page.wait_for_url("**/lessen/magneten-onderzoeken/print")
    expect(page.get_by_text("Gebruik Ctrl+P")).to_be_visible()
    expect(page.get_by_role("button", name="Afdrukken")).to_have_count(0)
    context.close()


def test_the_cycles_page_from_the_lesson_by_keyboard(page, live_server, axe):
    link = "Wat betekenen deze fasen? Over onderzoekend en ontwerpend leren"
    start = live_server + "/lessen/brug-van-papier"
    follow_on_a_phone(page, start, link, "**/onderzoekend-en-ontwerpend-leren")
    expect(page.get_by_role("img", name="Ontwerpend leren: een cyclus van 7 fasen")).to_be_visible()
    assert_accessible(axe, page)
    example = page.locator("#ontwerpend-confrontatie").get_by_role("link").first
    expect(example).to_have_text("De sterkste brug van papier")
    tab_to(page, "De sterkste brug van papier")
    page.keyboard.press("Enter")
    page.wait_for_url("**/lessen/brug-van-papier#fase-confrontatie")
    expect(page.locator("#fase-confrontatie")).to_be_in_viewport()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server + "/onderzoekend-en-ontwerpend-leren")
    assert_accessible(axe, page)
