"""The lesson file format: validation with path:line problems, sections, canonical round trip."""

from library.content.format import serialise
from tests.helpers.lessons import VALID, messages, parse


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


LANGUAGE = """audience: leerkrachten
preparation_minutes: 25
word_list:
  - stroomkring: "de weg die de stroom rondgaat: van de batterij door het lampje en weer terug"
  - isolator: "een materiaal waar stroom niet doorheen kan, zoals plastic"
sentence_starters:
  - "Wij dachten dat ..., omdat ..."
  - "Het lampje brandde bij ..., dus ..."
"""


def with_language(replacements=()):
    """VALID with the language fields after `duration` (line 9 on), each replacement applied."""
    text = VALID.replace("duration: 45\n", "duration: 45\n" + LANGUAGE)
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    return text


def test_audience_preparation_minutes_word_list_and_starters_are_read():
    document, problems = parse(with_language())
    assert problems == []
    meta = document.metadata
    assert meta["audience"] == "leerkrachten"
    assert meta["preparation_minutes"] == 25
    assert meta["word_list"] == [
        {
            "word": "stroomkring",
            "meaning": "de weg die de stroom rondgaat: van de batterij door het lampje en weer terug",
        },
        {
            "word": "isolator",
            "meaning": "een materiaal waar stroom niet doorheen kan, zoals plastic",
        },
    ]
    assert meta["sentence_starters"] == [
        "Wij dachten dat ..., omdat ...",
        "Het lampje brandde bij ..., dus ...",
    ]
    # The canonical order puts `audience` after `kind`, the rest after `preparation`.
    keys = list(meta)
    assert keys.index("audience") == keys.index("kind") + 1
    assert keys[keys.index("preparation_minutes") :][:3] == [
        "preparation_minutes",
        "word_list",
        "sentence_starters",
    ]


def test_absent_audience_is_not_stored_and_zero_preparation_is():
    text = with_language([("audience: leerkrachten\n", ""), ("minutes: 25", "minutes: 0")])
    document, problems = parse(text)
    assert problems == []
    assert "audience" not in document.metadata
    assert document.metadata["preparation_minutes"] == 0


def test_audience_accepts_an_alias_and_refuses_other_values():
    document, _ = parse(with_language([("audience: leerkrachten", "audience: scholing")]))
    assert document.metadata["audience"] == "leerkrachten"
    (message,) = messages(with_language([("audience: leerkrachten", "audience: ouders")]))
    assert message.startswith("les.md:9: `ouders` is geen geldige waarde voor `audience`.")


def test_preparation_minutes_must_be_whole_minutes_up_to_600():
    assert messages(with_language([("minutes: 25", "minutes: 601")])) == [
        "les.md:10: `preparation_minutes` moet tussen 0 en 600 liggen (nu 601)"
    ]
    assert messages(with_language([("minutes: 25", "minutes: 2.5")])) == [
        "les.md:10: `preparation_minutes` moet een heel getal zijn (nu `2.5`)"
    ]


def test_each_word_list_problem_is_reported_on_its_own_line():
    text = with_language(
        [
            (
                "  - isolator:",
                "  - " + "w" * 61 + ": uitleg\n  - stroomkring: nog eens\n  - isolator:",
            ),
            ('zoals plastic"', 'zoals plastic"\n  - geleider:\n  - los woord\n  - a: b\n    c: d'),
        ]
    )
    assert messages(text) == [
        "les.md:13: een woord van `word_list` mag hoogstens 60 tekens hebben (nu 61)",
        "les.md:14: `stroomkring` staat twee keer in `word_list`",
        "les.md:16: de uitleg van `geleider` in `word_list` is leeg",
        "les.md:17: elk item van `word_list` moet één paar `woord: uitleg` zijn",
        "les.md:18: elk item van `word_list` moet één paar `woord: uitleg` zijn",
    ]


def test_word_list_explanation_length_count_and_shape_are_limited():
    long_meaning = with_language([("zoals plastic", "zoals plastic" + "x" * 300)])
    assert messages(long_meaning) == [
        "les.md:13: de uitleg van `isolator` in `word_list` mag hoogstens 300 tekens hebben (nu 358)"
    ]
    entries = "".join(f"  - woord{n}: uitleg\n" for n in range(41))
    too_many = with_language([("word_list:\n", "word_list:\n" + entries)])
    assert messages(too_many) == ["les.md:11: `word_list` mag hoogstens 40 items hebben (nu 43)"]
    assert messages(VALID.replace("duration: 45", "word_list: []")) == [
        "les.md:8: `word_list` moet minstens één woord met uitleg hebben"
    ]
    assert messages(VALID.replace("duration: 45", "word_list:\n  stroomkring: uitleg")) == [
        "les.md:9: `word_list` moet een lijst zijn met regels `- woord: uitleg`"
    ]


def test_sentence_starters_are_limited_in_length_and_number():
    long_starter = with_language([("Wij dachten", "Wij" + "x" * 200 + " dachten")])
    (message,) = messages(long_starter)
    assert message.startswith(
        "les.md:15: een item van `sentence_starters` mag hoogstens 200 tekens"
    )
    starters = "".join(f'  - "Starter {n} ..."\n' for n in range(19))
    too_many = with_language([("sentence_starters:\n", "sentence_starters:\n" + starters)])
    assert messages(too_many) == [
        "les.md:14: `sentence_starters` mag hoogstens 20 items hebben (nu 21)"
    ]


def test_language_fields_survive_the_round_trip_with_quoted_word_pairs():
    document, _ = parse(with_language())
    text = serialise(document)
    assert '\n- "stroomkring": "de weg die de stroom rondgaat: van de batterij' in text
    again, problems = parse(text)
    assert problems == []
    assert again.metadata == document.metadata
    assert serialise(again) == text


COVERED = VALID.replace(
    "duration: 45\n",
    "duration: 45\nattachments: [werkblad.pdf, boot.svg]\ncover: boot.svg\n"
    "cover_alt: Een bootje van folie drijft in een bak water.\n",
)


def test_a_cover_names_an_attached_image_with_its_alt_text():
    document, problems = parse(COVERED)
    assert problems == []
    assert document.metadata["cover"] == "boot.svg"
    assert document.metadata["cover_alt"] == "Een bootje van folie drijft in een bak water."
    again, _ = parse(serialise(document))
    assert again.metadata == document.metadata
    assert "cover: boot.svg\ncover_alt: Een bootje" in serialise(document)


def test_a_cover_must_be_an_attached_image_and_have_alt_text():
    assert messages(COVERED.replace("cover: boot.svg", "cover: foto.jpg")) == [
        "les.md:10: `cover` `foto.jpg` is niet een van de bijlagen (`attachments`) van de les"
    ]
    assert messages(COVERED.replace("cover: boot.svg", "cover: werkblad.pdf")) == [
        "les.md:10: `cover` `werkblad.pdf` is geen afbeelding (dit kan: png, jpg, jpeg, webp, svg)"
    ]
    no_alt = COVERED.replace("cover_alt: Een bootje van folie drijft in een bak water.\n", "")
    assert messages(no_alt) == [
        "les.md:10: `cover` heeft een `cover_alt` nodig: zeg in een zin wat er op de afbeelding staat"
    ]
    assert messages(COVERED.replace("cover: boot.svg\n", "")) == [
        "les.md:10: `cover_alt` zonder `cover`: noem ook de afbeelding"
    ]
    assert messages(
        COVERED.replace("cover_alt: Een bootje van folie drijft in een bak water.", "cover_alt:")
    ) == [
        "les.md:10: `cover` heeft een `cover_alt` nodig: zeg in een zin wat er op de afbeelding staat"
    ]
    long_alt = COVERED.replace("Een bootje", "Een bootje" + " heel" * 50)
    assert messages(long_alt) == ["les.md:11: `cover_alt` mag hoogstens 250 tekens hebben (nu 295)"]
    assert messages(COVERED.replace("cover: boot.svg", "cover: ../boot.svg")) == [
        "les.md:10: `../boot.svg` is geen geldige bestandsnaam voor `cover`"
    ]
