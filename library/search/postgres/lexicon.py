"""The index's words for spelling suggestions (`library.search.suggest.Lexicon`), in SQL.

Whether a lesson has a word is asked of the documents themselves (GIN); close
words come from `search_word` by trigram similarity (`pg_trgm`), then each is
checked for the edit distance and counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.search.postgres.vectors import lexeme
from library.search.suggest import edit_distance

# Close words looked at per unknown word, the most similar first.
CANDIDATES = 40


@dataclass(frozen=True)
class TableLexicon:
    session: so.Session

    def knows(self, term: str) -> bool:
        query = "SELECT EXISTS (SELECT 1 FROM lesson_search WHERE document @@ CAST(:q AS tsquery))"
        return bool(self.session.scalar(sa.text(query), {"q": lexeme(term)}))

    def similar(self, term: str, distance: int) -> Iterator[tuple[str, int]]:
        rows = self.session.execute(
            sa.text(
                "SELECT word FROM search_word WHERE word % :term AND word LIKE :first "
                "AND abs(length(word) - length(:term)) <= :distance "
                "ORDER BY similarity(word, :term) DESC, word LIMIT :limit"
            ),
            {"term": term, "first": term[:1] + "%", "distance": distance, "limit": CANDIDATES},
        )
        close = [word for word in rows.scalars() if edit_distance(word, term) <= distance]
        if not close:
            return
        counts = self.session.execute(
            sa.text(
                "SELECT word, (SELECT count(*) FROM lesson_search "
                "WHERE document @@ CAST(quote_literal(word) AS tsquery)) "
                "FROM unnest(CAST(:words AS text[])) AS word"
            ),
            {"words": close},
        )
        for word, lessons in counts:
            if lessons:
                yield word, lessons
