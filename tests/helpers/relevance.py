"""How well the search ranks: nDCG@10 of the judged queries in
tests/search/relevance/judgments.yaml, asked as the search page asks them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean
from typing import Any

import yaml

from tests.helpers.search import slugs

JUDGMENTS = Path(__file__).parent.parent / "search" / "relevance" / "judgments.yaml"
K = 10
HALVES = ("tuning", "held-out")


@dataclass(frozen=True)
class Judged:
    query: str
    half: str
    relevant: dict[str, int]  # slug -> 2 (about it) or 1 (partly); others count 0


def judgments() -> dict[str, Any]:
    return yaml.safe_load(JUDGMENTS.read_text(encoding="utf-8"))


def judged_queries() -> list[Judged]:
    return [Judged(q["query"], q["set"], q["relevant"]) for q in judgments()["queries"]]


def recorded(backend: str) -> dict[str, float]:
    """The last scores written down for a backend, per half."""
    return judgments()["scores"][-1][backend]


def _dcg(gains: list[int]) -> float:
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    """Discounted cumulative gain of the first k lessons, 1.0 for the best order possible."""
    ideal = _dcg(sorted(relevant.values(), reverse=True)[:k])
    return _dcg([relevant.get(slug, 0) for slug in ranked[:k]]) / ideal


Scores = list[tuple[Judged, float]]


def query_scores() -> Scores:
    """nDCG@10 per judged query, searched with the running app's backend."""
    return [(judged, ndcg(slugs(judged.query), judged.relevant)) for judged in judged_queries()]


def half_scores(scores: Scores) -> dict[str, float]:
    return {
        half: fmean(score for judged, score in scores if judged.half == half) for half in HALVES
    }


def report(scores: Scores) -> str:
    """Every query's score, one a line, and each half's mean."""
    lines = [f"{judged.half:9} {score:.3f}  {judged.query}" for judged, score in scores]
    lines.extend(f"{half:9} {mean:.3f}  (mean)" for half, mean in half_scores(scores).items())
    return "\n".join(lines)
