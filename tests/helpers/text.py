"""Generated text for tests that need much of it."""

from __future__ import annotations

import random


def words(seed, count=8_000):
    rng = random.Random(seed)
    return " ".join("".join(rng.choices("abcdefghij", k=5)) for _ in range(count))
