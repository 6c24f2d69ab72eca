"""The lesson file format: validation with path:line problems, sections, canonical round trip."""

from library.content.format import parse_lesson, serialise
from library.vocab.loader import load_vocabularies

vocab = load_vocabularies()

VALID = """---
title: Drijven en zinken
summary: Wat drijft er, en waarom?
kind: onderzoekend
worlds: [energie-water-veiligheid]
grades:
  - groep-1-2
duration: 45
---
Intro tekst.

## Confrontatie

Een bak water.

## Tips voor de leerkracht

Handdoeken klaarleggen.
"""


def parse(text, slug="drijven"):
    return parse_lesson(text, "les.md", vocab, default_slug=slug)


def messages(text):
    document, problems = parse(text)
    assert document is None
    return [str(p) for p in problems]


def test_valid_file_gives_document_with_defaults_and_phases():
    document, problems = parse(VALID)
    assert problems == []
    assert document.slug == "drijven"
    assert document.metadata["license"] == "CC-BY-SA-4.0"
    assert document.intro == "Intro tekst."
    assert [(s.heading, s.phase) for s in document.sections] == [
        ("Confrontatie", "confrontatie"),
        ("Tips voor de leerkracht", None),
    ]


def test_unknown_key_is_reported_with_line_and_closest_key():
    text = VALID.replace("duration: 45", "durattion: 45")
    assert messages(text) == ["les.md:8: onbekende sleutel `durattion`. Bedoelde je: `duration`?"]


def test_unknown_vocabulary_value_names_closest_valid_keys():
    text = VALID.replace("  - groep-1-2", "  - groep-12")
    (message,) = messages(text)
    assert message.startswith("les.md:7: `groep-12` is geen geldige waarde voor `grades`.")
    assert "`groep-1-2`" in message


def test_every_problem_of_a_file_is_reported_at_once():
    text = VALID.replace("kind: onderzoekend", "kind: knutselen").replace(
        "duration: 45", "duration: 3"
    )
    found = messages(text)
    assert len(found) == 2
    assert found[0].startswith("les.md:4: `knutselen` is geen geldige waarde voor `kind`")
    assert found[1] == "les.md:8: `duration` moet tussen 5 en 2400 liggen (nu 3)"


def test_missing_required_keys_and_front_matter():
    assert (
        "de verplichte sleutel `summary` ontbreekt"
        in messages(VALID.replace("summary: Wat drijft er, en waarom?\n", ""))[0]
    )
    assert messages("# Geen front matter")[0].startswith("les.md:1: het bestand begint niet")
    assert "niet afgesloten" in messages("---\ntitle: x\n")[0]


def test_yaml_syntax_error_points_at_its_line():
    text = VALID.replace("title: Drijven en zinken", "title: Drijven: en zinken")
    assert messages(text)[0].startswith("les.md:2: de front matter is geen geldige YAML")


def test_duplicate_key_and_wrong_types():
    text = VALID.replace("duration: 45", "duration: lang\nkind: ontwerpend")
    found = messages(text)
    assert "les.md:8: `duration` moet een heel getal zijn (nu `lang`)" in found
    assert "les.md:9: `kind` staat twee keer in de front matter" in found


def test_text_fields_keep_what_was_written():
    document, _ = parse(VALID.replace("title: Drijven en zinken", "title: 1984"))
    assert document.metadata["title"] == "1984"


def test_aliases_in_front_matter_become_keys():
    document, _ = parse(
        VALID.replace("[energie-water-veiligheid]", '["Energie, Water & Veiligheid"]')
    )
    assert document.metadata["worlds"] == ["energie-water-veiligheid"]


def test_heading_inside_fenced_code_does_not_start_a_section():
    text = VALID + "\n```\n## geen kop\n```\n"
    document, _ = parse(text)
    assert len(document.sections) == 2
    assert "## geen kop" in document.sections[-1].markdown


def test_serialise_then_parse_gives_the_same_document():
    text = VALID.replace(
        "duration: 45",
        "duration: 45\nx-eigen: [a, b]\npreparation: |\n  Regel een.\n\n  Regel twee.",
    )
    document, _ = parse(text)
    again, problems = parse(serialise(document))
    assert problems == []
    assert again.metadata == document.metadata
    assert again.metadata["x-eigen"] == ["a", "b"]
    assert [(s.heading, s.markdown) for s in again.sections] == [
        (s.heading, s.markdown) for s in document.sections
    ]
    assert serialise(again) == serialise(document)


def test_invalid_file_stem_needs_a_slug():
    document, problems = parse(VALID, slug="Mijn Les")
    assert document is None
    assert "geen geldige slug" in problems[0].message
