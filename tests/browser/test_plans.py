"""Year plans in the browser: every page by keyboard, on a phone, and axe-clean."""

from __future__ import annotations

import pytest

from tests.browser.conftest import check

pytestmark = pytest.mark.browser


def test_the_school_weeks_of_a_region_by_keyboard_and_on_a_phone(page, phone, live_server, axe):
    page.goto(live_server + "/plannen/schoolweken")
    check(page, axe, "Schoolweken en vakanties")
    page.get_by_label("Vakantieregio").select_option("noord")
    page.get_by_label("Schooljaar").select_option("2027-2028")
    page.get_by_role("button", name="Toon").press("Enter")
    page.wait_for_url("**regio=noord&schooljaar=2027-2028")
    check(page, axe, "Regio noord, schooljaar 2027-2028")
    phone.goto(live_server + "/plannen/schoolweken?regio=zuid")
    check(phone, axe, "Schoolweken en vakanties")
