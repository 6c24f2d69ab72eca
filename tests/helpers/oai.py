"""Asking /oai and reading its XML (every response validated against the schemas)."""

from __future__ import annotations

from lxml import etree

from tests.schemas import assert_valid

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "lom": "http://ltsc.ieee.org/xsd/LOM",
    "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}


def oai(client, method: str = "get", **arguments) -> etree._Element:
    """Ask /oai; the response must be OAI-PMH XML that validates."""
    if method == "post":
        response = client.post("/oai", data=arguments)
    else:
        response = client.get("/oai", query_string=arguments)
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert_valid(response.data)
    return etree.fromstring(response.data)


def texts(tree: etree._Element, path: str) -> list[str]:
    return [element.text for element in tree.xpath(path, namespaces=NS)]


def slugs(tree: etree._Element) -> set[str]:
    return {i.rsplit(":", 1)[1] for i in texts(tree, "//oai:header/oai:identifier")}
