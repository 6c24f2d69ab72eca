"""Progress of long commands: silent in services and tests, a bar on a terminal, lines in a log."""

from __future__ import annotations

import io
import re

from library.progress import Watcher, tracked, watching


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_without_a_watcher_the_items_pass_through_silently():
    assert list(tracked([1, 2, 3], "Tellen")) == [1, 2, 3]


def test_a_log_gets_a_line_every_ten_seconds_with_counts_and_time_left():
    stream, clock = io.StringIO(), Clock()
    with watching(Watcher(stream, terminal=False, clock=clock)):
        for number in tracked(range(10_000), "Lessen opslaan"):
            clock.now = (number + 1) * 0.004  # 4 ms a lesson: 40 s in all
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Lessen opslaan: 2.500 van 10.000 (25%), nog ongeveer 30 s"
    assert lines[1] == "Lessen opslaan: 5.000 van 10.000 (50%), nog ongeveer 20 s"
    assert lines[-1] == "Lessen opslaan: 10.000 klaar in 40 s."
    assert len(lines) == 5 and "\r" not in stream.getvalue()


def test_a_terminal_gets_one_redrawn_line_with_a_bar():
    stream, clock = io.StringIO(), Clock()
    with watching(Watcher(stream, terminal=True, clock=clock)):
        for number in tracked(iter(range(600)), "Zoekindex opbouwen", total=600):
            clock.now = (number + 1) * 0.1
    shown = stream.getvalue()
    assert shown.count("\n") == 1 and shown.endswith(
        "Zoekindex opbouwen: 600 klaar in 1 min 00 s.\n"
    )
    halfway = [part for part in shown.split("\r") if "300 van 600" in part]
    assert (
        halfway and "[############............] 300 van 600 (50%), nog ongeveer 30 s" in halfway[0]
    )


def test_an_import_on_the_command_line_tells_each_stage(runner, fixture_lessons):
    result = runner.invoke(args=["content", "import", str(fixture_lessons)])
    assert result.exit_code == 0, result.output
    for stage in ("Lesbestanden controleren", "Lessen opslaan", "Zoekindex bijwerken"):
        assert re.search(rf"^{stage}: 3 klaar in \d+ s\.$", result.stderr, re.MULTILINE)
    assert "3 lessen: 3 nieuw" in result.stdout
    rebuilt = runner.invoke(args=["index", "rebuild"])
    assert re.search(r"^Zoekindex opbouwen: 3 klaar in \d+ s\.$", rebuilt.stderr, re.MULTILINE)
