"""Validating the library's XML against the shipped schemas (see README.md here)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).parent


class _LocalSchemas(etree.Resolver):
    """Serve the one remote schema a shipped schema imports (W3C's xml.xsd) from disk."""

    def resolve(self, url, pubid, context):
        if url.endswith("/xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


@cache
def _schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def schema_errors(document: bytes, schema: str = "all.xsd") -> list[str]:
    """What the schema finds wrong with the document; empty when it is valid."""
    validator = _schema(schema)
    valid = validator.validate(etree.fromstring(document))
    return [] if valid else [f"line {e.line}: {e.message}" for e in validator.error_log]


def assert_valid(document: bytes, schema: str = "all.xsd") -> None:
    errors = schema_errors(document, schema)
    assert errors == [], "\n".join(errors)
