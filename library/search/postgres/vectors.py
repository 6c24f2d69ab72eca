"""A lesson's document as PostgreSQL text search values, from the project's own analysis.

PostgreSQL's parser and dictionaries would analyse Dutch differently from the
Whoosh backend, and managed databases allow no custom dictionary files (stop
words, synonyms). So the `tsvector` is written here from `analysis.terms`: the
same stems, joined and split forms, stop words and vocabulary labels as the
Whoosh index, at the same positions (phrases match alike), each part of the text
in a weight class (title A, tags and summary B, labels C, body and careers D).

The reversed stems of long words (`analysis.tails`) go into the same vector
behind a `~`, so one `tsquery` finds a word at the end of a compound
(`'~lenap':*` in `zonnepanelen`) — a `~` never starts a query word.
"""

from __future__ import annotations

from collections import defaultdict

from library.search.analysis import PART_GAP, tails, terms
from library.search.documents import TEXT_PARTS, LessonDocument

# PostgreSQL's weight class of each part of a lesson's text.
# Four classes for six parts: careers share the body's class, the lowest, so a profile's
# or an occupation's name weighs as a body word, no longer as a label or a tag (see
# documents.TEXT_PARTS). Measured on the relevance fixtures, giving the body a class of
# its own above careers (body with the labels in C, or the labels with the tags in B)
# ranked the held-out queries worse.
PART_CLASSES = {
    "title": "A",
    "tags": "B",
    "summary": "B",
    "labels": "C",
    "careers": "D",
    "body": "D",
}
# `ts_rank`'s weights {D, C, B, A}: each class weighs as its heaviest part, the title 1.
RANK_WEIGHTS = tuple(
    max(TEXT_PARTS[part] for part, grade in PART_CLASSES.items() if grade == weight_class)
    / TEXT_PARTS["title"]
    for weight_class in "DCBA"
)
TAIL_MARK = "~"
# PostgreSQL keeps positions up to 16383 and at most 256 of them per lexeme.
MAX_POSITION = 16383
MAX_POSITIONS = 256


def lexeme(term: str) -> str:
    """A term as a quoted lexeme of a `tsvector` or `tsquery` literal."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def document_vector(document: LessonDocument) -> str:
    """The `tsvector` literal of a lesson's weighted text and its compounds' tails."""
    text = document.text
    classes = [PART_CLASSES[part] for part in TEXT_PARTS]
    positions: dict[str, list[str]] = defaultdict(list)
    part, part_end = 0, text.parts[0][0]
    for root, start, _end, pos in terms(text):
        while start >= part_end and part + 1 < len(text.parts):
            part += 1
            part_end = text.parts[part][0]
        places = positions[root]
        if len(places) < MAX_POSITIONS:
            place = min(pos + part * PART_GAP + 1, MAX_POSITION)
            weight = classes[part]
            places.append(f"{place}{weight}" if weight != "D" else str(place))
    words = [f"{lexeme(root)}:{','.join(places)}" for root, places in positions.items()]
    words.extend(lexeme(TAIL_MARK + tail) for tail in set(tails(text)))
    return " ".join(words)


def document_words(document: LessonDocument) -> set[str]:
    """The stems of a lesson's text, for the index's word list."""
    return {root for root, *_ in terms(document.text)}


def facet_keys(document: LessonDocument) -> list[str]:
    """`facet:key` for every facet value of a lesson."""
    return sorted(f"{facet}:{key}" for facet, keys in document.values.items() for key in keys)
