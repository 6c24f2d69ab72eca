"""Open exchange: OAI-PMH (oai_dc and NL-LOM) for Edurep and other libraries, harvesting
other installations, schema.org JSON-LD on lesson pages and the OpenAPI description."""
