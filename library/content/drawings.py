"""SVG drawings a lesson may carry: plain shapes only, checked against an allow-list.

An SVG file is a document that can run script, load other files and embed HTML, so
a drawing is accepted only when every element and every attribute is on the lists
below: shapes, groups, a title and a description, with presentation attributes whose
values hold numbers, colours and transforms. No script, `foreignObject`, `style`,
event attributes, links (`href`), `url(…)` references, DOCTYPE, entities or
processing instructions: what is left cannot run or fetch anything, wherever it is
opened. Files are refused, never rewritten, so a lesson's file stays what its maker
sent. Parsing (lxml, no entities, no network) and the walk over the tree are linear
in the size, which `MAX_DRAWING_BYTES` bounds.
"""

from __future__ import annotations

import re

from lxml import etree

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
MAX_DRAWING_BYTES = 512 * 1024
ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "title",
        "desc",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
    }
)
ATTRIBUTES = frozenset(
    {
        "id",
        "version",
        "viewBox",
        "width",
        "height",
        "preserveAspectRatio",
        "role",
        "aria-label",
        "aria-hidden",
        "focusable",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "d",
        "points",
        "transform",
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-dasharray",
        "opacity",
    }
)
# Numbers, colours (`#1d4e89`, `none`), keywords and transforms: no `:` for a scheme,
# no `;` or quotes for another declaration, and `url(` is refused on its own.
VALUE_RE = re.compile(r"^[A-Za-z0-9 .,#%()+\-\n\t]*$")
TEXT_ATTRIBUTES = frozenset({"aria-label"})
PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


def looks_like_svg(data: bytes) -> bool:
    """Whether the bytes start like an XML or SVG document (then only `svg_refusal` decides)."""
    start = data[:256].lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith((b"<?xml", b"<svg"))


def svg_refusal(data: bytes) -> str | None:
    """What an SVG file holds that a drawing may not (Dutch, with the line), or None."""
    if len(data) > MAX_DRAWING_BYTES:
        return f"een tekening (svg) mag hoogstens {MAX_DRAWING_BYTES // 1024} KB zijn"
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as error:
        return f"het is geen geldige svg ({error.msg}, regel {error.lineno})"
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        return "een tekening mag geen DOCTYPE of entiteiten hebben"
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        return "het bestand is geen svg-tekening (het begint niet met <svg>)"
    for node in root.iter():
        problem = _node_problem(node)
        if problem:
            return f"{problem} (regel {node.sourceline}); een tekening mag alleen vormen bevatten"
    return None


def _node_problem(node: etree._Element) -> str | None:
    if not isinstance(node.tag, str):
        return "een tekening mag geen verwerkingsinstructies of entiteiten hebben"
    namespace, _, name = node.tag.rpartition("}")
    if namespace.lstrip("{") != SVG_NAMESPACE or name not in ELEMENTS:
        return f"<{name}> mag niet in een tekening"
    for attribute, value in node.attrib.items():
        if attribute.startswith("{") or attribute not in ATTRIBUTES:
            shown = attribute.rpartition("}")[2]
            return f"het attribuut `{shown}` mag niet in een tekening"
        if attribute not in TEXT_ATTRIBUTES and (
            not VALUE_RE.match(value) or "url(" in value.lower()
        ):
            return f"de waarde van `{attribute}` mag alleen getallen, kleuren en vormen bevatten"
    return None
