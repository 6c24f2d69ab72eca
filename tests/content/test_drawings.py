"""SVG drawings: accepted only when they hold nothing but shapes; everything else is refused."""

import pytest

from library.content.drawings import MAX_DRAWING_BYTES, svg_refusal
from library.content.filetypes import refusal, sniff
from tests.helpers.files import DRAWING, webp

MB = 1024 * 1024
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'


def drawing(inner: str) -> bytes:
    return SVG.format(inner).encode()


def test_a_drawing_of_shapes_with_a_title_is_accepted():
    shapes = (
        "<title>Huis</title><desc>Een huis met een dak</desc>"
        '<g transform="translate(1 1) rotate(10)" stroke="#1d3557" stroke-width="0.5">'
        '<rect x="1" y="4" width="6" height="5" fill="#f1faee"/>'
        '<path d="M0 4L4 0L8 4z" fill="#e63946" fill-rule="evenodd"/>'
        '<circle cx="4" cy="6" r="1"/><ellipse cx="2" cy="2" rx="1" ry="0.5"/>'
        '<line x1="0" y1="9" x2="9" y2="9" stroke-linecap="round"/>'
        '<polyline points="0,0 1,1 2,0" fill="none"/><polygon points="0,0 1,1 2,0"/></g>'
        "<!-- a comment is fine -->"
    )
    assert svg_refusal(drawing(shapes)) is None
    assert sniff(drawing(shapes)) == "svg"
    assert refusal("huis.svg", DRAWING, 20 * MB) is None


@pytest.mark.parametrize(
    ("inner", "named"),
    [
        ("<script>alert(1)</script>", "<script>"),
        (
            '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hoi</p></foreignObject>',
            "<foreignObject>",
        ),
        ('<circle r="1" onload="alert(1)"/>', "`onload`"),
        ('<circle r="1" onclick="alert(1)"/>', "`onclick`"),
        ('<image href="https://example.org/x.png"/>', "<image>"),
        ('<a href="javascript:alert(1)"><circle r="1"/></a>', "<a>"),
        ('<use xlink:href="#x"/>', "<use>"),
        ('<circle r="1" xlink:href="https://example.org"/>', "`href`"),
        ('<circle r="1" style="fill:red"/>', "`style`"),
        ('<circle r="1" fill="url(https://example.org/x.svg#p)"/>', "`fill`"),
        ('<circle r="1" fill="url(#p)"/>', "`fill`"),
        ('<circle r="1" fill="red;behavior:x"/>', "`fill`"),
        ("<style>circle { fill: url(https://example.org) }</style>", "<style>"),
        ('<animate attributeName="href" to="javascript:alert(1)"/>', "<animate>"),
        ('<set attributeName="onload" to="alert(1)"/>', "<set>"),
        ('<text x="1">hoi</text>', "<text>"),
        ('<p xmlns="http://www.w3.org/1999/xhtml">html</p>', "<p>"),
    ],
)
def test_anything_but_plain_shapes_is_refused_with_what_and_where(inner, named):
    reason = svg_refusal(drawing(inner))
    assert reason is not None and named in reason and "regel 1" in reason
    assert sniff(drawing(inner)) is None
    assert refusal("tekening.svg", drawing(inner), 20 * MB).startswith("‘tekening.svg’ kan niet:")


def test_doctype_entities_and_processing_instructions_are_refused():
    entity = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "boem">]><svg xmlns="http://www.w3.org/2000/svg"><title>&x;</title></svg>'
    assert "DOCTYPE" in svg_refusal(entity)
    external = (
        b'<!DOCTYPE svg SYSTEM "http://example.org/x.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    assert "DOCTYPE" in svg_refusal(external)
    instruction = drawing('<?xml-stylesheet href="https://example.org/x.css"?><circle r="1"/>')
    assert "verwerkingsinstructies" in svg_refusal(instruction)


def test_broken_oversized_or_foreign_xml_is_refused():
    assert "geen geldige svg" in svg_refusal(b"<svg><rect")
    assert "geen svg-tekening" in svg_refusal(b"<svg/>")  # no SVG namespace
    assert "geen svg-tekening" in svg_refusal(b'<?xml version="1.0"?><html/>')
    big = drawing("<title>" + "x" * MAX_DRAWING_BYTES + "</title>")
    assert "hoogstens 512 KB" in svg_refusal(big)


def test_a_webp_is_an_image_and_a_broken_one_is_not():
    assert sniff(webp()) == "webp"
    assert sniff(webp(b"HTML")) is None
    assert sniff(webp()[:-1]) is None  # the RIFF size says one byte more


def test_an_svg_named_otherwise_is_refused_by_its_name():
    assert "Geef het bestand de extensie .svg" in refusal("tekening.png", DRAWING, 20 * MB)
