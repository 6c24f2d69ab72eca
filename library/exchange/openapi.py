"""The OpenAPI description of the JSON API, served at /api/v1/openapi.json.

The hand-written part lives in `data/openapi.yaml`. What the code already knows is added
here, so the description cannot drift from it: the server URL, the search facets with
every value they take (from the vocabularies), the sort orders and the paging limits.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from library.search import query, request
from library.search.facets import FACETS, LONGEST_LESSON, SHORTEST_TIME, facet_values
from library.vocab.loader import Vocabularies

SPEC_FILE = Path(__file__).parent / "data" / "openapi.yaml"


@cache
def _written() -> dict[str, Any]:
    return yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))


def _facet_parameter(facet, vocabularies: Vocabularies) -> dict[str, Any]:
    values = [value.key for value in facet_values(facet, vocabularies)]
    return {
        "name": facet.name,
        "in": "query",
        "description": f"{facet.label}: one or more values (repeat the parameter).",
        "style": "form",
        "explode": True,
        "schema": {"type": "array", "items": {"type": "string", "enum": values}},
    }


def _search_parameters(spec: dict[str, Any], vocabularies: Vocabularies) -> list[dict]:
    """The parameters of GET /lessons: the written ones, limits filled in, and the facets."""
    parameters = spec["components"]["parameters"]
    parameters["q"]["description"] += (
        f"At most {query.MAX_LENGTH} characters and {query.MAX_GROUPS} words."
    )
    parameters["page"]["schema"].update(minimum=1, maximum=request.MAX_PAGE)
    parameters["per_page"]["schema"].update(minimum=1, maximum=request.MAX_PER_PAGE)
    parameters["max_duration"]["schema"].update(minimum=SHORTEST_TIME, maximum=LONGEST_LESSON)
    parameters["sort"] = {
        "name": "sort",
        "in": "query",
        "description": "; ".join(f"`{key}`: {label}" for key, label in request.SORTS.items()),
        "schema": {"type": "string", "enum": list(request.SORTS), "default": "relevance"},
    }
    for facet in FACETS:
        parameters[facet.name] = _facet_parameter(facet, vocabularies)
    names = ["q", *(facet.name for facet in FACETS), "max_duration", "sort", "page", "per_page"]
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def openapi_spec(api_url: str, vocabularies: Vocabularies) -> dict[str, Any]:
    """The complete description, for an API whose base URL is `api_url`."""
    spec = copy.deepcopy(_written())
    spec["servers"] = [{"url": api_url, "description": "This library"}]
    spec["paths"]["/lessons"]["get"]["parameters"] = _search_parameters(spec, vocabularies)
    return spec
