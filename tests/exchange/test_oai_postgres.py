"""OAI-PMH's queries on PostgreSQL: the queries that leave harvested lessons out and find
them again, and paging by datestamp. Runs where test_postgres.py runs (CI)."""

from __future__ import annotations

from library.db import db
from library.exchange.harvest import harvested_from
from library.lessons.importer import import_path
from library.lessons.service import get_lesson
from tests.helpers.app import FIXTURES
from tests.helpers.oai import NS, oai, slugs

ORIGIN = {
    "repository": "https://elders.example/oai",
    "identifier": "oai:elders.example:brug-voor-kleuters",
    "url": "https://elders.example/lessen/brug-voor-kleuters",
    "revision": "3",
}


def test_harvested_lessons_are_found_and_not_offered_on_postgresql(pg_app):  # noqa: F811
    import_path(FIXTURES / "lessons")
    lesson = get_lesson("brug-voor-kleuters")
    lesson.current_revision.metadata_ = {
        **lesson.current_revision.metadata_,
        "x-harvest-origin": ORIGIN,
    }
    lesson.harvest_source, lesson.harvest_identifier = ORIGIN["repository"], ORIGIN["identifier"]
    db.session.commit()

    assert list(harvested_from("https://elders.example/oai")) == [ORIGIN["identifier"]]
    assert harvested_from("https://anders.example/oai") == {}

    pg_app.config["OAI_PAGE_SIZE"] = 1
    client = pg_app.test_client()
    seen, arguments = set(), {"verb": "ListRecords", "metadataPrefix": "lom"}
    while True:
        tree = oai(client, **arguments)
        seen |= slugs(tree)
        token = tree.xpath("//oai:resumptionToken/text()", namespaces=NS)
        if not token:
            break
        arguments = {"verb": "ListRecords", "resumptionToken": token[0]}
    assert seen == {"brug-van-papier", "magneten-onderzoeken"}
    db.session.remove()
