"""The Whoosh schema of the lesson index and how much each text field weighs.

Text fields are searched; facet fields hold the keys a lesson has for each
facet; `card` stores what a result list shows, so a search needs no database.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from library.search.analysis import TEXT_ANALYZER, WORDS_ANALYZER
from library.search.facets import FACETS

# Bump when the schema or the analysis changes: the new index gets a new name,
# `flask index rebuild` builds it while the old one keeps serving searches.
INDEX_NAME = "lessons_v2"

# Field -> boost of a match in it. Title, tags (with technologies and occupations),
# summary and vocabulary labels weigh more than the body text.
TEXT_FIELDS = {"title": 6.0, "tags": 3.0, "summary": 2.5, "labels": 2.0, "body": 1.0}
# A query word found only as part of a compound ranks below any exact match.
PIECES_FIELD = "words"
PIECES_BOOST = 0.3
# Sort key for lessons without a duration: after all others when sorting by length.
NO_DURATION = 100_000


def make_schema() -> Schema:
    fields = {
        "slug": ID(stored=True, unique=True),
        "title": TEXT(analyzer=TEXT_ANALYZER),
        "summary": TEXT(analyzer=TEXT_ANALYZER),
        "tags": TEXT(analyzer=TEXT_ANALYZER),
        "labels": TEXT(analyzer=TEXT_ANALYZER),
        "body": TEXT(analyzer=TEXT_ANALYZER, stored=True, chars=True),
        PIECES_FIELD: TEXT(analyzer=WORDS_ANALYZER, phrase=False),
        "published": NUMERIC(int, bits=64, sortable=True),
        "minutes": NUMERIC(int, sortable=True),
        "card": STORED(),
        "values": STORED(),
        "fingerprint": STORED(),
    }
    for facet in FACETS:
        fields[facet.name] = KEYWORD(commas=True, lowercase=False, scorable=False)
    return Schema(**fields)
