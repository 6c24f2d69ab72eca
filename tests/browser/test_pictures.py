"""Pictures in the browser: a lesson's cover on its card and its page with its alt text, a
world's drawing for a lesson without one, on a desktop and on a 390 px phone, axe-clean."""

from __future__ import annotations

import shutil
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.browser.conftest import assert_accessible, check
from tests.helpers.app import FIXTURES, make_app
from tests.lessons.test_covers import ALT, LESSON

pytestmark = pytest.mark.browser
# The curated foil boat: the picture the cover's alt text describes.
DRAWING = (FIXTURES.parent.parent / "content/lessons/containerschip-laden/omslag.svg").read_bytes()


@pytest.fixture(scope="module")
def pictured_site(tmp_path_factory, migrated_database):
    """The fixture lessons and one lesson with a cover, served in a thread."""
    from library.db import db
    from library.lessons.importer import import_path

    folder = tmp_path_factory.mktemp("pictures")
    lessons = folder / "lessons"
    shutil.copytree(FIXTURES / "lessons", lessons)
    (lessons / "bootjes").mkdir()
    (lessons / "bootjes.md").write_text(LESSON, encoding="utf-8")
    (lessons / "bootjes" / "boot.svg").write_bytes(DRAWING)
    (lessons / "bootjes" / "werkblad.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    database = folder / "library.sqlite3"
    shutil.copy(migrated_database, database)
    app = make_app(folder, database, SERVER_NAME=None)
    with app.app_context():
        import_path(lessons)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def loaded(image) -> bool:
    return image.evaluate("image => image.complete && image.naturalWidth > 0")


def test_the_cover_shows_on_the_card_and_the_lesson_page(page, pictured_site, axe):
    page.goto(pictured_site + "/zoeken?q=folie")
    card = page.locator("article.card", has=page.get_by_role("link", name="Bootjes van folie"))
    cover = card.get_by_role("img", name=ALT)
    expect(cover).to_be_visible()
    assert loaded(cover)
    assert_accessible(axe, page)

    card.get_by_role("link", name="Bootjes van folie").click()
    picture = page.locator(".lesson-header").get_by_role("img", name=ALT)
    expect(picture).to_be_visible()
    assert loaded(picture)
    # Beside the title on a wide screen.
    assert picture.bounding_box()["x"] > page.get_by_role("heading", level=1).bounding_box()["x"]
    assert_accessible(axe, page)


def test_a_lesson_without_cover_shows_its_worlds_drawing(page, pictured_site, axe):
    page.goto(pictured_site + "/lessen?world=wonen-werken-verkeer")
    card = page.locator(
        "article.card", has=page.get_by_role("link", name="De sterkste brug van papier")
    )
    drawing = card.locator("img.world-picture")
    expect(drawing).to_be_visible()
    assert loaded(drawing) and drawing.get_attribute("alt") == ""
    page.goto(pictured_site + "/lessen/brug-van-papier")
    described = page.get_by_role("img", name="Tekening: een auto rijdt over een boogbrug")
    expect(described).to_be_visible()
    assert loaded(described)
    assert_accessible(axe, page)


def test_pictures_fit_a_phone(phone, pictured_site, axe):
    phone.goto(pictured_site + "/zoeken?q=folie")
    check(phone, axe, "1 les met ‘folie’")
    cover = phone.get_by_role("img", name=ALT)
    box = cover.bounding_box()
    assert 80 <= box["width"] <= 200 and abs(box["height"] - box["width"] * 9 / 16) < 2
    phone.goto(pictured_site + "/lessen/bootjes")
    check(phone, axe, "Bootjes van folie")
    box = phone.locator(".lesson-header img").bounding_box()
    assert box["width"] <= 390 - 2 * 16 and box["x"] >= 0
    phone.goto(pictured_site + "/")
    check(phone, axe, "Nieuwste lessen")
