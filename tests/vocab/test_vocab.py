"""The vocabularies: complete per the domain facts, unique keys, aliases and phase headings."""

import pytest

from library.vocab.loader import load_vocabularies

vocab = load_vocabularies()


@pytest.mark.parametrize(
    "name,count",
    [
        ("worlds", 7),
        ("grades", 6),
        ("skills", 12),
        ("technologies", 11),
        ("licenses", 7),
        ("profiles", 11),
    ],
)
def test_vocabulary_has_every_term_of_the_domain(name, count):
    assert len(vocab[name]) == count


def test_keys_are_unique_in_every_vocabulary():
    for vocabulary in vocab.by_name.values():
        keys = vocabulary.keys()
        assert len(keys) == len(set(keys)), vocabulary.name


def test_goals_belong_to_a_known_framework_and_po_goals_have_slo_ids():
    frameworks = {group["key"] for group in vocab.goals.groups}
    assert frameworks == {"kerndoelen-po-2006", "kerndoelen-ob-2006", "concept-dg-2025"}
    for goal in vocab.goals:
        assert goal.get("framework") in frameworks
    assert vocab.goals.get("kd-po-45").get("slo_uuid") == "e652ff27-3b26-4820-8d7b-32e9d38836e1"


def test_occupations_refer_to_existing_profiles_and_worlds():
    assert len(vocab.occupations) >= 40
    for occupation in vocab.occupations:
        assert occupation.description
        assert all(p in vocab.profiles for p in occupation.get("profiles"))
        assert all(w in vocab.worlds for w in occupation.get("worlds"))


def test_aliases_and_labels_resolve_to_keys():
    assert vocab.worlds.resolve("Hi-Tech & Science").key == "hightech-science"
    assert vocab.worlds.resolve("Wonen, Werk & Verkeer").key == "wonen-werken-verkeer"
    assert vocab.technologies.resolve("3D printer").key == "3d-printen"
    assert vocab.technologies.resolve("micro:bit").key == "microbit"
    assert vocab.technologies.resolve("geen-technologie") is None


def test_suggestions_name_the_closest_keys():
    assert vocab.worlds.suggest("wonen-werk-verkeer")[0] == "wonen-werken-verkeer"
    assert "groep-7-8" in vocab.grades.suggest("groep-78")


@pytest.mark.parametrize(
    "kind,heading,phase",
    [
        ("ontwerpend", "Probleem vaststellen", "confrontatie"),
        ("ontwerpend", "Testen en evalueren", "testen-bijstellen"),
        ("ontwerpend", "prototype MAKEN", "ontwerpvoorstel-uitvoeren"),
        ("onderzoekend", "Opzetten experiment", "opzetten-experiment"),
        ("onderzoekend", "Uitvoeren van het experiment", "uitvoeren-experiment"),
        ("onderzoekend", "Verdiepen/verbreden", "verdiepen-verbreden"),
        ("onderzoekend", "Conclusie trekken", "concluderen"),
    ],
)
def test_phase_headings_match_with_aliases_case_and_filler_words(kind, heading, phase):
    assert vocab.cycles[kind].match_heading(heading).key == phase


def test_free_headings_are_not_phases():
    assert vocab.cycles["onderzoekend"].match_heading("Tips voor de leerkracht") is None
    # A design-cycle phase is not a phase of the research cycle.
    assert vocab.cycles["onderzoekend"].match_heading("Ontwerpvoorstel maken") is None


def test_every_term_field_has_a_value():
    """An unquoted comma in a flow mapping (`{description: a, b}`) silently cuts the text
    and makes `b` a key without a value; no vocabulary may hold such a field."""
    vocabularies = load_vocabularies()
    vocabularies_and_cycles = [*vocabularies.by_name.values()] + [
        cycle.phases for cycle in vocabularies.cycles.values()
    ]
    for vocabulary in vocabularies_and_cycles:
        for term in vocabulary:
            empty = [name for name, value in term.data.items() if value is None]
            assert not empty, f"{vocabulary.name}/{term.key}: fields without a value: {empty}"
