"""NL-LOM records: what Edurep reads from a lesson, valid against the IEEE LOM schema."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from lxml import etree

from library.exchange.describe import iso_duration
from library.exchange.lom import lom_record, vcard
from library.exchange.xmlwriter import to_bytes
from library.lessons.service import get_lesson
from library.vocab.loader import get_vocabularies
from tests.schemas import assert_valid

NS = {"lom": "http://ltsc.ieee.org/xsd/LOM"}
CONTEXT = "http://purl.edustandaard.nl/vdex_context_czp_20060628.xml"
BEGRIPPENKADER = "http://purl.edustandaard.nl/begrippenkader"


def record(slug: str) -> etree._Element:
    lesson = get_lesson(slug)
    data = to_bytes(lom_record(lesson, get_vocabularies(), f"oai:bieb.test:{slug}"))
    assert_valid(data, "lom/lomLoose.xsd")
    return etree.fromstring(data)


def values(tree: etree._Element, path: str) -> list[str]:
    return [element.text for element in tree.xpath(path, namespaces=NS)]


def vocabulary(tree: etree._Element, element: str) -> list[tuple[str, str]]:
    found = tree.xpath(f"//lom:{element}", namespaces=NS)
    return [
        (e.findtext("lom:source", namespaces=NS), e.findtext("lom:value", namespaces=NS))
        for e in found
    ]


@pytest.mark.usefixtures("imported")
@pytest.mark.parametrize("slug", ["brug-van-papier", "brug-voor-kleuters", "magneten-onderzoeken"])
def test_every_lesson_is_valid_lom(slug):
    tree = record(slug)
    assert values(tree, "lom:metaMetadata/lom:metadataSchema") == ["LOMv1.0", "nl_lom_v1p0"]
    assert values(tree, "lom:general/lom:language") == ["nl"]
    assert values(tree, "lom:technical/lom:location") == [f"http://bieb.test/lessen/{slug}"]


def test_educational_facts_of_a_research_lesson(imported):
    tree = record("magneten-onderzoeken")
    assert values(tree, "lom:general/lom:title/lom:string") == ["Wat trekt een magneet aan?"]
    assert vocabulary(tree, "context") == [(CONTEXT, "PO")]
    assert values(tree, "//lom:typicalLearningTime/lom:duration") == ["PT1H"]
    assert vocabulary(tree, "learningResourceType") == [
        (
            "http://purl.edustandaard.nl/vdex_learningresourcetype_czp_20060628.xml",
            "verkennings- en onderzoeksmateriaal",
        )
    ]
    assert vocabulary(tree, "intendedEndUserRole") == [
        ("LOMv1.0", "teacher"),
        ("LOMv1.0", "learner"),
    ]
    assert vocabulary(tree, "cost") == [("LOMv1.0", "no")]
    assert vocabulary(tree, "copyrightAndOtherRestrictions") == [
        ("http://purl.edustandaard.nl/copyrightsandotherrestrictions_nllom_20131202", "cc-by-sa-40")
    ]
    assert {"magnetisme", "ijzer", "Hi-tech & Science"} <= set(
        values(tree, "//lom:keyword/lom:string")
    )


def test_classifications_carry_the_slo_identifiers(imported):
    tree = record("magneten-onderzoeken")
    purposes = {}
    for classification in tree.xpath("//lom:classification", namespaces=NS):
        purpose = classification.findtext("lom:purpose/lom:value", namespaces=NS)
        assert set(values(classification, ".//lom:taxonPath/lom:source/lom:string")) == {
            BEGRIPPENKADER
        }
        purposes[purpose] = values(classification, ".//lom:taxon/lom:id")
    assert purposes == {
        "educational level": [
            "e0d54104-4bbc-4e6a-9c53-114f0af56027",
            "a719649f-03ca-48cf-b689-252b109de32c",
        ],
        "educational objective": ["c3d8c8c0-0f94-4dec-8ce6-f52fab27158f"],
    }


def test_contributors_are_vcards_and_occupations_are_keywords(imported):
    tree = record("brug-voor-kleuters")
    authors = tree.xpath("//lom:contribute[lom:role/lom:value='author']/lom:entity", namespaces=NS)
    assert [a.text.splitlines()[2] for a in authors] == ["FN:Sanne de Vries", "FN:Piet Klaassen"]
    assert all(a.text.startswith("BEGIN:VCARD\nVERSION:3.0\n") for a in authors)
    assert "Timmerman" in values(tree, "//lom:keyword/lom:string")
    assert values(tree, "lom:lifeCycle/lom:version/lom:string") == ["1"]


def test_relations_name_the_package_and_the_source(imported):
    tree = record("brug-voor-kleuters")
    relations = {
        r.findtext("lom:kind/lom:value", namespaces=NS): r.findtext(".//lom:entry", namespaces=NS)
        for r in tree.xpath("//lom:relation", namespaces=NS)
    }
    assert relations == {
        "hasformat": "http://bieb.test/lessen/brug-voor-kleuters/download",
        "isbasedon": "http://bieb.test/lessen/brug-van-papier",
    }


def test_a_vmbo_lesson_is_in_the_vo_context(imported):
    lesson = get_lesson("brug-van-papier")
    meta = lesson.current_revision.metadata_
    lesson.current_revision.metadata_ = {**meta, "grades": ["groep-7-8", "vmbo-onderbouw"]}
    tree = etree.fromstring(ET.tostring(lom_record(lesson, get_vocabularies(), "oai:x.nl:y")))
    assert vocabulary(tree, "context") == [(CONTEXT, "PO"), (CONTEXT, "VO")]


def test_vcard_escapes_its_separators():
    assert vcard("Smit; Jansen, en co\\") == (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Smit\\; Jansen\\, en co\\\\\nN:;;;;\nEND:VCARD"
    )
    assert "ORG:De Vonk" in vcard("De Vonk", organisation=True)


@pytest.mark.parametrize(
    ("minutes", "duration"),
    [(None, None), (45, "PT45M"), (60, "PT1H"), (90, "PT1H30M"), (2400, "PT40H")],
)
def test_durations_are_iso_8601(minutes, duration):
    assert iso_duration(minutes) == duration
