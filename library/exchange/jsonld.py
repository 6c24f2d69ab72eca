"""schema.org JSON-LD for a lesson page: a `LearningResource` described with LRMI.

Search engines and Edurep read it from the page head. Grade groups and kerndoelen are
`DefinedTerm`s in SLO's begrippenkader (the term sets Edurep's own metadata uses), the
occupations pupils meet are `about` items of type `Occupation`.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from library.content.format import DEFAULT_AUDIENCE
from library.exchange import describe
from library.exchange.describe import SloTerm
from library.lessons.models import Lesson
from library.lessons.pictures import picture_of
from library.vocab.loader import Vocabularies

SCHEMA_ORG = "https://schema.org"
# A `<script>` element ends at the first `</script>`, wherever it is; with these three
# escaped no text of a lesson can end the element or open a comment or CDATA section.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _defined_term(term: SloTerm, term_set: str) -> dict[str, Any]:
    return {
        "@type": "DefinedTerm",
        "@id": f"{term_set}/{term.uuid}",
        "name": term.label,
        "termCode": term.uuid,
        "inDefinedTermSet": term_set,
    }


def _terms(lesson: Lesson, vocabulary: str, vocabularies: Vocabularies, term_set: str) -> list:
    """The lesson's grade groups or goals: SLO's as terms of its set, the others by name."""
    found = []
    for term in describe.terms(lesson, vocabulary, vocabularies):
        slo = describe.slo_term(term)
        found.append(
            _defined_term(slo, term_set) if slo else {"@type": "DefinedTerm", "name": term.label}
        )
    return found


def _people(names: list[str]) -> list[dict[str, str]]:
    return [{"@type": "Person", "name": name} for name in names]


def lesson_jsonld(lesson: Lesson, vocabularies: Vocabularies) -> dict[str, Any]:
    """The lesson as a schema.org `LearningResource`, ready for `json.dumps`."""
    meta = describe.metadata(lesson)
    profile = describe.nl_lom()
    term_set = profile["sources"]["classification"]
    url = describe.lesson_url(lesson)
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "LearningResource",
        "@id": url,
        "url": url,
        "name": lesson.title,
        "description": lesson.summary,
        "inLanguage": profile["language"],
        "learningResourceType": profile["learning_resource_types"][lesson.kind],
        "educationalLevel": _terms(lesson, "grades", vocabularies, term_set),
        "teaches": _terms(lesson, "goals", vocabularies, term_set),
        "keywords": describe.keywords(lesson, vocabularies),
        "about": [
            {"@type": "Occupation", "name": occupation.label, "description": occupation.description}
            for occupation in describe.terms(lesson, "occupations", vocabularies)
        ],
        "author": _people(meta.get("authors", [])),
        "isAccessibleForFree": True,
        "dateModified": lesson.updated_at.isoformat(),
        "version": str(lesson.current_revision.number),
    }
    optional = {
        "timeRequired": describe.iso_duration(lesson.duration),
        "license": describe.license_url(lesson, vocabularies),
        "datePublished": lesson.published_at.date().isoformat() if lesson.published_at else None,
        "publisher": {"@type": "Organization", "name": lesson.organisation}
        if lesson.organisation
        else None,
        "isBasedOn": _based_on(lesson),
        "audience": _audience(meta, vocabularies),
        "sameAs": (describe.harvest_origin(lesson) or {}).get("url"),
        "image": _image(lesson),
    }
    data.update({name: value for name, value in optional.items() if value})
    return data


def _audience(meta: dict[str, Any], vocabularies: Vocabularies) -> dict[str, Any] | None:
    """Who the lesson is for, as schema.org's `EducationalAudience` role (student, teacher)."""
    term = vocabularies.audiences.get(meta.get("audience", DEFAULT_AUDIENCE))
    role = term.get("educational_role") if term else None
    return {"@type": "EducationalAudience", "educationalRole": role} if role else None


def _image(lesson: Lesson) -> dict[str, Any] | None:
    """The lesson's cover, or its world's illustration, with its alt text as `description`."""
    picture = picture_of(lesson.slug, lesson.current_revision.metadata_, external=True)
    if picture is None:
        return None
    image = {"@type": "ImageObject", "contentUrl": picture.url, "url": picture.url}
    return {**image, "description": picture.alt} if picture.alt else image


def _based_on(lesson: Lesson) -> dict[str, Any] | None:
    source = describe.source_lesson(lesson)
    if source is None:
        return None
    return {
        "@type": "LearningResource",
        "@id": describe.lesson_url(source.lesson),
        "url": describe.lesson_url(source.lesson),
        "name": source.title,
        "author": _people(source.authors),
    }


def script_content(data: dict[str, Any]) -> Markup:
    """JSON for inside `<script type="application/ld+json">`: it can never end the element."""
    return Markup(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE))
