"""A lesson in IEEE LOM, NL-LOM profile (`lom`): what Edurep and Wikiwijs harvest.

NL-LOM uses the IEEE LOM XML binding with the metadata schemes `LOMv1.0` and
`nl_lom_v1p0`, Dutch vocabularies for context, learning resource type and licence, and
classifications that point into SLO's begrippenkader. The sources and mappings are data
(`data/nl_lom.yaml`); the licence codes and SLO identifiers live in the vocabularies.

The record also tells another Techniekbieb how to take the lesson over: a `hasformat`
relation names the lesson's ZIP, and `lifeCycle.version` is its revision number.
"""

from __future__ import annotations

from library.exchange import describe
from library.exchange.describe import SloTerm
from library.exchange.xmlwriter import NAMESPACES, Element, add, root
from library.lessons.models import Lesson
from library.vocab.loader import Vocabularies

PREFIX = "lom"
SCHEMA = "http://ltsc.ieee.org/xsd/lomv1.0/lomLoose.xsd"
NAMESPACE = NAMESPACES["lom"]
NO_LANGUAGE = "x-none"
PACKAGE_DESCRIPTION = "Lespakket (ZIP) met het lesbestand en de bijlagen"


def vcard(name: str, *, organisation: bool = False) -> str:
    """A vCard 3.0 for a person or an organisation, as LOM's `entity` wants it."""
    value = name.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{value}", "N:;;;;"]
    if organisation:
        lines.append(f"ORG:{value}")
    lines.append("END:VCARD")
    return "\n".join(lines)


def _string(parent: Element, tag: str, text: str, language: str) -> Element:
    element = add(parent, tag)
    add(element, "lom:string", text, language=language)
    return element


def _vocabulary(parent: Element, tag: str, source: str, value: str) -> None:
    element = add(parent, tag)
    add(element, "lom:source", source)
    add(element, "lom:value", value)


def _contribute(parent: Element, tag: str, role: str, entities: list[str], date: str) -> None:
    contribute = add(parent, tag)
    _vocabulary(contribute, "lom:role", describe.nl_lom()["sources"]["lom"], role)
    for entity in entities:
        add(contribute, "lom:entity", entity)
    add(add(contribute, "lom:date"), "lom:dateTime", date)


def _identifier(parent: Element, catalog: str, entry: str) -> None:
    identifier = add(parent, "lom:identifier")
    add(identifier, "lom:catalog", catalog)
    add(identifier, "lom:entry", entry)


def lom_record(lesson: Lesson, vocabularies: Vocabularies, oai_identifier: str) -> Element:
    lom = root("lom:lom", f"{NAMESPACE} {SCHEMA}")
    _general(add(lom, "lom:general"), lesson, vocabularies)
    _life_cycle(add(lom, "lom:lifeCycle"), lesson)
    _meta_metadata(add(lom, "lom:metaMetadata"), lesson, oai_identifier)
    technical = add(lom, "lom:technical")
    add(technical, "lom:format", "text/html")
    add(technical, "lom:location", describe.lesson_url(lesson))
    _educational(add(lom, "lom:educational"), lesson, vocabularies)
    _rights(add(lom, "lom:rights"), lesson, vocabularies)
    _relation(lom, "hasformat", describe.package_url(lesson), PACKAGE_DESCRIPTION)
    source = describe.source_lesson(lesson)
    if source is not None:
        _relation(lom, "isbasedon", describe.lesson_url(source.lesson), source.title)
    purposes = describe.nl_lom()["classifications"]
    for vocabulary, purpose in purposes.items():
        terms = describe.slo_terms(lesson, vocabulary, vocabularies)
        if terms:
            _classification(add(lom, "lom:classification"), purpose, terms)
    return lom


def _general(general: Element, lesson: Lesson, vocabularies: Vocabularies) -> None:
    language = describe.nl_lom()["language"]
    _identifier(general, "URI", describe.lesson_url(lesson))
    _string(general, "lom:title", lesson.title, language)
    add(general, "lom:language", language)
    _string(general, "lom:description", lesson.summary, language)
    for word in describe.keywords(lesson, vocabularies):
        _string(general, "lom:keyword", word, language)
    # A lesson is aggregation level 2 in LOM (1 is a single medium, 3 a course).
    _vocabulary(general, "lom:aggregationLevel", describe.nl_lom()["sources"]["lom"], "2")


def _life_cycle(life_cycle: Element, lesson: Lesson) -> None:
    lom_source = describe.nl_lom()["sources"]["lom"]
    _string(life_cycle, "lom:version", str(lesson.current_revision.number), NO_LANGUAGE)
    _vocabulary(life_cycle, "lom:status", lom_source, "final")
    authors = describe.metadata(lesson).get("authors", [])
    created = lesson.created_at.date().isoformat()
    if authors:
        _contribute(life_cycle, "lom:contribute", "author", [vcard(a) for a in authors], created)
    if lesson.organisation and lesson.published_at:
        published = lesson.published_at.date().isoformat()
        entity = vcard(lesson.organisation, organisation=True)
        _contribute(life_cycle, "lom:contribute", "publisher", [entity], published)


def _meta_metadata(meta: Element, lesson: Lesson, oai_identifier: str) -> None:
    profile = describe.nl_lom()
    _identifier(meta, "oai", oai_identifier)
    for scheme in profile["metadata_schemes"]:
        add(meta, "lom:metadataSchema", scheme)
    add(meta, "lom:language", profile["language"])


def _educational(educational: Element, lesson: Lesson, vocabularies: Vocabularies) -> None:
    profile = describe.nl_lom()
    sources = profile["sources"]
    resource_type = profile["learning_resource_types"][lesson.kind]
    _vocabulary(
        educational, "lom:learningResourceType", sources["learning_resource_type"], resource_type
    )
    for role in profile["intended_end_user_roles"]:
        _vocabulary(educational, "lom:intendedEndUserRole", sources["lom"], role)
    for context in describe.contexts(lesson, vocabularies):
        _vocabulary(educational, "lom:context", sources["context"], context)
    duration = describe.iso_duration(lesson.duration)
    if duration:
        add(add(educational, "lom:typicalLearningTime"), "lom:duration", duration)


def _rights(rights: Element, lesson: Lesson, vocabularies: Vocabularies) -> None:
    sources = describe.nl_lom()["sources"]
    _vocabulary(rights, "lom:cost", sources["lom"], "no")
    license = vocabularies.licenses.get(lesson.license)
    if license is None:
        return
    _vocabulary(
        rights, "lom:copyrightAndOtherRestrictions", sources["copyright"], license.get("nl_lom")
    )
    text = f"{license.label}: {describe.license_url(lesson, vocabularies)}"
    _string(rights, "lom:description", text, describe.nl_lom()["language"])


def _relation(lom: Element, kind: str, url: str, description: str) -> None:
    relation = add(lom, "lom:relation")
    _vocabulary(relation, "lom:kind", describe.nl_lom()["sources"]["lom"], kind)
    resource = add(relation, "lom:resource")
    _identifier(resource, "URI", url)
    _string(resource, "lom:description", description, describe.nl_lom()["language"])


def _classification(classification: Element, purpose: str, terms: list[SloTerm]) -> None:
    sources = describe.nl_lom()["sources"]
    _vocabulary(classification, "lom:purpose", sources["lom"], purpose)
    for term in terms:
        path = add(classification, "lom:taxonPath")
        _string(path, "lom:source", sources["classification"], NO_LANGUAGE)
        taxon = add(path, "lom:taxon")
        add(taxon, "lom:id", term.uuid)
        _string(taxon, "lom:entry", term.label, describe.nl_lom()["language"])
