"""A lesson as unqualified Dublin Core (`oai_dc`), the format every OAI-PMH harvester reads."""

from __future__ import annotations

from library.exchange import describe
from library.exchange.xmlwriter import XML_LANG, Element, add, root
from library.lessons.models import Lesson
from library.vocab.loader import Vocabularies

PREFIX = "oai_dc"
SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
NAMESPACE = "http://www.openarchives.org/OAI/2.0/oai_dc/"
LANGUAGE = "nl"


def dc_record(lesson: Lesson, vocabularies: Vocabularies) -> Element:
    meta = describe.metadata(lesson)
    dc = root("oai_dc:dc", f"{NAMESPACE} {SCHEMA}")
    dutch = {XML_LANG: LANGUAGE}
    add(dc, "dc:title", lesson.title, **dutch)
    for author in meta.get("authors", []):
        add(dc, "dc:creator", author)
    for word in describe.keywords(lesson, vocabularies):
        add(dc, "dc:subject", word, **dutch)
    add(dc, "dc:description", lesson.summary, **dutch)
    if lesson.organisation:
        add(dc, "dc:publisher", lesson.organisation)
    if lesson.published_at:
        add(dc, "dc:date", lesson.published_at.date().isoformat())
    add(dc, "dc:type", "Text")
    add(dc, "dc:type", describe.nl_lom()["learning_resource_types"][lesson.kind], **dutch)
    add(dc, "dc:format", "text/html")
    add(dc, "dc:identifier", describe.lesson_url(lesson))
    add(dc, "dc:language", LANGUAGE)
    source = describe.source_lesson(lesson)
    if source is not None:
        add(dc, "dc:relation", describe.lesson_url(source.lesson))
    license = vocabularies.licenses.get(lesson.license)
    if license is not None:
        add(dc, "dc:rights", describe.license_url(lesson, vocabularies))
        add(dc, "dc:rights", license.label, **dutch)
    return dc
