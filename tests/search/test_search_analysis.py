"""Dutch analysis: which words meet in the index, and which pieces a compound leaves."""

from __future__ import annotations

import pytest

from library.search import analysis
from library.search.analysis import fold, stem, stop_words
from library.search.query import SearchError, parse
from library.search.suggest import edit_distance


def terms(text: str) -> list[str]:
    return [term for term, *_ in analysis.terms(text)]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("bruggen", "brug"),
        ("magneten", "magneet"),
        ("huizen", "huis"),
        ("klassen", "klas"),
        ("zonnepanelen", "zonnepaneel"),
        ("programmeren", "programmeer"),
        ("bacteriën", "bacterien"),
    ],
)
def test_forms_of_one_word_share_a_stem(one, other):
    assert stem(fold(one)) == stem(fold(other))


def test_folding_lowers_case_and_strips_accents():
    assert fold("Bacteriën") == "bacterien"
    assert fold("ĲZER") == "ijzer"
    assert fold("Café") == "cafe"


def test_stop_words_come_from_the_data_file():
    assert {"de", "het", "een", "van"} <= stop_words()
    assert terms("De brug van het dorp") == ["brug", "dorp"]


def test_hyphenated_words_give_parts_and_the_joined_form_at_one_position():
    tokens = [(term, pos) for term, _, _, pos in analysis.terms("zonne-energie opslaan")]
    assert tokens == [("zonneenergie", 0), ("zon", 0), ("energie", 1), ("opslan", 2)]
    assert terms("micro:bit") == ["microbit", "micro", "bit"]
    assert terms("3D-printen")[:1] == terms("3dprinten")


def test_apostrophe_s_is_spelling():
    assert terms("auto's en foto's") == ["auto", "foto"]


def test_character_offsets_point_into_the_original_text():
    text = "Échte bruggen"
    spans = [(start, end) for _, start, end, _ in analysis.terms(text)]
    assert [text[start:end] for start, end in spans] == ["Échte", "bruggen"]


def test_long_stems_are_kept_reversed_for_the_tails_of_compounds():
    # `paneel` stems to `panel`, whose reverse starts the reversed stem of `zonnepanelen`.
    assert analysis.tails("zonnepanelen en een robot") == ("lenapennoz",)
    assert "lenapennoz".startswith(stem("paneel")[::-1])


def test_queries_are_text_except_for_quoted_phrases():
    parsed = parse('  robots "brug van papier" title:*zon  ')
    assert parsed.text == 'robots "brug van papier" title:*zon'
    assert [(g.words, g.quoted) for g in parsed.groups] == [
        (("robots",), False),
        (("brug", "papier"), True),
        (("title",), False),
        (("zon",), False),
    ]
    unbalanced = parse('"brug van')
    assert [g.words for g in unbalanced.groups] == [("brug",)]
    assert parse("zonne-energie").groups[0].joined == "zonneenergie"
    assert not parse("\x00\x07 \u200b").has_words


def test_too_long_queries_are_refused_with_a_reason():
    with pytest.raises(SearchError, match="te lang"):
        parse("a" * 10_000)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("progammeren", "programmeren", 1),
        ("porgrammeren", "programmeren", 1),
        ("brug", "burg", 1),
        ("zon", "maan", 3),
    ],
)
def test_edit_distance_counts_typing_mistakes(a, b, distance):
    assert edit_distance(a, b) == distance
