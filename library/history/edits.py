"""The shortest edit script between two sequences, within a budget of work.

`difflib.SequenceMatcher` can take time cubic in its input (8,000 words took 33 s),
so comparisons use Myers' algorithm instead: O((N + M) · D) for D differences, after
the common start and end are set aside. Every step is paid from a `Budget`; when it
runs out the comparison gives up (`None`) and the caller shows a coarser result, so
no pair of texts costs more than the budget.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

# (tag, i1, i2, j1, j2) as `SequenceMatcher.get_opcodes` gives them.
Opcode = tuple[str, int, int, int, int]


class Budget:
    """Steps of work a comparison may still take.

    A part of a budget (`part`) has a cap of its own and pays from its whole as well:
    a page's comparisons share one budget, and no single text can use all of it.
    """

    def __init__(self, steps: int, whole: Budget | None = None) -> None:
        self.left = min(steps, whole.left) if whole else steps
        self._chain: list[Budget] = [self, *(whole._chain if whole else [])]

    def part(self, steps: int) -> Budget:
        return Budget(steps, self)

    def spend(self, steps: int) -> bool:
        """Take the steps if they are left; once they are not, this budget is used up."""
        if any(steps > budget.left for budget in self._chain):
            self.left = 0
            return False
        for budget in self._chain:
            budget.left -= steps
        return True


def opcodes(a: Sequence, b: Sequence, budget: Budget) -> list[Opcode] | None:
    """How to turn a into b, or None when that costs more than the budget has left."""
    if not budget.spend(len(a) + len(b) + 1):
        return None
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle = _edits(a[start : len(a) - end], b[start : len(b) - end], budget)
    if middle is None:
        return None
    ops = [("equal", 0, start, 0, start)] if start else []
    ops += [(tag, i1 + start, i2 + start, j1 + start, j2 + start) for tag, i1, i2, j1, j2 in middle]
    if end:
        ops.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return ops


def _edits(a: Sequence, b: Sequence, budget: Budget) -> list[Opcode] | None:
    """Myers' greedy forward search; `trace` keeps each round's furthest points to walk back."""
    n, m = len(a), len(b)
    if not n or not m:
        return _grouped(["delete"] * n + ["insert"] * m)
    furthest: dict[int, int] = {1: 0}
    trace: list[dict[int, int]] = []
    for d in itertools.count():  # ends by round n + m at the latest
        trace.append(dict(furthest))
        if not budget.spend(2 * d + 1):
            return None
        for k in range(-d, d + 1, 2):
            x = furthest[k + 1] if _from_above(furthest, k, d) else furthest[k - 1] + 1
            y, first = x - k, x
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            if x - first and not budget.spend(x - first):
                return None
            furthest[k] = x
            if x >= n and y >= m:
                return _grouped(_walk_back(trace, n, m))


def _from_above(furthest: dict[int, int], k: int, d: int) -> bool:
    """Whether the best path to diagonal k in round d comes from k + 1 (an insertion)."""
    return k == -d or (k != d and furthest[k - 1] < furthest[k + 1])


def _walk_back(trace: list[dict[int, int]], x: int, y: int) -> list[str]:
    """The edits (one per element) of the path the forward search found, in order."""
    steps: list[str] = []
    for d in range(len(trace) - 1, -1, -1):
        furthest, k = trace[d], x - y
        previous_k = k + 1 if _from_above(furthest, k, d) else k - 1
        previous_x = furthest[previous_k]
        previous_y = previous_x - previous_k
        while x > previous_x and y > previous_y:
            steps.append("equal")
            x, y = x - 1, y - 1
        if d:
            steps.append("insert" if x == previous_x else "delete")
        x, y = previous_x, previous_y
    steps.reverse()
    return steps


def _grouped(steps: list[str]) -> list[Opcode]:
    """Runs of single edits as opcodes; a deletion next to an insertion is a replacement."""
    ops: list[Opcode] = []
    i = j = 0
    position = 0
    while position < len(steps):
        if steps[position] == "equal":
            run = _run_length(steps, position, ("equal",))
            ops.append(("equal", i, i + run, j, j + run))
            i, j, position = i + run, j + run, position + run
            continue
        run = _run_length(steps, position, ("delete", "insert"))
        deleted = steps[position : position + run].count("delete")
        inserted = run - deleted
        tag = "replace" if deleted and inserted else "delete" if deleted else "insert"
        ops.append((tag, i, i + deleted, j, j + inserted))
        i, j, position = i + deleted, j + inserted, position + run
    return ops


def _run_length(steps: list[str], start: int, kinds: tuple[str, ...]) -> int:
    end = start
    while end < len(steps) and steps[end] in kinds:
        end += 1
    return end - start
