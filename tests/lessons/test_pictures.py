"""The pictures the library ships: seven world illustrations and the curated lessons' covers,
all drawings of shapes only, and a picture for every curated lesson."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from library.content.drawings import svg_refusal
from library.content.format import parse_lesson
from library.lessons.importer import find_lesson_files
from library.lessons.pictures import world_illustration
from library.vocab.loader import load_vocabularies

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "library" / "static"
CURATED = ROOT / "content" / "lessons"
SHIPPED = sorted([*STATIC.rglob("*.svg"), *CURATED.rglob("*.svg")])
SVG = "{http://www.w3.org/2000/svg}"
vocabularies = load_vocabularies()


def curated_lessons():
    for path in find_lesson_files(CURATED):
        document, problems = parse_lesson(
            path.read_text(encoding="utf-8"), str(path), vocabularies, default_slug=path.stem
        )
        assert not problems, problems
        yield path, document


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_shipped_drawing_is_plain_shapes_with_a_title(path):
    data = path.read_bytes()
    assert svg_refusal(data) is None
    root = etree.fromstring(data)
    names = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert not names & {"script", "foreignObject", "style", "image", "use", "a", "iframe"}
    for element in root.iter():
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), (path, attribute)
            assert "href" not in attribute and "url(" not in value and "//" not in value
    assert root.get("viewBox") == "0 0 320 180"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text.startswith("Tekening: ")


def test_each_world_has_its_illustration_with_the_same_alt_text_as_its_title():
    assert len(vocabularies.worlds) == 7
    for world in vocabularies.worlds:
        path = STATIC / world_illustration(world.key)
        title = etree.parse(str(path)).getroot().find(f"{SVG}title").text
        assert world.get("illustration_alt") == title, world.key


def test_every_curated_lesson_has_a_cover_or_its_worlds_illustration():
    without_picture = []
    for path, document in curated_lessons():
        meta = document.metadata
        if "cover" in meta:
            cover = path.with_suffix("") / meta["cover"]
            assert cover.is_file() and meta["cover_alt"], path
            continue
        if not (STATIC / world_illustration(meta["worlds"][0])).is_file():
            without_picture.append(path.name)
    assert without_picture == []


# The one flat style's colours: outlines, shapes, and the pale backgrounds and grounds.
PALETTE = {
    "#1d2330", "#ffffff",  # ink, white
    "#c8553d", "#e07a3f", "#f2b134",  # red, orange, yellow
    "#5a9e4b", "#3f7a34", "#2a9d8f",  # green, dark green, teal
    "#0b5c8e", "#6fa8d6", "#dcebf5", "#6c5b9e",  # blue, water, glass, purple
    "#aab4c0", "#dde2e8",  # metal, light metal
    "#8a5a3b", "#d9b48f", "#f4d3a8", "#e8b98a", "#f4e9d8",  # earth, roots, skin, wood, sand
    "#fbe9e7", "#f3cfc9", "#e3f0f8", "#eef5e4", "#f4ede0",  # backgrounds and grounds
    "#efeaf6", "#ddd3ec", "#e8ecf5", "#d3d9e8",
}  # fmt: skip


def test_the_drawings_keep_one_palette_and_outline():
    for path in SHIPPED:
        text = path.read_text()
        colours = set(re.findall(r'(?:fill|stroke)="([^"]*)"', text)) - {"none"}
        assert colours <= PALETTE, (path.name, colours - PALETTE)
        assert 'stroke="#1d2330" stroke-width="3"' in text, path.name
