"""Atom feeds of new lessons, checked against the rules of RFC 4287 that can be checked
mechanically, and the autodiscovery links pages offer."""

import re
import uuid
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from library.db import db
from library.lessons.importer import import_path
from library.lessons.models import Lesson, LessonStatus
from tests.helpers.app import FIXTURES

NS = {"a": "http://www.w3.org/2005/Atom"}
ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3339 date-time as RFC 4287 §3.3 requires it: upper-case T and Z, a time zone always.
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
TEXT_TYPES = {"text", "html", "xhtml"}


def _one(parent, name, where):
    found = parent.findall(f"a:{name}", NS)
    assert len(found) == 1, f"{where} must have exactly one atom:{name}, has {len(found)}"
    return found[0]


def _at_most_one(parent, names, where):
    for name in names:
        assert len(parent.findall(f"a:{name}", NS)) <= 1, f"{where}: more than one atom:{name}"


def _check_id(element, where):
    value = element.text or ""
    assert re.match(r"^(urn:uuid:[0-9a-f-]{36}|tag:[^,\s]+,\d{4}(-\d\d){0,2}:\S*)$", value), (
        f"{where}: id {value!r} is not a urn:uuid: or tag: URI"
    )
    if value.startswith("urn:uuid:"):
        uuid.UUID(value[len("urn:uuid:") :])


def _check_date(element, where):
    assert DATE_TIME.match(element.text or ""), f"{where}: {element.text!r} is no RFC 3339 date"


def _check_text(element, where):
    kind = element.get("type", "text")
    assert kind in TEXT_TYPES, f"{where}: text construct of type {kind!r}"
    if kind != "xhtml":
        assert len(element) == 0, f"{where}: a {kind} construct has no child elements"


def _check_people(parent, where):
    for person in parent.findall("a:author", NS) + parent.findall("a:contributor", NS):
        assert (_one(person, "name", f"{where} person").text or "").strip()


def _check_links(parent, where):
    alternates = set()
    for link in parent.findall("a:link", NS):
        assert link.get("href"), f"{where}: atom:link without href"
        if link.get("rel", "alternate") == "alternate":
            pair = (link.get("type"), link.get("hreflang"))
            assert pair not in alternates, f"{where}: two alternate links of one type and language"
            alternates.add(pair)
    return alternates


def check_atom(document: bytes) -> ET.Element:
    """Assert the document is an Atom 1.0 feed as RFC 4287 §4 defines one; return its root."""
    feed = ET.fromstring(document)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        _one(feed, name, "feed")
    _at_most_one(feed, ("generator", "icon", "logo", "rights", "subtitle"), "feed")
    _check_id(_one(feed, "id", "feed"), "feed")
    _check_date(_one(feed, "updated", "feed"), "feed")
    for name in ("title", "subtitle"):
        for element in feed.findall(f"a:{name}", NS):
            _check_text(element, f"feed {name}")
    _check_people(feed, "feed")
    _check_links(feed, "feed")
    assert [link.get("rel") for link in feed.findall("a:link", NS)].count("self") == 1
    feed_has_author = bool(feed.findall("a:author", NS))
    seen = set()
    for number, entry in enumerate(feed.findall("a:entry", NS), 1):
        where = f"entry {number}"
        for name in ("id", "title", "updated"):
            _one(entry, name, where)
        _at_most_one(entry, ("content", "published", "rights", "source", "summary"), where)
        _check_id(_one(entry, "id", where), where)
        assert entry.find("a:id", NS).text not in seen, f"{where}: id repeats"
        seen.add(entry.find("a:id", NS).text)
        for name in ("updated", "published"):
            for element in entry.findall(f"a:{name}", NS):
                _check_date(element, f"{where} {name}")
        for name in ("title", "summary"):
            for element in entry.findall(f"a:{name}", NS):
                _check_text(element, f"{where} {name}")
        assert feed_has_author or entry.findall("a:author", NS), f"{where}: no author anywhere"
        _check_people(entry, where)
        alternates = _check_links(entry, where)
        assert entry.find("a:content", NS) is not None or alternates, f"{where}: no content"
        for category in entry.findall("a:category", NS):
            assert category.get("term"), f"{where}: category without term"
    return feed


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.feeds = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("type") == "application/atom+xml":
            self.feeds.append((attributes.get("rel"), attributes.get("title"), attributes["href"]))


def discovered(client, url):
    parser = _Links()
    parser.feed(client.get(url).get_data(as_text=True))
    return parser.feeds


def entries(feed):
    return [
        (entry.find("a:title", NS).text, entry.find("a:link", NS).get("href"))
        for entry in feed.findall("a:entry", NS)
    ]


def test_library_feed_is_valid_atom_with_every_published_lesson_newest_first(imported, client):
    response = client.get("/feeds/lessen.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = check_atom(response.data)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "nl"
    assert feed.find("a:title", NS).text == "Nieuwe lessen in de Techniekbieb"
    newest_first = db.session.scalars(
        sa.select(Lesson.slug).order_by(Lesson.published_at.desc(), Lesson.id.desc())
    ).all()
    assert [href for _, href in entries(feed)] == [
        f"http://bieb.test/lessen/{slug}" for slug in newest_first
    ]
    links = {link.get("rel"): link.get("href") for link in feed.findall("a:link", NS)}
    assert links == {
        "self": "http://bieb.test/feeds/lessen.atom",
        "alternate": "http://bieb.test/lessen",
    }


def test_entry_carries_summary_html_content_authors_and_categories(imported, client):
    feed = check_atom(client.get("/feeds/lessen.atom?world=hightech-science").data)
    (entry,) = feed.findall("a:entry", NS)
    assert entry.find("a:title", NS).text == "Wat trekt een magneet aan?"
    assert entry.find("a:summary", NS).text.startswith("Kinderen onderzoeken welke voorwerpen")
    content = entry.find("a:content", NS)
    assert content.get("type") == "html"
    assert "<li>Groep: Groep 3-4, Groep 5-6</li>" in content.text
    assert [a.find("a:name", NS).text for a in entry.findall("a:author", NS)] == [
        "Team Techniekbieb"
    ]
    assert {(c.get("term"), c.get("label")) for c in entry.findall("a:category", NS)} == {
        ("hightech-science", "Hi-tech & Science"),
        ("groep-3-4", "Groep 3-4"),
        ("groep-5-6", "Groep 5-6"),
    }
    assert DATE_TIME.match(entry.find("a:published", NS).text)


def test_ids_are_stable_and_one_lesson_has_one_id_in_every_feed(imported, client):
    def ids(url):
        feed = check_atom(client.get(url).data)
        entry_ids = {
            e.find("a:link", NS).get("href"): e.find("a:id", NS).text
            for e in feed.findall("a:entry", NS)
        }
        return feed.find("a:id", NS).text, entry_ids

    whole, in_whole = ids("/feeds/lessen.atom")
    again, in_again = ids("/feeds/lessen.atom")
    search, in_search = ids("/feeds/lessen.atom?grade=groep-7-8")
    assert whole == again and in_whole == in_again
    assert search != whole
    magnet = "http://bieb.test/lessen/brug-van-papier"
    assert in_search[magnet] == in_whole[magnet]
    assert whole not in in_whole.values()


def test_search_feed_filters_by_world_grade_and_technology(covered_feeds, client):
    def titles(url):
        return [title for title, _ in entries(check_atom(client.get(url).data))]

    assert titles("/feeds/lessen.atom?grade=groep-7-8&world=energie-water-veiligheid") == [
        "Een boot op zonne-energie",
        "Maak modderwater weer helder",
    ]
    assert titles("/feeds/lessen.atom?technology=robotica") == ["Een robotarm die sorteert"]
    assert titles("/feeds/lessen.atom?technology=robotica&grade=groep-7-8") == []
    assert titles("/feeds/lessen.atom?grade=groep-1-2&grade=vmbo-bovenbouw") == [
        "Een robotarm die sorteert",
        "Een brug voor de knuffels",
    ]


def test_search_feed_is_titled_and_linked_by_what_it_follows(imported, client):
    feed = check_atom(
        client.get("/feeds/lessen.atom?grade=groep-7-8&grade=groep-5-6&technology=robotica").data
    )
    assert feed.find("a:title", NS).text == "Nieuwe lessen: Groep 5-6 of Groep 7-8 · Robotica"
    links = {link.get("rel"): link.get("href") for link in feed.findall("a:link", NS)}
    assert links["self"] == (
        "http://bieb.test/feeds/lessen.atom?grade=groep-5-6&grade=groep-7-8&technology=robotica"
    )
    assert links["alternate"] == (
        "http://bieb.test/lessen?grade=groep-5-6&grade=groep-7-8&technology=robotica"
    )
    assert feed.findall("a:entry", NS) == []
    assert DATE_TIME.match(feed.find("a:updated", NS).text)


def test_feed_updated_is_its_newest_entry(imported, client):
    feed = check_atom(client.get("/feeds/lessen.atom").data)
    updated = [e.find("a:updated", NS).text for e in feed.findall("a:entry", NS)]
    assert feed.find("a:updated", NS).text == max(updated)


@pytest.mark.parametrize(
    "query, message",
    [
        ("grade=groep-9", "Onbekende waarde 'groep-9' voor grade. Kies uit:"),
        (
            "technology=lasersnijder",
            "Onbekende waarde 'lasersnijder' voor technology. Kies uit: lasersnijden",
        ),
    ],
)
def test_unknown_filter_value_is_a_dutch_400(imported, client, query, message):
    response = client.get(f"/feeds/lessen.atom?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_unpublished_lessons_leave_the_feed(imported, client):
    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "magneten-onderzoeken"))
    lesson.status = LessonStatus.ARCHIVED.value
    db.session.commit()
    hrefs = [href for _, href in entries(check_atom(client.get("/feeds/lessen.atom").data))]
    assert "http://bieb.test/lessen/magneten-onderzoeken" not in hrefs
    assert len(hrefs) == 2


def test_feed_readers_get_304_when_nothing_changed(imported, client):
    first = client.get("/feeds/lessen.atom")
    assert first.headers["ETag"] and "max-age=600" in first.headers["Cache-Control"]
    again = client.get("/feeds/lessen.atom", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_home_page_offers_the_library_feed(imported, client):
    assert discovered(client, "/") == [
        ("alternate", "Nieuwe lessen in de Techniekbieb", "/feeds/lessen.atom")
    ]
    assert 'href="/feeds/lessen.atom"' in client.get("/").get_data(as_text=True)


def test_list_page_offers_the_feed_of_its_search_first(imported, client):
    assert discovered(
        client, "/lessen?grade=groep-7-8&world=wonen-werken-verkeer&kind=ontwerpend"
    ) == [
        (
            "alternate",
            "Nieuwe lessen: Wonen, Werken & Verkeer · Groep 7-8",
            "/feeds/lessen.atom?world=wonen-werken-verkeer&grade=groep-7-8",
        ),
        ("alternate", "Nieuwe lessen in de Techniekbieb", "/feeds/lessen.atom"),
    ]
    assert discovered(client, "/lessen") == [
        ("alternate", "Nieuwe lessen in de Techniekbieb", "/feeds/lessen.atom")
    ]


def test_lesson_pages_offer_no_feed(imported, client):
    assert discovered(client, "/lessen/brug-van-papier") == []


@pytest.fixture
def covered_feeds(imported):
    import_path(FIXTURES / "coverage")
    return imported
