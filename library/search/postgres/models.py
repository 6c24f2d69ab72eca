"""The tables of the PostgreSQL search backend, written in the lesson's own transaction.

`lesson_search` holds each published lesson's document: its weighted `tsvector`
(built in Python from the project's Dutch analysis, so both backends index the
same terms; see `vectors`), its facet values, sort columns and what a result
card shows. `search_word` lists the index's words for `Bedoelde je …?`
(a trigram index finds the close ones). Both tables exist on SQLite too, empty,
so one migration history describes every database.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.dialects import postgresql

from library.db import db

_VECTOR = sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql")
_KEYS = sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")
_DATA = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


class LessonSearch(db.Model):
    __tablename__ = "lesson_search"
    __table_args__ = (
        sa.Index("ix_lesson_search_document", "document", postgresql_using="gin"),
        sa.Index("ix_lesson_search_facet_values", "facet_values", postgresql_using="gin"),
    )

    slug: so.Mapped[str] = so.mapped_column(sa.String(80), primary_key=True)
    document: so.Mapped[str] = so.mapped_column(_VECTOR)
    # `facet:key` for every facet value of the lesson (`world:voeding-natuur`).
    facet_values: so.Mapped[list[str]] = so.mapped_column(_KEYS)
    published: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    minutes: so.Mapped[int]
    preparation_minutes: so.Mapped[int]
    # Average stars in thousandths (0: not rated yet) and the number of experiences.
    rating: so.Mapped[int]
    experiences: so.Mapped[int]
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    card: so.Mapped[dict[str, Any]] = so.mapped_column(_DATA)
    values: so.Mapped[dict[str, Any]] = so.mapped_column(_DATA)
    fingerprint: so.Mapped[str] = so.mapped_column(sa.String(32))


class SearchWord(db.Model):
    """A stem some lesson had when it was indexed (a rebuild forgets the unused ones)."""

    __tablename__ = "search_word"
    __table_args__ = (
        sa.Index(
            "ix_search_word_trigrams",
            "word",
            postgresql_using="gin",
            postgresql_ops={"word": "gin_trgm_ops"},
        ),
    )

    word: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)


class SearchState(db.Model):
    """One row: the generation of `lesson_search`, the last transaction that changed it.

    A trigger (see migration 0025) sets it before every statement that changes the
    table, in that statement's transaction, so a search that reads it in the same
    snapshot as the rows knows which per-process bitsets describe them
    (`library.search.postgres.snapshot`). The id of the writing transaction is unique
    for the life of the database, so a generation never comes back after a TRUNCATE.
    """

    __tablename__ = "search_state"

    id: so.Mapped[int] = so.mapped_column(sa.SmallInteger, primary_key=True)
    generation: so.Mapped[int] = so.mapped_column(sa.BigInteger)
