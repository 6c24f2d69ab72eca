"""Asking the search service as the search page does."""

from __future__ import annotations

from lxml import html as lxml_html
from werkzeug.datastructures import MultiDict

from library.search import service
from library.search.backend import current_backend
from library.search.request import parse_request
from library.search.results import SearchResult
from library.search.whoosh.store import LessonIndex
from library.vocab.loader import get_vocabularies


def run(query: str = "", **params) -> SearchResult:
    args = MultiDict({"q": query, **{k: v for k, v in params.items() if not isinstance(v, list)}})
    for name, values in params.items():
        if isinstance(values, list):
            args.setlist(name, values)
    return service.search(parse_request(args, get_vocabularies(), per_page=50))


def slugs(query: str = "", **params) -> list[str]:
    return [hit.slug for hit in run(query, **params).hits]


def whoosh_index() -> LessonIndex:
    """The running app's Whoosh index, for tests of what only that backend does."""
    return current_backend().index


def page(client, url: str):
    """A search page (any page that answers 200), parsed."""
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.get_data(as_text=True))


def text(element) -> str:
    """An element's text as a reader hears it: white space evened out."""
    return " ".join(element.text_content().split())
