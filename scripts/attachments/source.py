"""What an attachment source may hold, and its parse into blocks.

A source is GitHub Markdown, parsed by cmark-gfm (the project's Markdown library), with
a few worksheet additions. Anything the layout cannot print is a ``Problem`` with the
source's path and line:

* ``# Title`` first, once; ``##`` and ``###`` headings; paragraphs; ``- `` and ``1. ``
  lists and ``- [ ]`` tick boxes; tables; ``**bold**``. Every character must be in the
  font (DejaVu Sans: all of Dutch, arrows, check marks, stars and the like).
* ``![beschrijving](tekening.svg)`` in a paragraph of its own: an SVG drawing from the
  source's folder; the description is the drawing's alternative text.
* Three or more underscores in text are a blank to write on. One that ends a source
  line runs to the right margin (the text after it starts on a new line); one inside
  a line is a short blank; a table cell of only a blank is left empty to write in.
* Lines of their own: ``___`` a ruled writing line, ``!box N`` an empty box as high as
  N writing lines, ``!cut`` a dashed line to cut along, ``---`` a new page.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import cmarkgfm
from cmarkgfm.cmark import Options
from fontTools.ttLib import TTFont
from fpdf.errors import FPDFException
from fpdf.svg import SVGObject

from library.printing.blocks import (
    FONT_FILES,
    Block,
    BlockCollector,
    Directive,
    Drawing,
    Text,
    plain,
)

DIRECTIVE_RE = re.compile(r"^(?:___|---|!(?!\[)\S+(?: .*)?)$")
MAX_BOX_LINES = 32  # a box of 32 writing lines fills an empty page


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class SourceError(Exception):
    """A source that cannot be printed; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


class _BlockCollector(BlockCollector):
    """The blocks of cmark-gfm's HTML for one run of a source's Markdown lines, and a
    problem for every element paper cannot show."""

    def __init__(self, source: Path, shown: str, first_line: int) -> None:
        super().__init__(first_line)
        self.source, self.shown = source, shown
        self.problems: list[Problem] = []

    def fail(self, message: str) -> None:
        self.problems.append(Problem(self.shown, self.line, message))

    def other_start(self, tag: str, attr: dict[str, str | None]) -> None:
        if tag == "input" and self.text and not self.text.runs:
            if "checked" in attr:
                self.fail("a ticked box cannot be filled in; write - [ ]")
            self.text.marker = "[ ]"
        elif tag == "hr" and self.text and self.text.tag == "li":
            self.text.runs.append(("___", False))  # cmark reads an item of only ___ as a rule
        elif tag == "img":
            self.drawing(str(attr.get("src") or ""), str(attr.get("alt") or ""))
        else:
            self.fail(UNPRINTABLE.get(tag, f"<{tag}> cannot be printed"))

    def stray_text(self, data: str) -> None:
        self.fail(f"text outside a paragraph cannot be printed: {data.strip()[:30]!r}")

    def handle_comment(self, data: str) -> None:
        self.fail("HTML cannot be printed; write Markdown")  # cmark leaves it out as a comment

    def drawing(self, src: str, description: str) -> None:
        if not self.text or self.text.tag != "p" or plain(self.text.runs):
            self.fail("a drawing stands in a paragraph of its own")
            return
        self.blocks.remove(self.text)
        self.text = None
        path = self.source.parent / src
        if "/" in src or not src.endswith(".svg"):
            self.fail(f"drawings are SVG files next to the source, not {src!r}")
        elif not path.is_file():
            self.fail(f"drawing {src!r} not found next to the source")
        else:
            try:
                viewbox = SVGObject.from_file(path).viewbox
            except (ValueError, SyntaxError, FPDFException) as error:  # broken XML or SVG
                self.fail(f"drawing {src!r} cannot be read: {error}")
                return
            if not viewbox or viewbox[2] <= 0 or viewbox[3] <= 0:
                self.fail(f"drawing {src!r} needs a viewBox (its size in millimetres)")
                return
            self.blocks.append(Drawing(self.line, path, description, viewbox[2], viewbox[3]))


UNPRINTABLE = {
    "em": "italics cannot be printed; use **bold**",
    "a": "links cannot be followed on paper; write the address out",
    "code": "code cannot be printed; write it as text",
    "pre": "code blocks cannot be printed",
    "blockquote": "block quotes cannot be printed",
    "hr": "a new page is a line of exactly ---",
    "del": "struck-out text cannot be printed",
    "h4": "#### headings cannot be printed; use ### at most",
    "h5": "#### headings cannot be printed; use ### at most",
    "h6": "#### headings cannot be printed; use ### at most",
}


def _directive(line: int, text: str, shown: str) -> Directive | Problem:
    if text in ("___", "---"):
        return Directive(line, text)
    name, _, argument = text.partition(" ")
    if name == "!cut" and not argument:
        return Directive(line, "!cut")
    if name == "!box" and argument.isdigit() and 1 <= int(argument) <= MAX_BOX_LINES:
        return Directive(line, "!box", int(argument))
    if name == "!box":
        return Problem(shown, line, f"!box needs 1 to {MAX_BOX_LINES} lines, not {argument!r}")
    return Problem(shown, line, f"unknown directive {text!r}; use !box N or !cut")


@functools.cache
def printable_characters() -> frozenset[str]:
    """The characters both weights of the font can draw."""
    maps = [set(TTFont(path).getBestCmap()) for path in FONT_FILES.values()]
    return frozenset(chr(code) for code in set.intersection(*maps) if code >= 32) | {"\n", "\t"}


def _character_problems(text: str, shown: str) -> list[Problem]:
    printable = printable_characters()
    return [
        Problem(shown, number, f"the character {char!r} (U+{ord(char):04X}) cannot be printed")
        for number, line in enumerate(text.split("\n"), 1)
        for char in dict.fromkeys(line)
        if char not in printable and char != "\r"
    ]


def parse_source(text: str, source: Path, shown: str) -> list[Block]:
    """The blocks of a source, or SourceError with every problem found."""
    problems = _character_problems(text, shown)
    blocks: list[Block] = []
    chunk: list[str] = []
    chunk_start = 1

    def flush() -> None:
        if "".join(chunk).strip():
            html = cmarkgfm.markdown_to_html_with_extensions(
                "\n".join(chunk), Options.CMARK_OPT_SOURCEPOS, ["table", "tasklist"]
            )
            collector = _BlockCollector(source, shown, chunk_start)
            collector.feed(html)
            blocks.extend(collector.blocks)
            problems.extend(collector.problems)

    for number, line in enumerate(text.splitlines(), 1):
        if DIRECTIVE_RE.match(line.strip()) and not line.startswith("    "):
            flush()
            chunk, chunk_start = [], number + 1
            found = _directive(number, line.strip(), shown)
            (problems if isinstance(found, Problem) else blocks).append(found)
        else:
            chunk.append(line)
    flush()
    titles = [block for block in blocks if isinstance(block, Text) and block.tag == "h1"]
    if not titles or blocks[0] is not titles[0]:
        problems.append(Problem(shown, 1, "a source starts with its title: # Title"))
    problems.extend(
        Problem(shown, title.line, "only one # title per source") for title in titles[1:]
    )
    if problems:
        raise SourceError(sorted(problems, key=lambda problem: problem.line))
    return blocks
