"""Preparation time, audience, word list, sentence starters and part of the cycle, as a
teacher meets them: on the lesson page, in print, in the ZIP, in the API and the JSON-LD."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

from library.lessons.importer import import_path
from tests.helpers.search import run, slugs

# A teachers' session of 30 minutes that works out one phase of the design cycle.
SESSION = """---
title: Stroomkringen voor het team
summary: Leerkrachten verkennen zelf hoe een stroomkring werkt voordat ze de les geven.
kind: ontwerpend
audience: leerkrachten
worlds: [energie-water-veiligheid]
grades: [groep-5-6]
duration: 30
preparation: |
  - Leg per tweetal een batterij, een lampje en draadjes klaar (15 minuten).
  - Zet de dia's klaar (10 minuten).
preparation_minutes: 25
word_list:
  - stroomkring: "de weg die de stroom rondgaat: van de batterij door het lampje en weer terug"
  - isolator: "een materiaal waar stroom niet doorheen kan, zoals plastic & <rubber>"
sentence_starters:
  - "Wij dachten dat ..., omdat ..."
  - "Het lampje brandde bij ..., dus ..."
---
Een korte bijeenkomst voor het hele team.

## Verkennen

*Duur: 30 minuten*

Probeer in tweetallen het lampje te laten branden.
"""

# A whole design cycle, no audience and no preparation time: none of the new lines show.
WHOLE_CYCLE = """---
title: Een hele ontwerpcyclus
summary: Van probleem tot presentatie in één middag.
kind: ontwerpend
worlds: [energie-water-veiligheid]
grades: [groep-7-8]
duration: 180
---
Alle fasen.

## Confrontatie

Een probleem.

## Verkennen

Rondkijken.

## Ontwerpvoorstel maken

Schetsen.

## Ontwerpvoorstel uitvoeren

Bouwen.

## Testen en bijstellen

Testen.

## Presenteren en communiceren

Laten zien.

## Verdiepen en verbreden

Verder.
"""


def write(folder: Path, slug: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{slug}.md").write_text(text, encoding="utf-8")


# A pupils' lesson of one phase with 10 minutes of preparation, for the search facets.
QUICK = (
    WHOLE_CYCLE.split("## Confrontatie")[0].replace(
        "duration: 180", "duration: 45\npreparation_minutes: 10"
    )
    + """## Verkennen

Kijk rond.

## Testen en bijstellen

Probeer het uit.
"""
)


@pytest.fixture
def lessons(app, tmp_path):
    folder = tmp_path / "support"
    write(folder, "stroomkringen-team", SESSION)
    write(folder, "hele-cyclus", WHOLE_CYCLE)
    write(folder, "snel-klaar", QUICK.replace("Een hele ontwerpcyclus", "Snel klaar"))
    import_path(folder)
    return app


def test_lesson_page_shows_audience_preparation_time_and_part_of_the_cycle(lessons, client):
    page = client.get("/lessen/stroomkringen-team").get_data(as_text=True)
    tree = lxml_html.fromstring(page)
    assert tree.xpath("string(//p[@class='audience'])") == "Voor leerkrachten (scholing)"
    facts = {
        dt.text_content(): dt.getnext().text_content()
        for dt in tree.xpath("//section[@class='quick-look']//dt")
    }
    assert facts["Voorbereiding"] == "25 minuten"
    assert tree.xpath("string(//p[@class='cycle-part'])") == "Deel van de cyclus: Verkennen"


def test_lesson_page_shows_the_word_list_as_definitions_and_the_starters(lessons, client):
    tree = lxml_html.fromstring(client.get("/lessen/stroomkringen-team").get_data(as_text=True))
    (glossary,) = tree.xpath("//section[@aria-labelledby='woordenschat']//dl")
    pairs = [(dt.text_content(), dt.getnext().text_content()) for dt in glossary.iter("dt")]
    assert pairs == [
        (
            "stroomkring",
            "de weg die de stroom rondgaat: van de batterij door het lampje en weer terug",
        ),
        ("isolator", "een materiaal waar stroom niet doorheen kan, zoals plastic & <rubber>"),
    ]
    assert tree.xpath("//section[@aria-labelledby='zinsstarters']//li/text()") == [
        "Wij dachten dat ..., omdat ...",
        "Het lampje brandde bij ..., dus ...",
    ]
    assert tree.xpath("string(//h2[@id='woordenschat'])") == "Woordenschat"


def test_a_pupils_lesson_with_the_whole_cycle_shows_none_of_it(lessons, client):
    page = client.get("/lessen/hele-cyclus").get_data(as_text=True)
    # The lesson itself, not the similar lessons below it.
    (article,) = lxml_html.fromstring(page).xpath("//article[@class='lesson']")
    text = article.text_content()
    for absent in ("Deel van de cyclus", "Voor leerkrachten", "Woordenschat", "Zinsstarters"):
        assert absent not in text
    assert not article.xpath(".//dt[.='Voorbereiding']")


def test_print_view_and_zip_page_carry_the_same_blocks(lessons, client):
    printed = client.get("/lessen/stroomkringen-team/print").get_data(as_text=True)
    response = client.get("/lessen/stroomkringen-team/download")
    offline = zipfile.ZipFile(io.BytesIO(response.data)).read("lesson.html").decode()
    for page in (printed, offline):
        tree = lxml_html.fromstring(page)
        assert tree.xpath("string(//p[@class='audience'])") == "Voor leerkrachten (scholing)"
        assert "<div><dt>Voorbereiding</dt><dd>25 minuten</dd></div>" in page
        assert tree.xpath("string(//p[@class='cycle-part'])") == "Deel van de cyclus: Verkennen"
        assert tree.xpath("//dl[@class='glossary']/div/dt/text()") == ["stroomkring", "isolator"]
        assert len(tree.xpath("//ul[@class='starters']/li")) == 2
    # The offline page brings its own print rules for the word list.
    assert ".glossary div" in offline and "break-inside: avoid" in offline


def test_zero_preparation_reads_as_none(app, tmp_path, client):
    folder = tmp_path / "geen"
    write(
        folder, "geen-voorbereiding", WHOLE_CYCLE.replace("duration: 180", "preparation_minutes: 0")
    )
    import_path(folder)
    page = client.get("/lessen/geen-voorbereiding").get_data(as_text=True)
    assert "<div><dt>Voorbereiding</dt><dd>geen</dd></div>" in page


def test_lesson_json_has_the_four_fields(lessons, client):
    data = client.get("/api/v1/lessons/stroomkringen-team").get_json()
    assert data["audience"] == "leerkrachten"
    assert data["preparation_minutes"] == 25
    assert data["word_list"][1] == {
        "word": "isolator",
        "meaning": "een materiaal waar stroom niet doorheen kan, zoals plastic & <rubber>",
    }
    assert data["sentence_starters"] == [
        "Wij dachten dat ..., omdat ...",
        "Het lampje brandde bij ..., dus ...",
    ]
    plain = client.get("/api/v1/lessons/hele-cyclus").get_json()
    assert plain["audience"] == "leerlingen"
    assert plain["preparation_minutes"] is None
    assert plain["word_list"] == [] and plain["sentence_starters"] == []


def test_jsonld_names_the_educational_audience(lessons, client):
    def jsonld(slug):
        page = client.get(f"/lessen/{slug}").get_data(as_text=True)
        (script,) = lxml_html.fromstring(page).xpath("//script[@type='application/ld+json']")
        return json.loads(script.text)

    teachers = jsonld("stroomkringen-team")
    assert teachers["audience"] == {"@type": "EducationalAudience", "educationalRole": "teacher"}
    assert teachers["timeRequired"] == "PT30M"
    pupils = jsonld("hele-cyclus")
    assert pupils["audience"] == {"@type": "EducationalAudience", "educationalRole": "student"}


def test_word_list_words_and_explanations_are_searchable(lessons):
    # Neither word is anywhere else in the lesson.
    assert slugs("isolator") == ["stroomkringen-team"]
    assert slugs("rubber") == ["stroomkringen-team"]


def test_facets_for_audience_preparation_and_cycle_count_every_lesson(lessons):
    counts = run().facet_counts()
    assert counts["audience"] == {"leerlingen": 2, "leerkrachten": 1}
    assert counts["preparation"] == {"tot-15": 1, "tot-30": 1}
    assert counts["cycle"] == {"hele-cyclus": 1, "deel-cyclus": 2}
    assert slugs(audience=["leerkrachten"]) == ["stroomkringen-team"]
    assert slugs(preparation=["tot-15"]) == ["snel-klaar"]


def test_a_teacher_finds_a_30_minute_verkennen_lesson_by_part_of_the_cycle(lessons):
    found = run(cycle=["deel-cyclus"], phase=["verkennen"], max_duration="30")
    assert [hit.slug for hit in found.hits] == ["stroomkringen-team"]
    assert found.hits[0].cycle_part == ["Verkennen"]
    whole = run(cycle=["hele-cyclus"]).hits
    assert [(hit.slug, hit.cycle_part) for hit in whole] == [("hele-cyclus", [])]


def test_least_preparation_sorts_lessons_without_a_time_last(lessons):
    assert slugs(sort="preparation") == ["snel-klaar", "stroomkringen-team", "hele-cyclus"]


def test_result_card_says_which_part_of_the_cycle(lessons, client):
    page = client.get("/lessen?cycle=deel-cyclus&sort=preparation").get_data(as_text=True)
    tree = lxml_html.fromstring(page)
    facts = [
        card.xpath("string(.//dt[.='Deel van de cyclus']/following-sibling::dd)")
        for card in tree.xpath("//article[contains(@class, 'result')]")
    ]
    assert facts == ["Verkennen, Testen en bijstellen", "Verkennen"]
    assert "Minste voorbereiding" in page
    assert tree.xpath("//fieldset[legend='Voor wie']//label[@for='f-audience-leerkrachten']")
    assert tree.xpath("//fieldset[legend='Cyclus']//input[@value='deel-cyclus'][@checked]")
