"""Progress of long work (an import, an index rebuild, a harvest), for whoever watches it.

Services mark their long loops with `tracked(items, "Lessen opslaan")`. Nothing is
shown unless a command watches (`watching`), so tests and web requests stay silent
and the services take no extra parameter. On a terminal the watcher redraws one
line with a bar, the counts and an estimate of the time left; when the output is a
log or CI it writes a plain line every few seconds instead, and one when a stage ends.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TextIO, TypeVar

Item = TypeVar("Item")
BAR_WIDTH = 24
# A log gets a line this often; a terminal is redrawn at most this often.
LOG_INTERVAL = 10.0
REDRAW_INTERVAL = 0.2


def dutch_number(number: int) -> str:
    """10000 as Dutch writes it: 10.000."""
    return f"{number:,}".replace(",", ".")


def duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} min {seconds:02d} s"


class Watcher:
    """Writes the progress of one stage at a time to a stream."""

    def __init__(
        self,
        stream: TextIO,
        *,
        terminal: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.terminal = stream.isatty() if terminal is None else terminal
        self.clock = clock
        self.stage, self.total = "", None
        self.started = self.shown = 0.0

    def start(self, stage: str, total: int | None) -> None:
        self.stage, self.total = stage, total
        self.started = self.shown = self.clock()

    def advance(self, done: int) -> None:
        now = self.clock()
        interval = REDRAW_INTERVAL if self.terminal else LOG_INTERVAL
        if now - self.shown < interval:
            return
        self.shown = now
        line = self._line(done, now)
        if self.terminal:
            self.stream.write(f"\r{line}\x1b[K")
        else:
            self.stream.write(f"{line}\n")
        self.stream.flush()

    def finish(self, done: int) -> None:
        took = duration(self.clock() - self.started)
        ending = "\r\x1b[K" if self.terminal else ""
        self.stream.write(f"{ending}{self.stage}: {dutch_number(done)} klaar in {took}.\n")
        self.stream.flush()

    def _line(self, done: int, now: float) -> str:
        if not self.total:
            return f"{self.stage}: {dutch_number(done)}"
        share = min(done / self.total, 1.0)
        counts = f"{dutch_number(done)} van {dutch_number(self.total)} ({share:.0%})"
        left = ""
        if done:
            left = f", nog ongeveer {duration((now - self.started) / done * (self.total - done))}"
        bar = ""
        if self.terminal:
            filled = round(share * BAR_WIDTH)
            bar = f" [{'#' * filled}{'.' * (BAR_WIDTH - filled)}]"
        return f"{self.stage}:{bar} {counts}{left}"


_watcher: ContextVar[Watcher | None] = ContextVar("progress_watcher", default=None)


@contextmanager
def watching(watcher: Watcher) -> Iterator[Watcher]:
    """Show the progress of the work done inside the block."""
    token = _watcher.set(watcher)
    try:
        yield watcher
    finally:
        _watcher.reset(token)


def tracked(items: Iterable[Item], stage: str, total: int | None = None) -> Iterator[Item]:
    """The items, one by one, telling the watcher (if any) how far the stage is."""
    watcher = _watcher.get()
    if watcher is None:
        yield from items
        return
    if total is None and isinstance(items, Sized):
        total = len(items)
    watcher.start(stage, total)
    done = 0
    for item in items:
        yield item
        done += 1
        watcher.advance(done)
    watcher.finish(done)
