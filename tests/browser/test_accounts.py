"""The account lifecycle in Chromium on a 390 px phone, by keyboard where a person types:
register, confirm from the mail, log out, forget the password, reset it from the mail and
log in with the new one, then move to another address, download everything and leave. Every new page is axe-clean and fits the screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check
from tests.helpers.mailbox import links
from tests.helpers.web import PASSWORD

pytestmark = pytest.mark.browser

EMAIL = "fenna@basisschool.nl"
NEW = "een heel nieuwe zin voor fenna"


def type_into(page, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def press(page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).focus()
    page.keyboard.press("Enter")


def log_in(page, site: str, password: str) -> None:
    page.goto(site + "/inloggen")
    type_into(page, "E-mailadres", EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/account$"))


def test_register_confirm_forget_and_reset_on_a_phone(phone, live_server, axe, mail_server):
    page = phone
    page.goto(live_server + "/registreren")
    check(page, axe, "Account maken")
    type_into(page, "Naam", "Fenna Fransen")
    type_into(page, "E-mailadres", EMAIL)
    type_into(page, "Wachtwoord", PASSWORD)
    type_into(page, "Wachtwoord nog een keer", PASSWORD)
    press(page, "Account maken")
    check(page, axe, "Kijk in je mail")

    page.goto(links(mail_server.last(EMAIL))[0])
    check(page, axe, "E-mailadres bevestigen")
    press(page, "Ja, dit is mijn e-mailadres")
    expect(page.get_by_text("Je e-mailadres is bevestigd.")).to_be_visible()

    log_in(page, live_server, PASSWORD)
    check(page, axe, "Mijn account")
    expect(page.get_by_role("button", name="Overal uitloggen")).to_be_visible()
    expect(page.get_by_text("Bevestig je e-mailadres")).to_have_count(0)
    press(page, "Uitloggen")
    expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()

    page.goto(live_server + "/inloggen")
    page.get_by_role("link", name="Wachtwoord vergeten?").focus()
    page.keyboard.press("Enter")
    check(page, axe, "Wachtwoord vergeten?")
    type_into(page, "E-mailadres", EMAIL)
    page.keyboard.press("Enter")
    check(page, axe, "Kijk in je mail")

    reset_link = links(mail_server.last(EMAIL))[0]
    assert "/wachtwoord-kiezen/" in reset_link
    page.goto(reset_link)
    check(page, axe, "Nieuw wachtwoord kiezen")
    type_into(page, "Nieuw wachtwoord", NEW)
    page.keyboard.press("Tab")
    page.keyboard.type(NEW)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Je nieuwe wachtwoord is opgeslagen.")).to_be_visible()
    assert mail_server.last(EMAIL)["Subject"] == "Je wachtwoord is gewijzigd"

    # A wrong password first: the account page then tells about it.
    page.goto(live_server + "/inloggen")
    type_into(page, "E-mailadres", EMAIL)
    type_into(page, "Wachtwoord", PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("horen niet bij elkaar")).to_be_visible()
    log_in(page, live_server, NEW)
    check(page, axe, "Mijn account")
    expect(page.get_by_role("heading", name="Mislukte inlogpogingen")).to_be_visible()

    page.get_by_role("link", name="Wijzigen (e-mailadres)").click()
    check(page, axe, "E-mailadres wijzigen")
    type_into(page, "Nieuw e-mailadres", "fenna@andere-school.nl")
    type_into(page, "Je wachtwoord", NEW)
    page.keyboard.press("Enter")
    check(page, axe, "Kijk in je mail")
    page.goto(links(mail_server.last("fenna@andere-school.nl"))[0])
    check(page, axe, "Nieuw e-mailadres bevestigen")
    press(page, "Ja, gebruik dit adres")
    expect(page.get_by_text("Je e-mailadres is nu fenna@andere-school.nl.")).to_be_visible()

    page.goto(reset_link)
    check(page, axe, "Deze link werkt niet")

    page.goto(live_server + "/account")
    page.get_by_role("link", name=re.compile("^Mijn gegevens")).click()
    check(page, axe, "Mijn gegevens")
    with page.expect_download() as download:
        page.get_by_role("link", name="Mijn gegevens downloaden (ZIP)").click()
    assert download.value.suggested_filename.endswith(".zip")
    page.get_by_label("Zet er “anoniem” neer").check()
    type_into(page, "Je wachtwoord", NEW)
    page.get_by_label(re.compile("^Ik begrijp dat mijn account")).check()
    press(page, "Mijn account verwijderen")
    expect(page.get_by_text("Je account is verwijderd.")).to_be_visible()
