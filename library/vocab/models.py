"""Vocabulary terms in the database, so lessons can link to them and SQL can count by them.

The YAML files are the source of the terms; `sync_terms` copies them in.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import db
from library.vocab.loader import Vocabularies


class VocabularyTerm(db.Model):
    __tablename__ = "vocabulary_term"
    __table_args__ = (sa.UniqueConstraint("vocabulary", "key", name="uq_vocabulary_term_key"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    vocabulary: so.Mapped[str] = so.mapped_column(sa.String(40), index=True)
    key: so.Mapped[str] = so.mapped_column(sa.String(80))
    label: so.Mapped[str] = so.mapped_column(sa.String(200))
    position: so.Mapped[int] = so.mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<VocabularyTerm {self.vocabulary}:{self.key}>"


def sync_terms(
    vocabularies: Vocabularies, names: Iterable[str]
) -> dict[tuple[str, str], VocabularyTerm]:
    """Insert or update the terms of the named vocabularies (those lessons are tagged with:
    the lesson format says which); returns every stored term by (vocabulary, key).

    Adds to the current session without committing: the caller's unit of work commits.
    Terms removed from the files stay in the table, so old revisions keep their meaning.
    """
    existing = {
        (term.vocabulary, term.key): term for term in db.session.scalars(sa.select(VocabularyTerm))
    }
    for name in names:
        if name not in vocabularies.by_name:
            continue
        for term in vocabularies[name]:
            row = existing.get((name, term.key))
            if row is None:
                row = VocabularyTerm(vocabulary=name, key=term.key)
                db.session.add(row)
                existing[(name, term.key)] = row
            row.label = term.label
            row.position = term.position
    db.session.flush()
    return existing
