"""The page that explains both cycles, with examples of each phase from the library's lessons."""

import pytest
import sqlalchemy as sa
from lxml import html as lxml_html

from library.db import db
from library.lessons.importer import import_path
from library.lessons.models import Lesson, LessonStatus, Revision, Section
from tests.helpers.app import CONTENT

PAGE = "/onderzoekend-en-ontwerpend-leren"


def examples(client, cycle, phase):
    tree = lxml_html.fromstring(client.get(PAGE).get_data(as_text=True))
    (item,) = tree.xpath(f"//li[@id='{cycle}-{phase}']")
    return item, [a.get("href") for a in item.xpath(".//ul[@class='phase-examples']//a")]


def longest_first(kind, phase):
    """The published lessons with that phase, longest phase text first: from the data."""
    rows = db.session.execute(
        sa.select(Lesson.slug, Lesson.title, sa.func.length(Section.markdown))
        .join(Revision, Revision.id == Lesson.current_revision_id)
        .join(Section, Section.revision_id == Revision.id)
        .where(
            Lesson.kind == kind,
            Section.phase == phase,
            Lesson.status == LessonStatus.PUBLISHED.value,
        )
    ).all()
    longest: dict[tuple[str, str], int] = {}
    for slug, title, length in rows:
        longest[(title, slug)] = max(length, longest.get((title, slug), 0))
    ranked = sorted(longest, key=lambda lesson: (-longest[lesson], *lesson))
    return [f"/lessen/{slug}#fase-{phase}" for _, slug in ranked]


def test_the_page_explains_both_cycles_phase_by_phase(imported, client):
    response = client.get(PAGE)
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.get_data(as_text=True))
    assert tree.xpath("string(//h1)") == "Onderzoekend en ontwerpend leren"
    headings = tree.xpath("//section[@class='cycle-explained']/h2/text()")
    assert headings == ["Onderzoekend leren: de zeven fasen", "Ontwerpend leren: de zeven fasen"]
    for section in tree.xpath("//section[@class='cycle-explained']"):
        assert len(section.xpath(".//ol[@class='phase-explained']/li")) == 7
        assert len(section.xpath(".//svg[@role='img']//circle")) == 7
    (confrontatie,) = tree.xpath("//li[@id='onderzoekend-confrontatie']")
    assert "geen ruzie" in confrontatie.xpath("string(p)")
    assert "Dat is geen ruzie" in tree.xpath("string(//section[@aria-labelledby='verschil'])")
    # The footer of every page leads here.
    assert tree.xpath(f"//footer[@class='site-footer']//a[@href='{PAGE}']")


def test_examples_are_the_longest_phase_texts_linked_to_the_phase(imported, client):
    item, links = examples(client, "ontwerpend", "confrontatie")
    assert links == longest_first("ontwerpend", "confrontatie")
    assert links == [
        "/lessen/brug-van-papier#fase-confrontatie",
        "/lessen/brug-voor-kleuters#fase-confrontatie",
    ]
    quotes = item.xpath(".//blockquote/text()")
    assert quotes == [
        "Een brug over een sloot van 20 cm: hoe maak je die sterk?",
        "De knuffel wil naar de overkant.",
    ]
    # The quoted phase leaves out its time line; the minutes stand beside the title.
    _, links = examples(client, "onderzoekend", "confrontatie")
    assert links == ["/lessen/magneten-onderzoeken#fase-confrontatie"]
    (onderzoek,) = lxml_html.fromstring(client.get(PAGE).get_data(as_text=True)).xpath(
        "//li[@id='onderzoekend-confrontatie']//ul/li"
    )
    assert "(Groep 3-4, Groep 5-6, 5 minuten)" in onderzoek.text_content()
    assert onderzoek.xpath("string(blockquote)").startswith("Laat een paperclip over tafel")
    item, links = examples(client, "onderzoekend", "verkennen")
    assert links == [] and "Nog geen les werkt deze fase uit." in item.text_content()


def test_only_published_lessons_are_examples(imported, client):
    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "brug-van-papier"))
    lesson.status = LessonStatus.ARCHIVED.value
    db.session.commit()
    _, links = examples(client, "ontwerpend", "confrontatie")
    assert links == ["/lessen/brug-voor-kleuters#fase-confrontatie"]


@pytest.fixture
def curated(app):
    import_path(CONTENT)
    return app.test_client()


def test_each_phase_lists_the_three_longest_of_the_curated_library(curated):
    client = curated
    tree = lxml_html.fromstring(client.get(PAGE).get_data(as_text=True))
    for item in tree.xpath("//ol[@class='phase-explained']/li"):
        cycle, _, phase = item.get("id").partition("-")
        links = [a.get("href") for a in item.xpath(".//ul[@class='phase-examples']//a")]
        assert links == longest_first(cycle, phase)[:3], item.get("id")
        assert len(links) == 3  # the library works every phase out in three lessons or more
