"""What a lesson says about careers (its vmbo profiles, its occupations, its Beroepen
section) still finds it, but weighs below the lesson's own text and is never the passage
a result shows: "energie" in Produceren, installeren en energie is no lesson about energy."""

from __future__ import annotations

import pytest
import yaml

from library.lessons.importer import import_path
from tests.helpers.search import run, slugs

LESSONS = {
    "zuinig-met-stroom": (
        {"title": "Zuinig met stroom", "summary": "Hoeveel energie gebruikt een lamp?"},
        "We meten met een meter de energie die een lamp en een laptop gebruiken.",
    ),
    "kast-timmeren": (
        {
            "title": "Een kast timmeren",
            "summary": "We maken een kast van hout.",
            "profiles": ["pie"],
            "occupations": ["monteur-zonne-energie"],
        },
        "We zagen planken en schroeven ze vast.\n\n## Beroepen\n\n"
        "Een monteur zonne-energie legt panelen op daken. Via het profiel Produceren, "
        "installeren en energie word je installateur.",
    ),
}


@pytest.fixture
def lessons(app, tmp_path):
    folder = tmp_path / "careers"
    folder.mkdir()
    for slug, (meta, body) in LESSONS.items():
        front = {"kind": "ontwerpend", "worlds": ["energie-water-veiligheid"], **meta}
        front["grades"] = ["groep-7-8"]
        text = f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n{body}\n"
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
    import_path(folder)
    return app


def test_a_word_only_in_careers_ranks_below_a_lesson_about_it(lessons):
    assert slugs("energie") == ["zuinig-met-stroom", "kast-timmeren"]


def test_the_passage_a_result_shows_is_never_about_careers(lessons):
    hits = {hit.slug: hit for hit in run("energie").hits}
    assert "<mark>energie</mark>" in hits["zuinig-met-stroom"].highlights["body"]
    assert "body" not in hits["kast-timmeren"].highlights
    assert "planken" not in str(hits["kast-timmeren"].highlights)


def test_careers_still_find_the_lesson(lessons):
    assert slugs("installateur") == ["kast-timmeren"]  # the Beroepen section
    assert slugs("zonnepanelenmonteur") == ["kast-timmeren"]  # an occupation's alias
    assert slugs("produceren installeren") == ["kast-timmeren"]  # the profile's name
