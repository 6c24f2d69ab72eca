"""Slugs made of titles: readable where the title is free, unguessable where it is taken.

A counter (`-2`, `-3`) would tell that a private draft with the same title exists and
let anyone find it by trying the next number; a short random part cannot be tried.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from library.vocab.loader import fold

MAX_LENGTH = 80
SUFFIX_BYTES = 3  # six hexadecimal digits: 16 million possible suffixes per title


def slug_of(title: str, *, fallback: str, taken: Callable[[str], bool]) -> str:
    """`De brug!` -> `de-brug`; when taken, `de-brug-` and a random part, e.g. `de-brug-3f9a0c`."""
    base = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")[:MAX_LENGTH].strip("-")
    base = base or fallback
    if not taken(base):
        return base
    stem = base[: MAX_LENGTH - 2 * SUFFIX_BYTES - 1].strip("-")
    while True:
        slug = f"{stem}-{secrets.token_hex(SUFFIX_BYTES)}"
        if not taken(slug):
            return slug
