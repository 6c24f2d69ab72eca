"""Load the vocabulary data files into immutable objects.

Each vocabulary is one YAML file in `data/` (`name`, `label`, `source`, `terms`),
so a region adds a term by editing data, not code. Phases are the exception in
shape only: `phases.yaml` lists the two cycles, each with its ordered phases.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse white space: how labels and aliases are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


@dataclass(frozen=True, eq=False)
class Term:
    """One term of a vocabulary. Terms are loaded once and compared by identity."""

    vocabulary: str
    key: str
    label: str
    position: int
    aliases: tuple[str, ...] = ()
    description: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)


@dataclass(frozen=True)
class Vocabulary:
    name: str
    label: str
    source: str
    terms: tuple[Term, ...]
    groups: tuple[Mapping[str, Any], ...] = ()
    _by_key: dict[str, Term] = field(init=False, repr=False, compare=False)
    _by_name: dict[str, Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, Term] = {}
        for term in self.terms:
            for name in (term.key, term.label, *term.aliases):
                by_name.setdefault(fold(name), term)
        object.__setattr__(self, "_by_key", {term.key: term for term in self.terms})
        object.__setattr__(self, "_by_name", by_name)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def get(self, key: str) -> Term | None:
        return self._by_key.get(key)

    def keys(self) -> list[str]:
        return [term.key for term in self.terms]

    def label_of(self, key: str) -> str:
        term = self.get(key)
        return term.label if term else key

    def resolve(self, value: str) -> Term | None:
        """The term a key, label or alias names (case and accents ignored)."""
        if value in self._by_key:
            return self._by_key[value]
        return self._by_name.get(fold(value))

    def suggest(self, value: str, n: int = 3) -> list[str]:
        """The keys closest to a mistyped value, for error messages."""
        folded = fold(value)
        names = self._by_name
        close = difflib.get_close_matches(folded, list(names), n=n * 3, cutoff=0.5)
        keys: list[str] = []
        for name in close:
            key = names[name].key
            if key not in keys:
                keys.append(key)
        return keys[:n]


@dataclass(frozen=True)
class Cycle:
    """One cycle of the O&O model: its kind key and its phases in order."""

    key: str
    label: str
    phases: Vocabulary

    def match_heading(self, heading: str) -> Term | None:
        """The phase a section heading names, per the lesson format's matching rules."""
        wanted = _heading_form(heading)
        for phase in self.phases:
            if wanted in {_heading_form(name) for name in (phase.label, *phase.aliases)}:
                return phase
        return None


def _heading_form(heading: str) -> str:
    words = fold(heading).replace("/", " / ").split()
    text = " ".join(words)
    for filler in (" van een ", " van het "):
        text = text.replace(filler, " ")
    return text


@dataclass(frozen=True)
class Vocabularies:
    """All vocabularies of one installation, by name."""

    by_name: Mapping[str, Vocabulary]
    cycles: Mapping[str, Cycle]

    def __getitem__(self, name: str) -> Vocabulary:
        return self.by_name[name]

    def __getattr__(self, name: str) -> Vocabulary:
        try:
            return self.by_name[name]
        except KeyError:
            raise AttributeError(name) from None


def _read_terms(name: str, raw_terms: list[dict[str, Any]]) -> tuple[Term, ...]:
    terms = []
    for position, raw in enumerate(raw_terms):
        raw = dict(raw)
        terms.append(
            Term(
                vocabulary=name,
                key=str(raw.pop("key")),
                label=str(raw.pop("label")),
                position=position,
                aliases=tuple(str(a) for a in raw.pop("aliases", None) or ()),
                description=str(raw.pop("description", "") or ""),
                data=raw,
            )
        )
    return tuple(terms)


@cache
def load_vocabularies(directory: Path = DATA_DIR) -> Vocabularies:
    """Read every `*.yaml` in the directory. Cached: the files change only with a deploy."""
    by_name: dict[str, Vocabulary] = {}
    cycles: dict[str, Cycle] = {}
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        name = raw["name"]
        if "cycles" in raw:
            for cycle in raw["cycles"]:
                phases = Vocabulary(
                    name=name,
                    label=cycle["label"],
                    source=raw.get("source", ""),
                    terms=_read_terms(name, cycle["phases"]),
                )
                cycles[cycle["key"]] = Cycle(cycle["key"], cycle["label"], phases)
            continue
        by_name[name] = Vocabulary(
            name=name,
            label=raw.get("label", name),
            source=raw.get("source", ""),
            terms=_read_terms(name, raw.get("terms", [])),
            groups=tuple(raw.get("frameworks", ())),
        )
    return Vocabularies(by_name=by_name, cycles=cycles)


def get_vocabularies() -> Vocabularies:
    """The vocabularies of the running app (its `VOCAB_DIR`, or the package's data)."""
    from flask import current_app, has_app_context

    directory = DATA_DIR
    if has_app_context() and current_app.config.get("VOCAB_DIR"):
        directory = Path(current_app.config["VOCAB_DIR"])
    return load_vocabularies(directory)
