"""Search as a teacher uses it: Dutch words, facets with exact counts, sorting, paging, typos.

The corpus below is written for these tests: each lesson carries the words one
behaviour needs (stems, accents, compounds, hyphens, aliases, phrases), and the
facet values are chosen so every count can be checked by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from werkzeug.datastructures import MultiDict

from library.db import db, utcnow
from library.lessons.importer import import_path
from library.lessons.models import Lesson
from library.search import service
from library.search.query import SearchError
from library.search.request import parse_request
from library.vocab.loader import get_vocabularies
from tests.helpers.search import run, slugs

ENERGY = "energie-water-veiligheid"
LIVING = "wonen-werken-verkeer"
HITECH = "hightech-science"
FOOD = "voeding-natuur"
DESIGN = "ontwerp-productie-wereldhandel"
DIGITAL = "digitaal-media-entertainment"

# slug: (title, body, kind, world, grade, duration, extra front matter)
CORPUS = {
    "bruggen-bouwen": ("Bouwen met karton", "De bruggen in onze stad zijn van staal.", "ontwerpend", LIVING, "groep-5-6", 90, {"occupations": ["timmerman"], "profiles": ["bwi"]}),
    "magneten": ("Aantrekken en afstoten", "We onderzoeken magneten en ijzer.", "onderzoekend", HITECH, "groep-3-4", 45, {}),
    "yoghurt": ("Yoghurt maken", "Goede bacteriën maken van melk een toetje.", "onderzoekend", FOOD, "groep-7-8", 120, {"summary": "Melk + bacteriën = yoghurt <echt waar> & lekker."}),
    "zonne-streepje": ("Licht als brandstof", "Hoe werkt zonne-energie op een dak?", "onderzoekend", ENERGY, "groep-7-8", 60, {}),
    "zonne-los": ("Warmte van boven", "We meten zonne energie met een thermometer.", "ontwerpend", ENERGY, "groep-5-6", 240, {}),
    "zonne-aaneen": ("Koken zonder stroom", "Een oven op zonneenergie bouwen.", "ontwerpend", ENERGY, "vmbo-onderbouw", 300, {}),
    "zonnepaneel": ("Stroom op het dak", "Een zonnepaneel levert stroom.", "onderzoekend", ENERGY, "vmbo-bovenbouw", None, {}),
    "printen-streepje": ("Een eigen sleutelhanger", "Ontwerpen en 3D-printen van een hanger.", "ontwerpend", DESIGN, "groep-7-8", 90, {"technologies": ["3d-printen"]}),
    "printen-los": ("Onderdelen maken", "In de klas gaan we 3d printen.", "ontwerpend", DESIGN, "vmbo-onderbouw", 45, {}),
    "lijnvolger": ("Een lijnvolger bouwen", "Een wagentje volgt een zwarte lijn met sensoren.", "ontwerpend", HITECH, "groep-7-8", 90, {"technologies": ["robotica"]}),
    "knipperlicht": ("Een knipperlicht", "Laat een lampje knipperen met een paar regels.", "ontwerpend", DIGITAL, "groep-5-6", 60, {"technologies": ["microbit"]}),
    "robotauto": ("Een rijdend speelgoed", "We bouwen samen een robotauto van lego.", "ontwerpend", HITECH, "groep-3-4", 60, {}),
    "robot-exact": ("Een huishoudhulp", "Een robot helpt in huis met stofzuigen.", "onderzoekend", HITECH, "groep-3-4", 45, {}),
    "papier-zin": ("Sterk papier", "Bouw een brug van papier die een knikker draagt.", "ontwerpend", LIVING, "groep-7-8", 90, {}),
    "papier-los": ("Papier vouwen", "Vouw het papier dubbel. Later bekijken we een brug.", "ontwerpend", LIVING, "groep-1-2", 30, {}),
    "vulkaan-titel": ("Vulkaan in een fles", "Azijn en soda laten schuim spuiten.", "onderzoekend", FOOD, "groep-5-6", 45, {}),
    "vulkaan-tekst": ("Bergen en rotsen", "Een vulkaan spuwt lava. Rond een vulkaan is de grond vruchtbaar.", "onderzoekend", FOOD, "groep-5-6", 45, {}),
    "stap-voor-stap": ("Stap voor stap", "Kinderen leren programmeren met blokjes.", "onderzoekend", DIGITAL, "groep-3-4", 60, {}),
    "stroomkring": ("Een lampje laten branden", "We maken een stroomkring met een batterij.", "onderzoekend", ENERGY, "groep-5-6", 60, {"occupations": ["elektromonteur"], "profiles": ["pie"]}),
}  # fmt: skip


def write_lesson(folder: Path, slug: str) -> None:
    title, body, kind, world, grade, duration, extra = CORPUS[slug]
    meta = {
        "title": title,
        "summary": f"Een les over {title.lower()}.",
        "kind": kind,
        "worlds": [world],
        "grades": [grade],
        **({"duration": duration} if duration else {}),
        **extra,
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    (folder / f"{slug}.md").write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")


@pytest.fixture
def corpus(app, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for slug in CORPUS:
        write_lesson(folder, slug)
    import_path(folder)
    return app


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("brug", "bruggen-bouwen"),  # bruggen -> brug
        ("bruggen", "papier-zin"),
        ("magneet", "magneten"),  # magneten -> magneet
        ("bacterien", "yoghurt"),  # accents folded
        ("BACTERIËN", "yoghurt"),
        ("knipperen", "knipperlicht"),
    ],
)
def test_dutch_stemming_and_accents(corpus, query, found):
    assert found in slugs(query)


@pytest.mark.parametrize("query", ["zonne-energie", "zonne energie", "zonneenergie"])
def test_hyphenated_split_and_joined_forms_find_each_other(corpus, query):
    assert {"zonne-streepje", "zonne-los", "zonne-aaneen"} <= set(slugs(query))


@pytest.mark.parametrize("query", ["3D-printen", "3d printen", "3dprinten"])
def test_3d_printen_in_every_spelling(corpus, query):
    assert {"printen-streepje", "printen-los"} <= set(slugs(query))


@pytest.mark.parametrize(
    ("query", "tagged"),
    [
        ("robot", "lijnvolger"),  # alias of the technology robotica
        ("robots", "lijnvolger"),
        ("3d printer", "printen-streepje"),  # alias of 3d-printen
        ("micro:bit", "knipperlicht"),
        ("microbit", "knipperlicht"),
        ("elektricien", "stroomkring"),  # alias of the occupation elektromonteur
        ("elektromonteur", "stroomkring"),
        ("timmerman", "bruggen-bouwen"),  # occupation label
        ("bouwtimmerman", "bruggen-bouwen"),
        ("bouwen wonen interieur", "bruggen-bouwen"),  # the vmbo profile bwi
    ],
)
def test_vocabulary_labels_and_aliases_find_tagged_lessons(corpus, query, tagged):
    assert tagged in slugs(query)


def test_part_of_a_compound_finds_it_below_exact_matches(corpus):
    found = slugs("robot")
    assert "robotauto" in found
    assert found.index("robot-exact") < found.index("robotauto")
    assert found.index("lijnvolger") < found.index("robotauto")
    assert {"zonnepaneel", "zonne-aaneen"} <= set(slugs("zonne"))
    assert "zonnepaneel" in slugs("paneel")


def test_a_title_match_ranks_above_body_text(corpus):
    assert slugs("vulkaan") == ["vulkaan-titel", "vulkaan-tekst"]


def test_quoted_phrase_needs_the_words_together(corpus):
    assert slugs('"brug van papier"') == ["papier-zin"]
    assert {"papier-zin", "papier-los"} <= set(slugs("brug papier"))


def test_all_words_first_then_any_word(corpus):
    result = run("vulkaan stroomkring")
    assert result.any_word
    assert {hit.slug for hit in result.hits} == {"vulkaan-titel", "vulkaan-tekst", "stroomkring"}
    result = run("vulkaan lava")
    assert not result.any_word and [hit.slug for hit in result.hits] == ["vulkaan-tekst"]


def test_spelling_suggestions_from_the_index_and_the_vocabularies(corpus):
    result = run("progammeren")
    assert result.total == 0 and result.suggestion == "programmeren"
    assert run("robot progammeren").suggestion == "robot programmeren"
    # `dakdekker` is in no lesson, but it is an occupation.
    assert run("dakdekkr").suggestion == "dakdekker"
    assert run("robot").suggestion is None


def test_highlights_mark_the_words_and_escape_the_text(corpus):
    hit = run("yoghurt bacterien").hits[0]
    assert hit.slug == "yoghurt"
    assert hit.highlights["title"] == "<mark>Yoghurt</mark> maken"
    assert hit.highlights["summary"] == (
        "Melk + <mark>bacteriën</mark> = <mark>yoghurt</mark> &lt;echt waar&gt; &amp; lekker."
    )
    assert "<mark>bacteriën</mark>" in hit.highlights["body"]
    joined = run("zonne-energie").hits
    streepje = next(hit for hit in joined if hit.slug == "zonne-streepje")
    assert "<mark>zonne-energie</mark>" in streepje.highlights["body"]


def test_filter_only_search_lists_every_lesson_with_exact_facet_counts(corpus):
    result = run()
    assert result.total == len(CORPUS)
    counts = result.facet_counts()
    assert counts["world"] == {ENERGY: 5, FOOD: 3, LIVING: 3, DESIGN: 2, DIGITAL: 2, HITECH: 4}
    assert counts["grade"] == {
        "groep-1-2": 1,
        "groep-3-4": 4,
        "groep-5-6": 6,
        "groep-7-8": 5,
        "vmbo-onderbouw": 2,
        "vmbo-bovenbouw": 1,
    }
    assert counts["kind"] == {"onderzoekend": 9, "ontwerpend": 10}
    assert counts["duration"] == {"tot-45": 6, "tot-90": 9, "dagdeel": 2, "langer": 1}
    assert counts["technology"] == {"3d-printen": 1, "robotica": 1, "microbit": 1}
    assert counts["occupation"] == {"timmerman": 1, "elektromonteur": 1}
    assert counts["profile"] == {"bwi": 1, "pie": 1}
    assert counts["license"] == {"CC-BY-SA-4.0": 19}


def test_drill_down_counts_apply_every_other_filter(corpus):
    result = run(world=[ENERGY])
    assert result.total == 5
    counts = result.facet_counts()
    # The world facet still shows every world: choosing another would add lessons.
    assert counts["world"] == {ENERGY: 5, FOOD: 3, LIVING: 3, DESIGN: 2, DIGITAL: 2, HITECH: 4}
    assert counts["grade"] == {
        "groep-5-6": 2,
        "groep-7-8": 1,
        "vmbo-onderbouw": 1,
        "vmbo-bovenbouw": 1,
    }
    assert counts["kind"] == {"onderzoekend": 3, "ontwerpend": 2}

    result = run(world=[ENERGY, FOOD], grade=["groep-5-6"])
    assert sorted(hit.slug for hit in result.hits) == [
        "stroomkring",
        "vulkaan-tekst",
        "vulkaan-titel",
        "zonne-los",
    ]
    counts = result.facet_counts()
    assert counts["world"] == {ENERGY: 2, FOOD: 2, LIVING: 1, DIGITAL: 1}
    assert counts["grade"]["groep-5-6"] == 4 and counts["grade"]["groep-7-8"] == 2


def test_facet_counts_follow_the_words(corpus):
    result = run("robot")
    counts = result.facet_counts()
    assert counts["world"] == {HITECH: 3}
    assert counts["kind"] == {"onderzoekend": 1, "ontwerpend": 2}


def test_duration_buckets_and_max_duration(corpus):
    assert sorted(slugs(duration=["dagdeel", "langer"])) == ["yoghurt", "zonne-aaneen", "zonne-los"]
    result = run(max_duration="60")
    assert result.total == 11
    assert result.facet_counts()["duration"] == {"tot-45": 6, "tot-90": 5}


def test_selected_values_stay_visible_with_no_lessons(corpus):
    result = run("vulkaan", world=[ENERGY])
    assert result.total == 0
    world = next(facet for facet in result.facets if facet.name == "world")
    assert [(c.key, c.count, c.selected) for c in world.counts] == [
        (ENERGY, 0, True),
        (FOOD, 2, False),
    ]


def test_sorting_and_paging(corpus):
    shortest = slugs(sort="shortest")
    assert shortest[0] == "papier-los" and shortest[-1] == "zonnepaneel"
    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "zonne-los"))
    lesson.published_at = utcnow().replace(year=utcnow().year + 1)
    db.session.commit()
    assert slugs(sort="newest")[0] == "zonne-los"
    assert slugs()[0] == "zonne-los"  # without words, the newest come first

    args = MultiDict({"page": "2", "per_page": "5", "sort": "shortest"})
    page = service.search(parse_request(args, get_vocabularies(), per_page=24))
    assert page.total == 19 and page.pages == 4
    assert [hit.slug for hit in page.hits] == shortest[5:10]
    assert page.page_numbers() == [1, 2, 3, 4]
    args = MultiDict({"page": "9", "per_page": "5"})
    assert service.search(parse_request(args, get_vocabularies(), per_page=24)).hits == []


def test_more_like_this_finds_lessons_about_the_same_thing(corpus):
    similar = [hit.slug for hit in service.more_like_this("zonne-streepje")]
    assert "zonne-streepje" not in similar
    assert similar and set(similar) <= {"zonne-los", "zonne-aaneen", "zonnepaneel", "stroomkring"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"q": "x" * 201}, "te lang"),
        ({"q": " ".join(f"woord{n}" for n in range(13))}, "hoogstens 12"),
        ({"world": "maan"}, "Onbekende waarde 'maan' voor world"),
        ({"occupation": "astronaut"}, "Onbekende waarde"),
        ({"sort": "random"}, "Onbekende sortering"),
        ({"page": "0"}, "page moet tussen 1 en"),
        ({"per_page": "1000"}, "per_page moet tussen 1 en 100"),
        ({"max_duration": "lang"}, "max_duration moet een heel getal zijn"),
    ],
)
def test_requests_that_cannot_be_searched_say_why(app, args, message):
    with pytest.raises(SearchError, match=message):
        parse_request(MultiDict(args), get_vocabularies(), per_page=20)


def test_a_query_of_only_stop_words_lists_everything(corpus):
    result = run("de het een")
    assert not result.request.query.has_words and result.total == len(CORPUS)
