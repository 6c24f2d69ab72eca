"""A lesson's cover: named in its file, checked on import, carried by export, ZIP, API and
JSON-LD, served as an image that cannot run as a page."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from lxml import html

from library.lessons.models import Lesson
from tests.helpers.files import DRAWING
from tests.helpers.lessons import count

ALT = "Een bootje van aluminiumfolie met knikkers erin drijft in een bak water."
LESSON = f"""---
title: Bootjes van folie
summary: Wie bouwt het bootje dat de meeste knikkers draagt?
kind: ontwerpend
worlds: [wonen-werken-verkeer]
grades: [groep-5-6]
attachments: [boot.svg, werkblad.pdf]
cover: boot.svg
cover_alt: {ALT}
---
## Probleem vaststellen

Hoeveel knikkers draagt een bootje van folie?
"""


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "covers"
    (root / "bootjes").mkdir(parents=True)
    (root / "bootjes.md").write_text(LESSON, encoding="utf-8")
    (root / "bootjes" / "boot.svg").write_bytes(DRAWING)
    (root / "bootjes" / "werkblad.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    return root


@pytest.fixture
def covered(app, runner, folder):
    result = runner.invoke(args=["content", "import", str(folder)])
    assert result.exit_code == 0, result.output
    return app


COVER_URL = "http://bieb.test/lessen/bootjes/bijlagen/boot.svg"


def test_the_api_gives_the_cover_as_the_lessons_image(covered, client):
    data = client.get("/api/v1/lessons/bootjes").get_json()
    assert data["image"] == {"url": COVER_URL, "alt": ALT, "kind": "cover"}
    (hit,) = client.get("/api/v1/lessons?q=folie").get_json()["results"]
    assert hit["image"] == data["image"]


def test_json_ld_names_the_cover_as_image(covered, client):
    page = client.get("/lessen/bootjes").get_data(as_text=True)
    (script,) = html.fromstring(page).xpath("//head/script[@type='application/ld+json']")
    assert json.loads(script.text)["image"] == {
        "@type": "ImageObject",
        "contentUrl": COVER_URL,
        "url": COVER_URL,
        "description": ALT,
    }


def test_an_svg_cover_is_served_as_an_image_in_a_sandbox(covered, client):
    response = client.get("/lessen/bootjes/bijlagen/boot.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.data == DRAWING
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = response.headers["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy


def test_export_and_zip_carry_the_cover(covered, client, runner, tmp_path):
    exported = tmp_path / "export"
    runner.invoke(args=["content", "export", str(exported)])
    text = (exported / "bootjes.md").read_text(encoding="utf-8")
    assert f"cover: boot.svg\ncover_alt: {ALT}\n" in text
    assert (exported / "bootjes" / "boot.svg").read_bytes() == DRAWING
    bundle = zipfile.ZipFile(io.BytesIO(client.get("/lessen/bootjes/download").data))
    assert "cover: boot.svg" in bundle.read("lesson.md").decode()
    assert bundle.read("lesson/boot.svg") == DRAWING
    # The offline page shows the cover from the ZIP's own folder.
    page = html.fromstring(bundle.read("lesson.html").decode())
    (cover,) = page.xpath("//img[@alt=$alt]", alt=ALT)
    assert cover.get("src") == "lesson/boot.svg"


def test_a_cover_that_is_missing_or_no_image_is_named_with_file_and_line(app, runner, folder):
    lesson = folder / "bootjes.md"
    lesson.write_text(LESSON.replace("cover: boot.svg", "cover: werkblad.pdf"), encoding="utf-8")
    result = runner.invoke(args=["content", "import", str(folder)])
    assert result.exit_code == 1
    assert f"{lesson}:8: `cover` `werkblad.pdf` is geen afbeelding" in result.output
    lesson.write_text(LESSON.replace("cover: boot.svg", "cover: foto.jpg"), encoding="utf-8")
    result = runner.invoke(args=["content", "import", str(folder)])
    assert f"{lesson}:8: `cover` `foto.jpg` is niet een van de bijlagen" in result.output
    lesson.write_text(LESSON, encoding="utf-8")
    (folder / "bootjes" / "boot.svg").write_bytes(DRAWING.replace(b"<title>", b"<script/><title>"))
    result = runner.invoke(args=["content", "import", str(folder)])
    assert (
        f"{lesson}:7: bijlage `boot.svg`: ‘boot.svg’ kan niet: <script> mag niet" in result.output
    )
    assert count(Lesson) == 0


def only(page, xpath, **values):
    (element,) = html.fromstring(page).xpath(xpath, **values)
    return element


def test_cards_the_lesson_page_and_the_print_view_show_the_cover_with_its_alt_text(covered, client):
    results = client.get("/zoeken?q=folie").get_data(as_text=True)
    card = only(results, "//article[contains(@class, 'card')]//img")
    assert (card.get("src"), card.get("alt")) == ("/lessen/bootjes/bijlagen/boot.svg", ALT)
    assert (card.get("width"), card.get("height"), card.get("loading")) == ("320", "180", "lazy")
    page = client.get("/lessen/bootjes").get_data(as_text=True)
    picture = only(page, "//header[@class='lesson-header']/img")
    assert (picture.get("src"), picture.get("alt"), picture.get("loading")) == (
        "/lessen/bootjes/bijlagen/boot.svg",
        ALT,
        None,
    )
    printed = client.get("/lessen/bootjes/print").get_data(as_text=True)
    assert only(printed, "//main/img").get("alt") == ALT


def test_a_lesson_without_cover_shows_its_worlds_illustration(imported, client):
    # brug-van-papier: Wonen, Werken & Verkeer, no cover.
    world = "/static/worlds/wonen-werken-verkeer.svg"
    results = client.get("/zoeken?q=papier").get_data(as_text=True)
    card = only(results, "//article[.//a[@href='/lessen/brug-van-papier']]//img")
    # Decorative on the card, where the world is named beside it.
    assert (card.get("src"), card.get("alt"), card.get("aria-hidden")) == (world, "", "true")
    assert client.get(world).mimetype == "image/svg+xml"
    page = client.get("/lessen/brug-van-papier").get_data(as_text=True)
    picture = only(page, "//header[@class='lesson-header']/img")
    assert picture.get("src") == world
    assert picture.get("alt").startswith("Tekening: een auto rijdt over een boogbrug")
    data = client.get("/api/v1/lessons/brug-van-papier").get_json()
    assert data["image"] == {
        "url": f"http://bieb.test{world}",
        "alt": picture.get("alt"),
        "kind": "world",
    }
    home = client.get("/").get_data(as_text=True)
    assert html.fromstring(home).xpath("//article[contains(@class, 'card')]//img[@src=$w]", w=world)
