"""Words a teacher types that mean a filter: grade groups and the time she has, read from
the query by `understood_filters`, the rest left to search for."""

from __future__ import annotations

import time

import pytest

from library.search.intent import understood_filters
from library.search.query import MAX_LENGTH, SearchError
from library.vocab.loader import load_vocabularies

vocab = load_vocabularies()
PO = ("groep-1-2", "groep-3-4", "groep-5-6", "groep-7-8")


def read(text: str):
    understood = understood_filters(text, vocab)
    return understood.text, understood.grades, understood.max_duration


@pytest.mark.parametrize(
    "text,grades",
    [
        ("groep 5", ("groep-5-6",)),
        ("Groep 6", ("groep-5-6",)),
        ("groep 5-6", ("groep-5-6",)),
        ("groep 5–6", ("groep-5-6",)),
        ("groep 5/6", ("groep-5-6",)),
        ("groep5", ("groep-5-6",)),
        ("gr. 7", ("groep-7-8",)),
        ("groepen 5 en 6", ("groep-5-6",)),
        ("groep 5, 6 en 7", ("groep-5-6", "groep-7-8")),
        ("groep 5 t/m 8", ("groep-5-6", "groep-7-8")),
        ("groep 3 tot en met 6", ("groep-3-4", "groep-5-6")),
        ("groep 1-8", PO),
        ("groep-7-8", ("groep-7-8",)),
        ("kleuters", ("groep-1-2",)),
        ("Kleuters", ("groep-1-2",)),
        ("vmbo onderbouw", ("vmbo-onderbouw",)),
        ("vmbo 3-4", ("vmbo-bovenbouw",)),
        ("vmbo leerjaar 1", ("vmbo-onderbouw",)),
        ("vmbo 3", ("vmbo-bovenbouw",)),
    ],
)
def test_a_grade_group_named_as_the_vocabulary_names_it_is_a_filter(text, grades):
    assert read(text) == ("", grades, None)


def test_the_parts_of_a_primary_school_are_every_pair_of_groups_they_may_mean():
    # Schools draw the lines differently; the vocabulary's `school_parts` says which pairs.
    assert read("onderbouw bouwen") == ("bouwen", ("groep-1-2", "groep-3-4"), None)
    assert read("middenbouw") == ("", ("groep-3-4", "groep-5-6"), None)
    assert read("bovenbouw") == ("", ("groep-5-6", "groep-7-8"), None)
    # The vmbo's own onderbouw is the alias of its term, the longer name wins.
    assert read("vmbo onderbouw") == ("", ("vmbo-onderbouw",), None)


@pytest.mark.parametrize(
    "text,minutes",
    [
        ("45 minuten", 45),
        ("45 min", 45),
        ("45min", 45),
        ("max 60 min", 60),
        ("max. 60 min", 60),
        ("maximaal 90 minuten", 90),
        ("hooguit een uur", 60),
        ("≤ 45 minuten", 45),
        ("een uur", 60),
        ("één uur", 60),
        ("1 uur", 60),
        ("2 uur", 120),
        ("in een half uur", 30),
        ("anderhalf uur", 90),
        ("1,5 uur", 90),
        ("drie kwartier", 45),
        ("een uur en een kwartier", 75),
        ("1 uur 30 minuten", 90),
        ("dagdeel", 240),
        ("een dagdeel", 240),
        ("een halve dag", 240),
        ("5 minuten", 5),
    ],
)
def test_a_time_is_the_most_the_lesson_may_take(text, minutes):
    assert read(text) == ("", (), minutes)


@pytest.mark.parametrize(
    "text",
    [
        "groep 9",  # no such grade group
        "groep 5-9",  # numbers written together are one name: all known or text
        "groep",
        "vmbo",
        "vmbo 5",
        "2 minuten",  # shorter than any time `max_duration` accepts
        "100 uur",  # longer than the longest lesson
        "2,5 minuten",  # no whole minutes
        "uur",
        "minuten",
        "de kwartiertjes",
        "ab45 minuten",  # glued to a word
        "groep 5a",
        "tot",
    ],
)
def test_what_names_no_filter_stays_text(text):
    assert read(text) == (text, (), None)


def test_a_quoted_phrase_is_searched_as_text():
    assert read('"groep 5" brug') == ('"groep 5" brug', (), None)
    assert read('"45 minuten" groep 7') == ('"45 minuten"', ("groep-7-8",), None)


def test_the_words_left_are_searched_and_the_filters_taken_out():
    assert read("energie groep 5 45 minuten") == ("energie", ("groep-5-6",), 45)
    assert read("kleuters water") == ("water", ("groep-1-2",), None)
    assert read("zonne-energie groep 7/8 tot 90 minuten") == ("zonne-energie", ("groep-7-8",), 90)
    assert read("robots, groep 5, water") == ("robots, water", ("groep-5-6",), None)
    # A list of groups ends where its next number is no group.
    assert read("groep 5 en 45 minuten") == ("", ("groep-5-6",), 45)
    assert read("groep 5 t/m 9 water") == ("t/m 9 water", ("groep-5-6",), None)
    # Words too common to search for that are all that is left go too.
    assert read("voor groep 5") == ("", ("groep-5-6",), None)
    assert read("water voor groep 5") == ("water voor", ("groep-5-6",), None)


def test_groups_named_twice_count_once_and_the_first_time_counts():
    assert read("kleuters groep 1 groep 2") == ("", ("groep-1-2",), None)
    assert read("45 minuten of een uur") == ("", (), 45)


def test_it_says_which_words_it_read_and_how_to_search_them_as_words():
    understood = understood_filters("energie groep 5 45 minuten", vocab)
    assert understood.phrases == ("groep 5", "45 minuten")
    assert understood.literal == 'energie "groep 5" "45 minuten"'
    # The quoted words are text: reading them again finds no filter.
    assert read(understood.literal) == (understood.literal, (), None)


def test_a_query_without_filters_is_left_as_it_was():
    understood = understood_filters("  zonne-energie?  ", vocab)
    assert (understood.text, understood.phrases, understood.literal) == (
        "zonne-energie?",
        (),
        "zonne-energie?",
    )


def test_a_query_over_the_length_limit_is_refused_as_any_query_is():
    with pytest.raises(SearchError, match="te lang"):
        understood_filters("groep 5 " * 40, vocab)


def test_the_work_grows_linearly_with_the_query():
    # The longest query that may be asked, made of filters and near-filters.
    def timed(text: str) -> float:
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(20):
                understood_filters(text, vocab)
            best = min(best, time.perf_counter() - start)
        return best

    short = timed("groep 5 t/m 45 minuten en "[: MAX_LENGTH // 8])
    long = timed(("groep 5 t/m 45 minuten en " * 10)[:MAX_LENGTH])
    assert long < short * 8 * 4
