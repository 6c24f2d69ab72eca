"""History, comparison, family tree and print pages: keyboard-usable and axe-clean."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_from_a_fork_to_its_comparison_family_and_history(page, live_server, axe):
    page.goto(live_server + "/lessen/brug-voor-kleuters")
    page.get_by_role("link", name="Vergelijk met origineel").click()
    expect(page.get_by_role("heading", name="Vergelijk met origineel")).to_be_visible()
    assert_accessible(axe, page)
    page.go_back()
    page.get_by_role("link", name="Stamboom").click()
    expect(page.get_by_role("heading", name="Stamboom")).to_be_visible()
    assert_accessible(axe, page)
    page.goto(live_server + "/lessen/brug-voor-kleuters/versies")
    assert_accessible(axe, page)
    page.goto(live_server + "/lessen/brug-voor-kleuters/versies/1")
    assert_accessible(axe, page)


def test_print_view_is_accessible_and_download_starts(page, live_server, axe):
    page.goto(live_server + "/lessen/magneten-onderzoeken/print")
    assert_accessible(axe, page)
    page.goto(live_server + "/lessen/magneten-onderzoeken")
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden (ZIP)").click()
    assert download.value.suggested_filename == "magneten-onderzoeken-v1.zip"
