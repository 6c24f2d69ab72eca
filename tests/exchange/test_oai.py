"""OAI-PMH at /oai: the six verbs, both formats, sets, from/until, paging, deleted records
and the protocol's error codes; every response valid against OAI-PMH.xsd (and the
metadata against oai_dc.xsd and the LOM schema)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree

from library.db import db
from library.exchange import tokens
from library.lessons.models import LessonStatus
from library.lessons.service import get_lesson, set_status
from tests.helpers.oai import NS, oai, slugs, texts

FIXTURE_SLUGS = {"brug-van-papier", "brug-voor-kleuters", "magneten-onderzoeken"}


def error_code(tree: etree._Element) -> str:
    return tree.xpath("oai:error/@code", namespaces=NS)[0]


def set_updated(slug: str, moment: datetime) -> None:
    get_lesson(slug).updated_at = moment
    db.session.commit()


def test_identify_describes_the_repository(imported, client):
    imported.config.update(
        OAI_REPOSITORY_NAME="Techniekbieb Utrecht",
        OAI_ADMIN_EMAIL="techniek@example.org",
        OAI_REPOSITORY_IDENTIFIER="techniekbieb-utrecht.nl",
    )
    set_updated("magneten-onderzoeken", datetime(2024, 3, 1, 8, 30, 5, tzinfo=UTC))
    tree = oai(client, verb="Identify")
    identify = "oai:Identify/oai:"
    assert texts(tree, identify + "repositoryName") == ["Techniekbieb Utrecht"]
    assert texts(tree, identify + "baseURL") == ["http://bieb.test/oai"]
    assert texts(tree, identify + "protocolVersion") == ["2.0"]
    assert texts(tree, identify + "adminEmail") == ["techniek@example.org"]
    assert texts(tree, identify + "earliestDatestamp") == ["2024-03-01T08:30:05Z"]
    assert texts(tree, identify + "deletedRecord") == ["persistent"]
    assert texts(tree, identify + "granularity") == ["YYYY-MM-DDThh:mm:ssZ"]
    assert texts(tree, "//id:repositoryIdentifier") == ["techniekbieb-utrecht.nl"]


def test_post_requests_are_answered_like_get(imported, client):
    tree = oai(client, method="post", verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert slugs(tree) == FIXTURE_SLUGS


def test_both_metadata_formats_are_offered_for_every_record(imported, client):
    tree = oai(client, verb="ListMetadataFormats")
    assert texts(tree, "//oai:metadataPrefix") == ["oai_dc", "lom"]
    assert texts(tree, "//oai:metadataNamespace") == [
        "http://www.openarchives.org/OAI/2.0/oai_dc/",
        "http://ltsc.ieee.org/xsd/LOM",
    ]
    one = oai(client, verb="ListMetadataFormats", identifier="oai:bieb.test:brug-van-papier")
    assert texts(one, "//oai:metadataPrefix") == ["oai_dc", "lom"]


def test_sets_are_the_worlds_and_grade_groups(imported, client):
    tree = oai(client, verb="ListSets")
    specs = texts(tree, "//oai:setSpec")
    assert specs[:2] == ["world", "world:mens-gezondheid"]
    assert "grade" in specs and "grade:vmbo-bovenbouw" in specs
    assert len(specs) == 2 + 7 + 6
    names = dict(zip(specs, texts(tree, "//oai:setName"), strict=True))
    assert names["world"] == "Werelden van techniek"
    assert names["grade"] == "Groepen en leerjaren"
    assert names["grade:groep-7-8"] == "Groep 7-8"
    assert names["world:hightech-science"] == "Hi-tech & Science"


def test_get_record_in_dublin_core(imported, client):
    tree = oai(
        client,
        verb="GetRecord",
        identifier="oai:bieb.test:brug-voor-kleuters",
        metadataPrefix="oai_dc",
    )
    dc = "//oai:metadata/*/dc:"
    assert texts(tree, dc + "title") == ["Een brug voor de knuffels"]
    assert texts(tree, dc + "creator") == ["Sanne de Vries", "Piet Klaassen"]
    assert texts(tree, dc + "identifier") == ["http://bieb.test/lessen/brug-voor-kleuters"]
    assert texts(tree, dc + "relation") == ["http://bieb.test/lessen/brug-van-papier"]
    assert texts(tree, dc + "language") == ["nl"]
    assert "Timmerman" in texts(tree, dc + "subject")
    assert "https://creativecommons.org/licenses/by/4.0/" in texts(tree, dc + "rights")
    assert texts(tree, "//oai:header/oai:setSpec") == [
        "world",
        "world:wonen-werken-verkeer",
        "grade",
        "grade:groep-1-2",
    ]


def test_get_record_in_lom(imported, client):
    tree = oai(
        client,
        verb="GetRecord",
        identifier="oai:bieb.test:magneten-onderzoeken",
        metadataPrefix="lom",
    )
    assert texts(tree, "//lom:general/lom:title/lom:string") == ["Wat trekt een magneet aan?"]
    assert texts(tree, "//lom:metaMetadata/lom:metadataSchema") == ["LOMv1.0", "nl_lom_v1p0"]


def test_list_records_pages_with_resumption_tokens(imported, client):
    imported.config["OAI_PAGE_SIZE"] = 2
    first = oai(client, verb="ListRecords", metadataPrefix="lom")
    token = first.xpath("//oai:resumptionToken", namespaces=NS)[0]
    assert len(first.xpath("//oai:record", namespaces=NS)) == 2
    assert (token.get("completeListSize"), token.get("cursor")) == ("3", "0")
    assert token.get("expirationDate").endswith("Z")

    second = oai(client, verb="ListRecords", resumptionToken=token.text)
    last = second.xpath("//oai:resumptionToken", namespaces=NS)[0]
    assert len(second.xpath("//oai:record", namespaces=NS)) == 1
    assert (last.text, last.get("cursor")) == (None, "2")
    assert slugs(first) | slugs(second) == FIXTURE_SLUGS
    assert not slugs(first) & slugs(second)


def test_list_identifiers_pages_in_datestamp_order(imported, client):
    imported.config["OAI_PAGE_SIZE"] = 1
    set_updated("magneten-onderzoeken", datetime(2024, 1, 1, tzinfo=UTC))
    set_updated("brug-voor-kleuters", datetime(2024, 2, 1, tzinfo=UTC))
    set_updated("brug-van-papier", datetime(2024, 3, 1, tzinfo=UTC))
    seen, arguments = [], {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}
    while True:
        tree = oai(client, **arguments)
        seen += texts(tree, "//oai:header/oai:datestamp")
        token = texts(tree, "//oai:resumptionToken")
        if not token or token == [None]:
            break
        arguments = {"verb": "ListIdentifiers", "resumptionToken": token[0]}
    assert seen == ["2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"]


def test_from_and_until_select_by_datestamp(imported, client):
    set_updated("magneten-onderzoeken", datetime(2024, 1, 10, 12, 0, 0, tzinfo=UTC))
    set_updated("brug-voor-kleuters", datetime(2024, 1, 11, 9, 15, 0, tzinfo=UTC))
    set_updated("brug-van-papier", datetime(2024, 1, 12, 18, 0, 0, tzinfo=UTC))

    def listed(**dates):
        return slugs(oai(client, verb="ListIdentifiers", metadataPrefix="lom", **dates))

    assert listed(**{"from": "2024-01-11"}) == {"brug-voor-kleuters", "brug-van-papier"}
    assert listed(until="2024-01-11") == {"magneten-onderzoeken", "brug-voor-kleuters"}
    assert listed(**{"from": "2024-01-11T09:15:00Z", "until": "2024-01-11T09:15:00Z"}) == {
        "brug-voor-kleuters"
    }
    assert listed(**{"from": "2024-01-11T09:15:01Z"}) == {"brug-van-papier"}


def test_a_set_selects_its_lessons(imported, client):
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="lom", set="grade:groep-1-2")
    assert slugs(tree) == {"brug-voor-kleuters"}
    world = oai(
        client, verb="ListRecords", metadataPrefix="oai_dc", set="world:wonen-werken-verkeer"
    )
    assert slugs(world) == {"brug-voor-kleuters", "brug-van-papier"}
    assert (
        slugs(oai(client, verb="ListIdentifiers", metadataPrefix="lom", set="world"))
        == FIXTURE_SLUGS
    )


def test_a_withdrawn_lesson_is_a_deleted_record(imported, client):
    lesson = get_lesson("brug-van-papier")
    set_status(lesson, LessonStatus.ARCHIVED)
    db.session.commit()

    listing = oai(client, verb="ListRecords", metadataPrefix="lom")
    deleted = listing.xpath("//oai:header[@status='deleted']/oai:identifier", namespaces=NS)
    assert [d.text for d in deleted] == ["oai:bieb.test:brug-van-papier"]
    assert len(listing.xpath("//oai:record/oai:metadata", namespaces=NS)) == 2
    record = oai(
        client,
        verb="GetRecord",
        identifier="oai:bieb.test:brug-van-papier",
        metadataPrefix="oai_dc",
    )
    assert record.xpath("//oai:header/@status", namespaces=NS) == ["deleted"]
    assert record.xpath("//oai:metadata", namespaces=NS) == []


def test_never_published_and_harvested_lessons_are_not_offered(imported, client):
    draft = get_lesson("magneten-onderzoeken")
    draft.status, draft.published_at = LessonStatus.DRAFT.value, None
    harvested = get_lesson("brug-voor-kleuters")
    harvested.harvest_source = "https://elders.example/oai"
    harvested.harvest_identifier = "oai:elders.example:x"
    db.session.commit()
    assert slugs(oai(client, verb="ListIdentifiers", metadataPrefix="lom")) == {"brug-van-papier"}
    tree = oai(
        client,
        verb="GetRecord",
        identifier="oai:bieb.test:magneten-onderzoeken",
        metadataPrefix="lom",
    )
    assert error_code(tree) == "idDoesNotExist"


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"verb": "Harvest"},
        {"verb": ["Identify", "ListSets"]},
    ],
)
def test_bad_verbs(imported, client, arguments):
    tree = oai(client, **arguments)
    assert error_code(tree) == "badVerb"
    assert tree.xpath("oai:request", namespaces=NS)[0].attrib == {}


@pytest.mark.parametrize(
    "arguments",
    [
        {"verb": "ListRecords"},
        {"verb": "GetRecord", "identifier": "oai:bieb.test:brug-van-papier"},
        {"verb": "Identify", "metadataPrefix": "lom"},
        {"verb": "ListIdentifiers", "metadataPrefix": ["lom", "oai_dc"]},
        {"verb": "ListRecords", "metadataPrefix": "lom", "resumptionToken": "x"},
        {"verb": "ListRecords", "metadataPrefix": "lom", "from": "gisteren"},
        {"verb": "ListRecords", "metadataPrefix": "lom", "from": "2024-02-30"},
        {"verb": "ListRecords", "metadataPrefix": "lom", "from": "2024-02-01T10:00:00"},
        {
            "verb": "ListRecords",
            "metadataPrefix": "lom",
            "from": "2024-02-02",
            "until": "2024-02-01",
        },
        {
            "verb": "ListRecords",
            "metadataPrefix": "lom",
            "from": "2024-02-01",
            "until": "2024-02-03T00:00:00Z",
        },
        {"verb": "ListRecords", "metadataPrefix": "lom", "set": "world::"},
    ],
)
def test_bad_arguments(imported, client, arguments):
    tree = oai(client, **arguments)
    assert error_code(tree) == "badArgument"
    assert tree.xpath("oai:request", namespaces=NS)[0].attrib == {}


def test_unknown_formats_identifiers_and_empty_lists(imported, client):
    cases = [
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {
                "verb": "GetRecord",
                "identifier": "oai:bieb.test:brug-van-papier",
                "metadataPrefix": "mods",
            },
            "cannotDisseminateFormat",
        ),
        (
            {
                "verb": "GetRecord",
                "identifier": "oai:elders.nl:brug-van-papier",
                "metadataPrefix": "lom",
            },
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": "oai:bieb.test:geen-les"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "lom", "from": "2999-01-01"}, "noRecordsMatch"),
        (
            {"verb": "ListIdentifiers", "metadataPrefix": "lom", "set": "world:ruimtevaart"},
            "noRecordsMatch",
        ),
        (
            {"verb": "ListIdentifiers", "metadataPrefix": "lom", "set": "grade:vmbo-bovenbouw"},
            "noRecordsMatch",
        ),
    ]
    for arguments, code in cases:
        tree = oai(client, **arguments)
        assert error_code(tree) == code, arguments
        assert tree.xpath("oai:request/@verb", namespaces=NS) == [arguments["verb"]]


def test_bad_resumption_tokens(imported, client, monkeypatch):
    imported.config["OAI_PAGE_SIZE"] = 1
    first = oai(client, verb="ListRecords", metadataPrefix="lom")
    token = texts(first, "//oai:resumptionToken")[0]
    for bad in ["abc", token[:-2] + ("AA" if not token.endswith("AA") else "BB")]:
        assert (
            error_code(oai(client, verb="ListRecords", resumptionToken=bad)) == "badResumptionToken"
        )
    other_verb = oai(client, verb="ListIdentifiers", resumptionToken=token)
    assert error_code(other_verb) == "badResumptionToken"
    assert error_code(oai(client, verb="ListSets", resumptionToken=token)) == "badResumptionToken"
    monkeypatch.setattr(tokens, "LIFETIME", timedelta(seconds=-1))
    assert (
        error_code(oai(client, verb="ListRecords", resumptionToken=token)) == "badResumptionToken"
    )


def test_an_empty_library_answers_identify_and_no_records(app, client):
    tree = oai(client, verb="Identify")
    assert texts(tree, "//oai:earliestDatestamp")[0].endswith("Z")
    assert error_code(oai(client, verb="ListRecords", metadataPrefix="oai_dc")) == "noRecordsMatch"
