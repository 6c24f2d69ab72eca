"""Building XML with the standard library: namespaced elements, text that is always legal
XML 1.0, and serialisation with the namespace prefixes harvesters expect."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

NAMESPACES = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "lom": "http://ltsc.ieee.org/xsd/LOM",
    "oai-identifier": "http://www.openarchives.org/OAI/2.0/oai-identifier",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
SCHEMA_LOCATION = f"{{{NAMESPACES['xsi']}}}schemaLocation"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 does not allow, even escaped (control characters, lone surrogates).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def qname(prefix: str, name: str) -> str:
    # OAI-PMH is the default namespace of a response (see `root`), so its names stay bare.
    return name if prefix == "oai" else f"{{{NAMESPACES[prefix]}}}{name}"


def legal_text(text: str) -> str:
    return _ILLEGAL.sub("", text)


def add(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    """A child element; `tag` is `prefix:name`. Text is stripped of illegal characters."""
    prefix, name = tag.split(":", 1)
    child = ET.SubElement(parent, qname(prefix, name), attrib)
    if text is not None:
        child.text = legal_text(str(text))
    return child


def root(tag: str, schema_location: str | None = None) -> ET.Element:
    prefix, name = tag.split(":", 1)
    element = ET.Element(qname(prefix, name))
    if prefix == "oai":
        # ElementTree's own default-namespace option refuses unprefixed attributes (`verb`,
        # `code`), which OAI-PMH needs; declaring the namespace as an attribute works.
        element.set("xmlns", NAMESPACES["oai"])
    if schema_location:
        element.set(SCHEMA_LOCATION, schema_location)
    return element


def to_bytes(element: ET.Element) -> bytes:
    """The document as UTF-8 with an XML declaration and our namespace prefixes."""
    # The prefixes every OAI-PMH and LOM example uses, so people reading a response
    # recognise them.
    for prefix, uri in NAMESPACES.items():
        if prefix != "oai":
            ET.register_namespace(prefix, uri)
    ET.indent(element)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)
