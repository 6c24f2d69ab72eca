"""Words in a search that mean a filter: `energie groep 5 45 minuten` asks for lessons
about energie for groep 5-6 that take at most 45 minutes.

`understood_filters` finds in a query the grade groups and the time a teacher has (the
filters the quick choices set) and gives the words left to search for. Grade groups are
called what the grades vocabulary calls them: a label, alias or key (`kleuters`, `vmbo
onderbouw`), a group's number after the words of its aliases (`groep 5`, `groep 5-6`,
`groep 5/6`, `groep 5 en 6`, `groep 5 t/m 8`, `vmbo leerjaar 3`) and the parts of a
school in `school_parts` (`onderbouw`). A time is an amount and a unit (`45 minuten`,
`een uur`, `anderhalf uur`, `drie kwartier`, `1,5 uur`, `max. 60 min`) or a part of the
day (`dagdeel`). The other words are data: `data/intent-nl.yaml`.

A quoted phrase is text, never a filter. A group the vocabulary does not know (`groep 9`)
and a time outside what `max_duration` accepts (`2 minuten`) stay text. Words that stand
only around a filter and are too common to search for (`voor` in `voor groep 5`) go with it.

One pass over the words: at each, a bounded number of patterns of bounded length is
tried, so the work is linear in the query (which `query.MAX_LENGTH` bounds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import yaml

from library.search.analysis import fold
from library.search.facets import DAGDEEL, LONGEST_LESSON, SHORTEST_TIME
from library.search.query import checked_text, parse
from library.vocab.loader import Vocabularies

WORDS_FILE = Path(__file__).parent / "data" / "intent-nl.yaml"
# The most words one filter is written with ("groep 1, 2, 3 en 4", "niet langer dan een
# half uur en een kwartier"); a longer run of words is read as several or as text.
LONGEST = 16
MAX_NUMBERS = 8  # group numbers in one "groep 1, 2, 3 …"
_WORD = re.compile(r'"[^"]*"|\d+|[^\W\d_]+|<=|[≤<]')
# What may stand between two words of one name or time: "groep 5-6", "max. 60", "45min".
_JOINERS = frozenset({"", ".", "-", "–", "/"})
_RANGES = frozenset({"-", "–"})  # "groep 5-8": every group from 5 to 8
_LISTS = frozenset({",", "&", "+"})  # "groep 5, 6": these groups


@dataclass(frozen=True)
class Understood:
    """A query read for filters: the words left, the filters and what they were read from."""

    text: str  # the words left to search for
    grades: tuple[str, ...] = ()  # keys of the grades vocabulary
    max_duration: int | None = None  # minutes
    phrases: tuple[str, ...] = ()  # the words read as filters, as typed
    literal: str = ""  # the query with those words quoted, so that they are searched as text


@dataclass(frozen=True)
class _Word:
    text: str  # folded; empty for a quoted phrase, which matches nothing
    raw: str
    gap: str  # what stands before it: after the word before, or where words were taken out
    index: int  # its place among the query's words
    start: int
    end: int


@dataclass(frozen=True)
class _Found:
    length: int  # words taken
    grades: tuple[str, ...] = ()
    minutes: int | None = None


@dataclass(frozen=True)
class _Words:
    """The words that mean filters, from the data file and the grades vocabulary."""

    grade_names: dict[tuple[str, ...], tuple[str, ...]]  # names without a number -> keys
    numbered: dict[tuple[str, ...], dict[int, str]]  # words before a number -> number -> key
    grade_words: dict[str, str]
    time_limits: frozenset[tuple[str, ...]]
    amounts: dict[tuple[str, ...], float]
    units: dict[str, int]
    part_of_day: frozenset[tuple[str, ...]]


def understood_filters(text: str, vocabularies: Vocabularies) -> Understood:
    """The grade groups and time limit a query names, and the words left to search for.

    Raises SearchError for a query over the length every query is held to.
    """
    cleaned = checked_text(text)
    words = _words_of(cleaned)
    known = _known_words(vocabularies)
    kept: list[_Word] = []
    matches: list[list[_Word]] = []
    grades: list[str] = []
    minutes: int | None = None
    i, gap = 0, None  # gap: what the next word stands behind after words were taken out
    while i < len(words):
        found = _match(words[i : i + 1 + LONGEST], known)
        if found is None:
            kept.append(words[i] if gap is None else replace(words[i], gap=gap))
            i, gap = i + 1, None
            continue
        taken = words[i : i + found.length]
        matches.append(taken)
        grades.extend(key for key in found.grades if key not in grades)
        minutes = minutes if minutes is not None else found.minutes
        i, gap = i + found.length, taken[0].gap if gap is None else gap
    if not matches:
        return Understood(cleaned, literal=cleaned)
    remaining = "".join((word.gap if n else "") + word.raw for n, word in enumerate(kept))
    remaining = " ".join(remaining.split())
    if not parse(remaining).has_words:
        remaining = ""  # only words too common to search for ("voor" of "voor groep 5")
    runs = [run for taken in matches for run in _runs(taken)]
    return Understood(
        text=remaining,
        grades=tuple(grades),
        max_duration=minutes,
        phrases=tuple(" ".join(cleaned[start:end] for start, end in _runs(t)) for t in matches),
        literal=_quoted(cleaned, runs),
    )


def _words_of(text: str) -> list[_Word]:
    words, end = [], 0
    for index, match in enumerate(_WORD.finditer(text)):
        raw = match.group()
        folded = "" if raw.startswith('"') else fold(raw)
        # The start of the query stands apart like a word after a space.
        gap = text[end : match.start()] if index else " "
        words.append(_Word(folded, raw, gap, index, match.start(), match.end()))
        end = match.end()
    return words


def _runs(taken: list[_Word]) -> list[tuple[int, int]]:
    """Where the words of one filter stand in the query, as runs of neighbouring words."""
    runs: list[tuple[int, int]] = []
    previous = None
    for word in taken:
        if previous is not None and word.index == previous + 1:
            runs[-1] = (runs[-1][0], word.end)
        else:
            runs.append((word.start, word.end))
        previous = word.index
    return runs


def _quoted(text: str, runs: list[tuple[int, int]]) -> str:
    parts, position = [], 0
    for start, end in sorted(runs):
        parts.extend([text[position:start], '"', text[start:end], '"'])
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _match(seq: list[_Word], known: _Words) -> _Found | None:
    """The filter the words at the start of `seq` name, if they stand apart as words."""
    if not seq[0].gap or (seq[0].gap in (",", ".") and seq[0].text.isdigit()):
        return None  # glued to the word before: "ab45 minuten", the 5 of "2,5 minuten"
    best = None
    for found in (_named_grades(seq, known), _numbered_grades(seq, known), _time(seq, known)):
        if found is None or (best is not None and found.length <= best.length):
            continue
        after = seq[found.length] if found.length < len(seq) else None
        if found.length <= LONGEST and (after is None or after.gap):
            best = found
    return best


def _joined(seq: list[_Word], at: int) -> bool:
    return seq[at].gap.strip() in _JOINERS


def _phrase_end(seq: list[_Word], at: int, phrases, longest: int = 4) -> int | None:
    """Where the longest of these phrases that starts at `at` ends."""
    for length in range(min(longest, len(seq) - at), 0, -1):
        words = tuple(word.text for word in seq[at : at + length])
        if words in phrases and all(_joined(seq, n) for n in range(at + 1, at + length)):
            return at + length
    return None


def _named_grades(seq: list[_Word], known: _Words) -> _Found | None:
    end = _phrase_end(seq, 0, known.grade_names)
    if end is None:
        return None
    return _Found(end, grades=known.grade_names[tuple(word.text for word in seq[:end])])


def _numbered_grades(seq: list[_Word], known: _Words) -> _Found | None:
    for prefix, numbers in known.numbered.items():
        size = len(prefix)
        if len(seq) <= size or not _joined(seq, size):
            continue
        words = tuple(known.grade_words.get(word.text, word.text) for word in seq[:size])
        if words == prefix and all(_joined(seq, n) for n in range(1, size)):
            return _grade_numbers(seq, size, numbers)
    return None


def _number(seq: list[_Word], at: int) -> int | None:
    if at < len(seq) and seq[at].text.isdigit() and len(seq[at].text) <= 3:
        return int(seq[at].text)
    return None


def _connector(seq: list[_Word], at: int) -> tuple[bool, bool, int] | None:
    """How the group numbers go on after the word before `at`: (a range?, written apart
    by words?, where the next number stands), or None where they end."""
    if at >= len(seq):
        return None
    gap, text = seq[at].gap.strip(), seq[at].text
    if text.isdigit():
        if gap in _RANGES or gap == "/":
            return gap != "/", False, at
        return (False, True, at) if gap in _LISTS else None
    words = [word.text for word in seq[at : at + 3]]
    if gap:
        return None
    if words[0] == "en":
        return False, True, at + 1
    if words[:2] == ["t", "m"] and seq[at + 1].gap == "/":
        return True, True, at + 2
    if words == ["tot", "en", "met"]:
        return True, True, at + 3
    return (True, True, at + 1) if words[0] == "tot" else None


def _grade_numbers(seq: list[_Word], at: int, numbers: dict[int, str]) -> _Found | None:
    """The groups a list of numbers names ("5", "5-8", "5 en 6"); None if one is unknown.

    Numbers written together ("5-9") are one name: all known or text. Words between
    numbers ("5 en 45 minuten", "7/8 tot 90 minuten") go on only to a known group.
    """
    first = _number(seq, at)
    if first is None:
        return None
    spans, end = [(first, first)], at + 1
    while len(spans) < MAX_NUMBERS and (step := _connector(seq, end)) is not None:
        is_range, apart, place = step
        number = _number(seq, place)
        if number is None or (apart and number not in numbers):
            break
        if is_range:
            spans[-1] = (spans[-1][0], number)
        else:
            spans.append((number, number))
        end = place + 1
    keys: list[str] = []
    for low, high in spans:
        if low not in numbers or high not in numbers or low > high:
            return None  # "groep 9", "groep 5-9": not a grade group, so text
        for number in sorted(numbers):
            if low <= number <= high and numbers[number] not in keys:
                keys.append(numbers[number])
    return _Found(end, grades=tuple(keys))


def _time(seq: list[_Word], known: _Words) -> _Found | None:
    """A time limit: "[max.] 45 minuten", "een uur en een kwartier", "dagdeel"."""
    at = _phrase_end(seq, 0, known.time_limits) or 0
    if at and (at >= len(seq) or not _joined(seq, at)):
        return None
    end = _phrase_end(seq, at, known.part_of_day)
    if end is not None:
        return _Found(end, minutes=DAGDEEL)
    first = _amount(seq, at, known)
    if first is None:
        return None
    minutes, end, unit = first
    # "een uur en een kwartier", "1 uur 30 minuten": a smaller unit after a larger one adds.
    and_at = end + 1 if end < len(seq) and seq[end].text == "en" else end
    more = _amount(seq, and_at, known)
    if more is not None and more[2] < unit:
        minutes, end = minutes + more[0], more[1]
    if minutes != int(minutes) or not SHORTEST_TIME <= minutes <= LONGEST_LESSON:
        return None  # "2 minuten", "100 uur": no time a lesson is looked for with
    return _Found(end, minutes=int(minutes))


def _amount(seq: list[_Word], at: int, known: _Words) -> tuple[float, int, int] | None:
    """An amount ("45", "1,5", "anderhalf") and its unit: minutes, where they end, the unit."""
    number = _number(seq, at)
    if number is not None:
        amount: float = number
        end = at + 1
        decimals = _number(seq, end)
        if decimals is not None and seq[end].gap in (",", "."):
            amount, end = number + decimals / 10 ** len(seq[end].text), end + 1
    else:
        phrase_end = _phrase_end(seq, at, known.amounts, longest=2)
        if phrase_end is None:
            return None
        amount, end = known.amounts[tuple(word.text for word in seq[at:phrase_end])], phrase_end
    if end >= len(seq) or seq[end].text not in known.units or seq[end].gap.strip():
        return None
    unit = known.units[seq[end].text]
    return amount * unit, end + 1, unit


def _add(names: dict[tuple[str, ...], tuple[str, ...]], words: tuple[str, ...], key: str) -> None:
    if key not in names.get(words, ()):
        names[words] = (*names.get(words, ()), key)


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in _WORD.findall(text))


@cache
def _data() -> dict:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


def _known_words(vocabularies: Vocabularies) -> _Words:
    """What the data file and the grades vocabulary call the filters (a few dozen names)."""
    data = _data()
    names: dict[tuple[str, ...], tuple[str, ...]] = {}
    numbered: dict[tuple[str, ...], dict[int, str]] = {}
    for term in vocabularies["grades"]:
        for name in (term.key, term.label, *term.aliases):
            words = _phrase(name)
            digits = next((n for n, w in enumerate(reversed(words)) if not w.isdigit()), 0)
            if digits == 0:
                _add(names, words, term.key)
                continue
            if digits == len(words):
                continue  # a bare number is no name of a group
            for number in words[-digits:]:
                numbered.setdefault(words[:-digits], {}).setdefault(int(number), term.key)
        for part in term.get("school_parts", ()):
            _add(names, _phrase(part), term.key)
    return _Words(
        grade_names=names,
        # The longest words first: "vmbo leerjaar 3" before "vmbo 3".
        numbered=dict(sorted(numbered.items(), key=lambda item: -len(item[0]))),
        grade_words={fold(word): fold(meant) for word, meant in data["grade_words"].items()},
        time_limits=frozenset(_phrase(limit) for limit in data["time_limits"]),
        amounts={_phrase(words): float(amount) for words, amount in data["amounts"].items()},
        units={fold(unit): int(minutes) for unit, minutes in data["units"].items()},
        part_of_day=frozenset(_phrase(words) for words in data["part_of_day"]),
    )
