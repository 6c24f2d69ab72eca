"""A synthetic corpus of Dutch lessons for the benchmarks, as documents or as lesson files.

The text comes from a word-pair (bigram) model trained on the curated lessons in
content/lessons, with topic words mixed in, so word frequencies and lengths look like
real Dutch lesson text. Each lesson is a `LessonDocument` that passes the format's
validation, so `write_files` gives files `flask content import` reads like any others.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from pathlib import Path

from library.content.body import SectionDocument
from library.content.format import LessonDocument, serialise

ROOT = Path(__file__).resolve().parents[2]
# The topics the synthetic lessons are about (a title word, and now and then in the text).
TOPICS = [
    "brug", "bruggen", "robot", "robots", "programmeren", "zonne-energie", "zonnepaneel",
    "magneet", "magneten", "water", "waterfilter", "licht", "schaduw", "geluid",
    "elektriciteit", "stroomkring", "lampje", "batterij", "windmolen", "windturbine", "kas",
    "planten", "zaadjes", "tandwielen", "hefboom", "katrol", "drijven", "zinken", "raket",
    "ballon", "microbit", "3D-printen", "lasersnijden", "drone", "sensor", "recycling",
    "plastic", "isolatie", "warmte", "constructie", "toren", "knikkerbaan", "vliegtuig",
    "parachute", "dijk", "gemaal", "kompas", "brood", "gist",
]  # fmt: skip


class DutchText:
    """Sentences from word-pair models of the curated lessons.

    Each synthetic lesson follows one curated lesson's model (and now and then the
    model of all of them), so words cluster by topic as in a real library instead
    of every word turning up everywhere.
    """

    def __init__(self, source: Path, rng: random.Random) -> None:
        self.rng = rng
        self.models: list[dict[str, list[str]]] = []
        self.everything: dict[str, list[str]] = defaultdict(list)
        for path in sorted(source.glob("*.md")):
            model: dict[str, list[str]] = defaultdict(list)
            body = path.read_text(encoding="utf-8").split("---", 2)[-1]
            for sentence in re.split(r"(?<=[.!?])\s+", re.sub(r"[#*_>`|\[\]()]", " ", body)):
                words = sentence.split()
                for before, after in zip(["^", *words], [*words, "$"], strict=True):
                    model[before].append(after)
                    self.everything[before].append(after)
            self.models.append(model)

    def sentence(self, source: int, topic: str, length: int) -> str:
        model = self.models[source] if self.rng.random() < 0.95 else self.everything
        words, word = [], "^"
        while len(words) < length:
            word = self.rng.choice(model.get(word) or ["$"])
            if word == "$":
                word = "^"
                continue
            words.append(word)
        if self.rng.random() < 0.15:
            words.insert(self.rng.randrange(len(words)), topic)
        text = " ".join(words).rstrip(".,;:")
        return text[:1].upper() + text[1:] + "."

    def paragraph(self, source: int, topic: str, words: int) -> str:
        sentences, count = [], 0
        while count < words:
            length = self.rng.randint(6, 18)
            sentences.append(self.sentence(source, topic, length))
            count += length
        return " ".join(sentences)


def random_document(number: int, text: DutchText, rng: random.Random, vocab) -> LessonDocument:
    """Lesson `les-<number>`: a topic, metadata drawn from the vocabularies, and an
    introduction and three to six phases of its cycle written by the word-pair model."""
    topic = rng.choices(TOPICS, weights=[(rank + 1) ** -0.5 for rank in range(len(TOPICS))])[0]
    source = rng.randrange(len(text.models))
    kind = rng.choice(["onderzoekend", "ontwerpend"])
    cycle = vocab.cycles[kind].phases
    pick = lambda name, low, high: rng.sample(vocab[name].keys(), rng.randint(low, high))  # noqa: E731
    meta = {
        "title": f"{topic.capitalize()}: {text.sentence(source, topic, rng.randint(3, 7))}"[:118],
        "summary": text.paragraph(source, topic, rng.randint(18, 35))[:390],
        "kind": kind,
        "worlds": pick("worlds", 1, 2),
        "grades": pick("grades", 1, 3),
        "goals": pick("goals", 0, 3),
        "technologies": pick("technologies", 0, 2),
        "profiles": pick("profiles", 0, 2),
        "occupations": pick("occupations", 0, 2),
        "tags": [topic],
        "duration": rng.choice([30, 45, 60, 60, 90, 90, 120, 180, 240, 300]),
        "threshold": rng.choice(vocab.thresholds.keys()),
        "location": rng.choice(vocab.locations.keys()),
        "license": rng.choice(vocab.licenses.keys()),
    }
    phases = sorted(rng.sample(range(len(cycle)), rng.randint(3, 6)))
    sections = [
        SectionDocument(
            heading=phase.label,
            markdown=text.paragraph(source, topic, rng.randint(50, 120)),
            phase=phase.key,
        )
        for phase in (cycle.terms[i] for i in phases)
    ]
    intro = text.paragraph(source, topic, rng.randint(30, 60))
    return LessonDocument(slug=f"les-{number}", metadata=meta, intro=intro, sections=sections)


def write_files(folder: Path, count: int, seed: int, vocab) -> None:
    """`count` lesson files `les-<n>.md` in folder, the same ones for the same seed."""
    rng = random.Random(seed)
    text = DutchText(ROOT / "content" / "lessons", rng)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        document = random_document(number, text, rng, vocab)
        (folder / f"{document.slug}.md").write_text(serialise(document), encoding="utf-8")


def parsed_with_backend(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """The command line, with the options every benchmark has: --seed, --backend, --database."""
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--backend", choices=["whoosh", "postgres"], default="whoosh")
    parser.add_argument("--database", help="an empty PostgreSQL database (for --backend postgres)")
    options = parser.parse_args()
    if options.backend == "postgres" and not (options.database or "").startswith("postgresql"):
        parser.error("--backend postgres needs --database postgresql://… (an empty database)")
    return options
