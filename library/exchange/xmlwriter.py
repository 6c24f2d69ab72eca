"""Building XML with lxml: namespaced elements, text that is always legal XML 1.0, and
serialisation with the namespace prefixes harvesters and feed readers expect.

The one place the library writes XML (OAI-PMH responses with their Dublin Core and NL-LOM
records, Atom feeds), so escaping, prefixes and the XML declaration are the same in each.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from lxml import etree

Element: TypeAlias = etree._Element

NAMESPACES = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "lom": "http://ltsc.ieee.org/xsd/LOM",
    "oai-identifier": "http://www.openarchives.org/OAI/2.0/oai-identifier",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "atom": "http://www.w3.org/2005/Atom",
}
# A document in one of these is written without prefixes (`<OAI-PMH>`, `<feed>`), as every
# OAI-PMH response and Atom feed is; the others keep the prefixes every OAI-PMH and LOM
# example uses, so people reading a response recognise them.
DEFAULT_NAMESPACES = frozenset({"oai", "atom"})
# Declared in the order of their prefixes, as responses have always been written.
_PREFIXED = {
    prefix: NAMESPACES[prefix] for prefix in sorted(NAMESPACES) if prefix not in DEFAULT_NAMESPACES
}
SCHEMA_LOCATION = f"{{{NAMESPACES['xsi']}}}schemaLocation"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 does not allow, even escaped (control characters, lone surrogates).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def qname(tag: str) -> str:
    """`prefix:name` as lxml's `{namespace}name`."""
    prefix, name = tag.split(":", 1)
    return f"{{{NAMESPACES[prefix]}}}{name}"


def legal_text(text: str) -> str:
    return _ILLEGAL.sub("", text)


def legal_attributes(attributes: dict[str, str]) -> dict[str, str]:
    """The attributes with their values stripped of characters XML cannot hold."""
    return {name: legal_text(value) for name, value in attributes.items()}


def add(parent: Element, tag: str, text: str | None = None, **attrib: str) -> Element:
    """A child element; `tag` is `prefix:name`. Text is stripped of illegal characters."""
    child = etree.SubElement(parent, qname(tag), legal_attributes(attrib))
    if text is not None:
        child.text = legal_text(str(text))
    return child


def root(tag: str, schema_location: str | None = None, **attrib: str) -> Element:
    """The top element of a document, or of a record that goes inside one."""
    prefix = tag.split(":", 1)[0]
    nsmap: dict[str | None, str] = dict(_PREFIXED)
    if prefix in DEFAULT_NAMESPACES:
        nsmap[None] = NAMESPACES[prefix]
    element = etree.Element(qname(tag), legal_attributes(attrib), nsmap=nsmap)
    if schema_location:
        element.set(SCHEMA_LOCATION, schema_location)
    return element


def to_bytes(element: Element, *, indent: bool = True) -> bytes:
    """The document as UTF-8 with an XML declaration, every namespace it uses declared once
    on its top element (and none it does not use); indented unless `indent` is false."""
    etree.cleanup_namespaces(element, top_nsmap=_PREFIXED)
    if indent:
        etree.indent(element)
    return etree.tostring(element, encoding="utf-8", xml_declaration=True)
