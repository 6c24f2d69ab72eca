"""A teacher with a keyboard and a screen: home -> a world -> a lesson, accessible on every page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_teacher_follows_a_world_and_opens_a_lesson(page, live_server, axe):
    page.goto(live_server + "/")
    assert page.title() == "Welkom · Techniekbieb"
    assert_accessible(axe, page)

    page.get_by_role("link", name="Wonen, Werken & Verkeer").click()
    page.wait_for_url("**/lessen?world=wonen-werken-verkeer")
    expect(page.get_by_role("heading", name="2 lessen")).to_be_visible()
    assert_accessible(axe, page)

    page.get_by_role("link", name="De sterkste brug van papier").click()
    assert page.get_by_role("heading", level=1).inner_text() == "De sterkste brug van papier"
    assert page.locator(".cycle-list li.covered").count() == 5
    assert_accessible(axe, page)


def test_keyboard_reaches_the_content_and_the_search(page, live_server, axe):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.keyboard.press("Enter")
    page.get_by_label("Waar wil je een les over?").fill("magneet")
    page.keyboard.press("Enter")
    page.wait_for_url("**/lessen?q=magneet")
    expect(page.get_by_role("heading", name="1 les met ‘magneet’")).to_be_visible()


def test_filter_form_and_error_page_are_accessible(page, live_server, axe):
    page.goto(live_server + "/lessen")
    page.get_by_label("Groep 1-2").check()
    page.get_by_role("button", name="Toon lessen").click()
    expect(page.get_by_role("link", name="Een brug voor de knuffels")).to_be_visible()
    assert_accessible(axe, page)
    page.goto(live_server + "/lessen/bestaat-niet")
    assert page.get_by_role("heading", level=1).inner_text() == "Deze pagina bestaat niet"
    assert_accessible(axe, page)


def test_lesson_page_prints_without_site_navigation(page, live_server):
    page.goto(live_server + "/lessen/magneten-onderzoeken")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    expect(page.get_by_role("heading", name="Materialen")).to_be_visible()


def test_a_lesson_with_a_word_list_is_accessible_on_desktop_and_on_a_phone(page, live_server, axe):
    for path in ("/lessen/magneten-onderzoeken", "/lessen/magneten-onderzoeken/print"):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server + path)
        expect(page.get_by_role("heading", name="Woordenschat")).to_be_visible()
        assert page.locator(".glossary dt").all_inner_texts() == ["magneet", "aantrekken"]
        expect(page.get_by_text("Deel van de cyclus:")).to_be_visible()
        assert_accessible(axe, page)

        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        # Nothing sideways to scroll; each explanation stands under its word, full width.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        word = page.locator(".glossary dt").first.bounding_box()
        meaning = page.locator(".glossary dd").first.bounding_box()
        assert meaning["y"] >= word["y"] + word["height"] - 1, path
        assert meaning["width"] > 300, path
        assert_accessible(axe, page)


def test_the_word_list_prints(page, live_server):
    page.goto(live_server + "/lessen/magneten-onderzoeken")
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name="Woordenschat")).to_be_visible()
    expect(page.get_by_role("heading", name="Zinsstarters")).to_be_visible()
    expect(page.get_by_text("De magneet trekt ... aan, omdat ...")).to_be_visible()


def test_axe_does_report_violations(page, axe):
    """Guards the checks above: an unlabeled field and an image without alt are caught."""
    page.set_content('<html lang="nl"><body><main><input><img src="x.png"></main></body></html>')
    with pytest.raises(AssertionError):
        assert_accessible(axe, page)
