"""Teachers' and regions' pages in the browser: keyboard-usable and axe-clean."""

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_overview_by_keyboard_with_a_region_and_axe_clean(page, live_server, axe):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Overzicht").click()
    page.wait_for_url("**/overzicht")
    table = page.get_by_role("table", name="Aantal lessen per wereld van techniek en groep")
    assert table.get_by_role("columnheader", name="Groep 7-8").is_visible()
    assert_accessible(axe, page)
    page.get_by_label("Regio").select_option("STO Regio Utrecht")
    page.get_by_role("button", name="Toon").press("Enter")
    page.wait_for_url("**/overzicht?regio=STO+Regio+Utrecht")
    assert (
        "1 gepubliceerde les uit STO Regio Utrecht" in page.locator(".overview-total").inner_text()
    )
    assert_accessible(axe, page)
