"""The Whoosh index's words for spelling suggestions (`library.search.suggest.Lexicon`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.reading import IndexReader

from library.search.whoosh.schema import TEXT_FIELD


@dataclass(frozen=True)
class IndexLexicon:
    reader: IndexReader

    def knows(self, term: str) -> bool:
        return (TEXT_FIELD, term) in self.reader

    def similar(self, term: str, distance: int) -> Iterator[tuple[str, int]]:
        for found in self.reader.terms_within(TEXT_FIELD, term, distance, prefix=1):
            yield found, self.reader.doc_frequency(TEXT_FIELD, found)
