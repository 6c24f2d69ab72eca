"""A teacher finds a lesson by keyboard alone (Tab, Shift+Tab, Enter, Space), on a phone
and on a desktop, with and without JavaScript: quick choices, the filter panel, the skip
link to the results; axe-clean with the panel open and closed."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
FOCUSED = """() => {
  const element = document.activeElement;
  const label = element.labels && element.labels.length ? element.labels[0] : element;
  return label.textContent.replace(/\\s+/g, " ").trim();
}"""


def focused(page) -> str:
    """What the element with the keyboard focus says (a checkbox: its label)."""
    return page.evaluate(FOCUSED)


def press_until(page, key: str, wanted: str, limit: int = 80) -> int:
    """Press a key until the focused element says `wanted` exactly; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if focused(page) == wanted:
            return presses
    raise AssertionError(f"{key} × {limit} never reached {wanted!r}; last: {focused(page)!r}")


def choose(page, key: str, wanted: str, lands_on: str) -> None:
    """Move the focus to `wanted` with `key`, press Enter and wait for the page it opens."""
    press_until(page, key, wanted)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(lands_on))


def phone(browser, javascript: bool = True):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, java_script_enabled=javascript)
    return context, context.new_page()


def test_on_a_phone_a_keyboard_finds_a_short_easy_lesson_for_groep_5_6_and_opens_it(
    browser, live_server, axe
):
    context, page = phone(browser)
    page.goto(live_server + "/zoeken")
    # Results first: the first lesson starts on the first screen, the filters wait folded.
    first = page.locator("ol.results > li").first
    assert first.bounding_box()["y"] < PHONE["height"]
    expect(page.locator("#filters")).not_to_have_attribute("open", "")
    assert_accessible(axe, page)

    choose(page, "Tab", "Groep 5-6", r"grade=groep-5-6#resultaten$")
    # Back up to the time a teacher has, with Shift+Tab from the results.
    expect(page.get_by_role("heading", name="1 les", exact=True)).to_be_visible()
    choose(page, "Shift+Tab", "een uur", r"max_duration=60#resultaten$")

    # The panel opens with Space; Enter on a box ticks it and shows the lessons.
    press_until(page, "Shift+Tab", "Filters (2 gekozen)")
    page.keyboard.press("Space")
    expect(page.locator("#filters")).to_have_attribute("open", "")
    assert_accessible(axe, page)
    choose(
        page,
        "Tab",
        "Laag: geen technische voorkennis nodig (1 les)",
        r"threshold=laag.*#resultaten$",
    )
    expect(page.get_by_role("heading", name="1 les", exact=True)).to_be_in_viewport()
    assert page.get_by_label("Laag: geen technische voorkennis nodig").is_checked()
    expect(page.locator("#filters > summary")).to_have_text("Filters (3 gekozen)")

    press_until(page, "Tab", "Wat trekt een magneet aan?")
    page.keyboard.press("Enter")
    page.wait_for_url("**/lessen/magneten-onderzoeken")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat trekt een magneet aan?")
    context.close()


def test_closing_the_panel_applies_what_was_ticked(browser, live_server):
    context, page = phone(browser)
    page.goto(live_server + "/lessen")
    press_until(page, "Tab", "Filters")
    page.keyboard.press("Enter")
    press_until(page, "Tab", "Groep 1-2 (1 les)")
    page.keyboard.press("Space")
    press_until(page, "Tab", "Groep 7-8 (1 les)")
    page.keyboard.press("Space")
    choose(page, "Shift+Tab", "Filters", r"/lessen\?grade=groep-1-2&grade=groep-7-8#resultaten$")
    expect(page.get_by_role("heading", name="2 lessen", exact=True)).to_be_visible()
    context.close()


def test_enter_on_a_ticked_filter_box_takes_the_filter_away(page, live_server):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server + "/lessen?grade=groep-1-2")
    box = page.get_by_label("Groep 1-2 (1 les)")
    box.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/lessen\??#resultaten$"))
    expect(page.get_by_role("heading", name="3 lessen", exact=True)).to_be_visible()
    assert not page.get_by_label("Groep 1-2 (1 les)").is_checked()


def test_on_a_desktop_the_skip_link_passes_every_filter(page, live_server, axe):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server + "/zoeken?q=brug")
    # The panel stands open beside the results.
    expect(page.get_by_label("Groep 1-2 (1 les)")).to_be_visible()
    assert_accessible(axe, page)
    first = page.locator("ol.results h3 a").first.inner_text()
    assert press_until(page, "Tab", "Naar de resultaten") == 1
    page.keyboard.press("Enter")
    expect(page.locator("#resultaten")).to_be_focused()
    in_filters = []
    while focused(page) != first and len(in_filters) < 10:
        page.keyboard.press("Tab")
        in_filters.append(page.evaluate("document.activeElement.closest('.filters') !== null"))
    assert focused(page) == first and not any(in_filters)


def test_without_javascript_the_keyboard_still_filters(browser, live_server):
    # (axe runs as a script, so the pages' markup is checked in the tests with JavaScript.)
    context, page = phone(browser, javascript=False)
    page.goto(live_server + "/lessen")
    choose(page, "Tab", "Zonder technische voorkennis", r"threshold=laag#resultaten$")
    expect(page.get_by_role("heading", name="2 lessen", exact=True)).to_be_visible()
    press_until(page, "Shift+Tab", "Filters (1 gekozen)")
    page.keyboard.press("Enter")
    press_until(page, "Tab", "Groep 1-2 (1 les)")
    page.keyboard.press("Space")
    choose(page, "Tab", "Toon lessen", r"grade=groep-1-2&threshold=laag#resultaten$")
    expect(page.get_by_role("link", name="Een brug voor de knuffels")).to_be_visible()
    context.close()


@pytest.mark.parametrize("path", ["/zoeken?q=brug", "/lessen?grade=groep-1-2"])
def test_search_pages_are_accessible_on_a_phone_with_the_panel_open_and_closed(
    browser, live_server, axe, path
):
    context, page = phone(browser)
    page.goto(live_server + path)
    assert_accessible(axe, page)
    page.locator("#filters > summary").press("Enter")
    expect(page.locator("#filters")).to_have_attribute("open", "")
    assert_accessible(axe, page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
