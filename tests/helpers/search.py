"""Asking the search service as the search page does."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from library.search import service
from library.search.request import parse_request
from library.vocab.loader import get_vocabularies


def run(query: str = "", **params) -> service.SearchResult:
    args = MultiDict({"q": query, **{k: v for k, v in params.items() if not isinstance(v, list)}})
    for name, values in params.items():
        if isinstance(values, list):
            args.setlist(name, values)
    return service.search(parse_request(args, get_vocabularies(), per_page=50))


def slugs(query: str = "", **params) -> list[str]:
    return [hit.slug for hit in run(query, **params).hits]
