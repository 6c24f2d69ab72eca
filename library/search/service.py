"""The search service: one function behind `/zoeken`, `/lessen` and `GET /api/v1/lessons`.

Pages, the API and the feeds ask here; the backend the app was configured with
(`LIBRARY_SEARCH_BACKEND`, see `library.search.backend`) answers.
"""

from __future__ import annotations

from library.search.backend import current_backend
from library.search.request import SearchRequest
from library.search.results import Hit, SearchResult
from library.vocab.loader import get_vocabularies


def search(request: SearchRequest) -> SearchResult:
    """The lessons matching a request: one page of hits, the facet counts and a suggestion."""
    return current_backend().search(request, get_vocabularies())


def more_like_this(slug: str, limit: int = 4) -> list[Hit]:
    """Published lessons about the same things as this one, best first."""
    return current_backend().more_like_this(slug, limit)
