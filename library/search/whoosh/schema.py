"""The Whoosh schema of the lesson index and how much each text field weighs.

Text fields are searched; facet fields hold the keys a lesson has for each
facet; `card` stores what a result list shows, so a search needs no database.
"""

from __future__ import annotations

from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema
from whoosh.formats import Existence

from library.search.documents import LessonDocument
from library.search.facets import FACETS
from library.search.whoosh.analyzers import TAILS_ANALYZER, TEXT_ANALYZER

# Bump when the schema or the analysis changes: the new index gets a new name,
# `flask index rebuild` builds it while the old one keeps serving searches.
INDEX_NAME = "lessons_v10"

# All of a lesson's text is one field, its parts weighted: a title word counts six
# body words (see documents.TEXT_PARTS). One term per query word keeps search fast.
TEXT_FIELD = "text"
# The reversed stems of long words: the tail of a compound becomes a prefix.
TAILS_FIELD = "tails"
# A query word found only as part of a compound ranks below any exact match.
COMPOUND_SCORE = 0.3


def make_schema() -> Schema:
    # Every indexed field is scorable, even where scores do not matter: Whoosh looks up
    # a field length per posting while writing, and for a field without lengths that
    # lookup is a file-system call each time.
    fields = {
        "slug": ID(stored=True, unique=True),
        TEXT_FIELD: TEXT(analyzer=TEXT_ANALYZER, chars=True),
        TAILS_FIELD: FieldType(Existence(), TAILS_ANALYZER, scorable=True),
        "published": NUMERIC(int, bits=64, sortable=True),
        "minutes": NUMERIC(int, sortable=True),
        "preparation_minutes": NUMERIC(int, sortable=True),
        # Average stars in thousandths (0: not rated yet) and the number of experiences.
        "rating": NUMERIC(int, sortable=True),
        "experiences": NUMERIC(int, sortable=True),
        "body": STORED(),
        "card": STORED(),
        "values": STORED(),
        "fingerprint": STORED(),
    }
    for facet in FACETS:
        fields[facet.name] = KEYWORD(commas=True, lowercase=False, scorable=True)
    return Schema(**fields)


def fields_of(document: LessonDocument) -> dict[str, Any]:
    """The Whoosh fields of a lesson's document."""
    return {
        "slug": document.slug,
        TEXT_FIELD: document.text,
        TAILS_FIELD: document.text,
        "published": document.published,
        "minutes": document.minutes,
        "preparation_minutes": document.preparation_minutes,
        "rating": round(document.rating[0] * 1000) if document.rating else 0,
        "experiences": document.rating[1] if document.rating else 0,
        "body": document.body,
        "card": document.card,
        "values": document.values,
        "fingerprint": document.fingerprint,
        **{name: ",".join(values) for name, values in document.values.items()},
    }
