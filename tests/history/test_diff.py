"""Comparing texts: shortest edit scripts within a budget, lines before words, and a section
too different to compare in time shown as replaced instead of taking minutes."""

import random

import pytest

from library.history.diff import PAGE_STEPS, Piece, diff_sections, text_diff
from library.history.edits import Budget, opcodes
from library.lessons.models import Revision, Section
from tests.helpers.text import words


def common_length(a, b):
    """Length of the longest common subsequence, by the textbook table (small inputs only)."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
            )
    return table[0][0]


@pytest.mark.parametrize("seed", range(5))
def test_opcodes_turn_a_into_b_with_the_fewest_edits(seed):
    rng = random.Random(seed)
    for _ in range(300):
        a = [rng.choice("abc") for _ in range(rng.randint(0, 14))]
        b = [rng.choice("abc") for _ in range(rng.randint(0, 14))]
        ops = opcodes(a, b, Budget(PAGE_STEPS))
        rebuilt, kept, i, j = [], 0, 0, 0
        for tag, i1, i2, j1, j2 in ops:
            assert (i1, j1) == (i, j)
            if tag == "equal":
                assert a[i1:i2] == b[j1:j2]
                kept += i2 - i1
            rebuilt += b[j1:j2]
            i, j = i2, j2
        assert (i, j) == (len(a), len(b)) and rebuilt == b
        assert kept == common_length(a, b)


def test_opcodes_give_up_when_the_budget_runs_out_and_a_part_has_its_own_cap():
    rng = random.Random(1)
    a = [rng.random() for _ in range(2_000)]
    b = [rng.random() for _ in range(2_000)]
    whole = Budget(100_000)
    part = whole.part(10_000)
    assert opcodes(a, b, part) is None
    assert part.left == 0 and 90_000 <= whole.left < 100_000
    assert opcodes(a, a, whole) == [("equal", 0, 2_000, 0, 2_000)]


def test_unchanged_lines_stay_whole_and_words_differ_only_in_changed_lines():
    old = "Eerste regel.\nDe brug draagt tien knikkers.\nLaatste regel.\n"
    new = "Eerste regel.\nDe brug draagt twintig knikkers.\nLaatste regel.\n"
    assert text_diff(old, new, Budget(PAGE_STEPS)) == [
        Piece("equal", "Eerste regel.\nDe brug draagt "),
        Piece("delete", "tien"),
        Piece("insert", "twintig"),
        Piece("equal", " knikkers.\nLaatste regel.\n"),
    ]


def revision(**sections):
    return Revision(
        intro_markdown="",
        sections=[Section(heading=h, phase=None, markdown=t) for h, t in sections.items()],
    )


@pytest.mark.parametrize("separator", [" ", "\n"])
def test_a_section_too_different_to_compare_is_shown_as_replaced_and_others_still_word_by_word(
    app, separator
):
    """8,000 words took 33 s: as one paragraph or as 8,000 lines, it is now a replacement."""
    before, after = words(1).replace(" ", separator), words(2).replace(" ", separator)
    old = revision(Eerst=before, Daarna="De brug draagt tien knikkers.")
    new = revision(Eerst=after, Daarna="De brug draagt twintig knikkers.")
    first, second = diff_sections(old, new, Budget(PAGE_STEPS))
    assert first.replaced and first.status == "changed"
    assert first.pieces == [Piece("delete", before), Piece("insert", after)]
    assert not second.replaced
    assert Piece("insert", "twintig") in second.pieces


def test_long_changed_lines_beyond_their_share_are_shown_line_by_line():
    old = "Begin.\n" + words(3, 20_000) + "\nEinde.\n"
    new = "Begin.\n" + words(4, 20_000) + "\nEinde.\n"
    assert text_diff(old, new, Budget(PAGE_STEPS)) == [
        Piece("equal", "Begin.\n"),
        Piece("delete", words(3, 20_000) + "\n"),
        Piece("insert", words(4, 20_000) + "\n"),
        Piece("equal", "Einde.\n"),
    ]
