"""Adapting a lesson in Chromium on a 390 px phone by keyboard alone: a visitor asks to
adapt a lesson, registers instead of logging in, confirms from the mail, logs in and lands
back on the lesson; she adapts it, saves it unchanged (the browser sends CRLF and its own
order of lists) and the comparison with the original shows no false changes. Every page is
axe-clean and needs no sideways scrolling, the overview too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check
from tests.helpers.mailbox import links
from tests.helpers.web import PASSWORD

pytestmark = pytest.mark.browser

EMAIL = "noor@obs-dewieken.nl"
LESSON = "/lessen/magneten-onderzoeken"


def tab_to(page, role: str, name: str, *, backwards: bool = False, limit: int = 200) -> None:
    """Press Tab (or Shift+Tab) until the named link or button has the focus."""
    target = page.get_by_role(role, name=name, exact=True).first
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{role} {name!r} not reached by {key}")


def type_into(page, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def test_adapt_a_lesson_after_registering_and_compare_it_without_false_changes(
    phone, live_server, axe, mail_server
):
    page = phone
    page.goto(live_server + LESSON)
    tab_to(page, "link", "Aanpassen voor mijn klas (eerst inloggen)")
    page.keyboard.press("Enter")
    check(page, axe, "Inloggen")
    tab_to(page, "link", "Maak een account aan")
    page.keyboard.press("Enter")
    check(page, axe, "Account maken")
    expect(page.get_by_text("kom je terug waar je was")).to_be_visible()
    type_into(page, "Naam", "Noor Nijland")
    type_into(page, "E-mailadres", EMAIL)
    type_into(page, "Wachtwoord", PASSWORD)
    type_into(page, "Wachtwoord nog een keer", PASSWORD)
    tab_to(page, "button", "Account maken")
    page.keyboard.press("Enter")
    check(page, axe, "Kijk in je mail")

    page.goto(links(mail_server.last(EMAIL))[0])
    check(page, axe, "E-mailadres bevestigen")
    tab_to(page, "button", "Ja, dit is mijn e-mailadres", backwards=True)
    page.keyboard.press("Space")
    expect(page.get_by_text("Je e-mailadres is bevestigd.")).to_be_visible()
    check(page, axe, "Inloggen")
    type_into(page, "E-mailadres", EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + LESSON)
    check(page, axe, "Wat trekt een magneet aan?")

    tab_to(page, "button", "Aanpassen voor mijn klas")
    page.keyboard.press("Space")
    expect(page.get_by_text("staat klaar als concept")).to_be_visible()
    slug = re.search(r"/lessen/([^/]+)/bewerken", page.url).group(1)
    tab_to(page, "button", "Opslaan")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/werkversie$"))

    page.goto(f"{live_server}/lessen/{slug}")
    check(page, axe, "Wat trekt een magneet aan?")
    expect(page.get_by_text("Dit is een concept: alleen jij kunt het zien.")).to_be_visible()
    tab_to(page, "link", "Vergelijk met origineel")
    page.keyboard.press("Enter")
    check(page, axe, "Vergelijk met origineel")
    statuses = page.locator(".diff-status").all_inner_texts()
    assert statuses and set(statuses) == {"ongewijzigd"}, statuses
    changed = page.locator(".diff-fields tbody th").all_inner_texts()
    assert set(changed) <= {"Makers", "Organisatie", "Regio"}, changed
    text = page.locator("main").inner_text()
    assert "magneten-onderzoeken@" not in text
    assert "De versie waar je van uitging" in text and "Nu" in text


def test_the_overview_fits_a_phone(phone, live_server, axe):
    phone.goto(live_server + "/overzicht")
    check(phone, axe, "Overzicht van de lessen")
    phone.goto(live_server + "/overzicht?regio=Techniek+Twente")
    check(phone, axe, "Overzicht van de lessen")
