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
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
from cmarkgfm.cmark import Options
from fontTools.ttLib import TTFont
from fpdf.errors import FPDFException
from fpdf.svg import SVGObject

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": FONT_DIR / "DejaVuSans.ttf", "B": FONT_DIR / "DejaVuSans-Bold.ttf"}
DIRECTIVE_RE = re.compile(r"^(?:___|---|!(?!\[)\S+(?: .*)?)$")
BLANK_RE = re.compile(r"(_{3,})")
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


Runs = list[tuple[str, bool]]  # (text, bold)


@dataclass
class Text:
    """A heading ("h1"-"h3"), paragraph ("p") or list item ("li") of inline text."""

    tag: str
    line: int
    runs: Runs = field(default_factory=list)
    marker: str = ""  # a list item's bullet or number; "[ ]" for a tick box
    depth: int = 0


@dataclass
class Table:
    line: int
    aligns: list[str] = field(default_factory=list)
    rows: list[list[Runs]] = field(default_factory=list)


@dataclass
class Drawing:
    """An SVG drawing; its viewBox gives its size in millimetres."""

    line: int
    path: Path
    description: str
    width: float
    height: float


@dataclass
class Directive:
    """A worksheet line of its own: ___, ---, !box N or !cut."""

    line: int
    kind: str
    size: int = 0


Block = Text | Table | Drawing | Directive


class _BlockCollector(HTMLParser):
    """Collects the blocks of cmark-gfm's HTML for one run of Markdown lines.

    cmark-gfm gives every block element a ``data-sourcepos`` attribute, so each block
    and problem keeps the source line it came from (``first_line`` is where the run
    starts in the file).
    """

    def __init__(self, source: Path, shown: str, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.source, self.shown, self.first_line = source, shown, first_line
        self.line = first_line
        self.blocks: list[Block] = []
        self.problems: list[Problem] = []
        self.lists: list[list[int]] = []  # per open list: [next number] or [] for bullets
        self.text: Text | None = None
        self.table: Table | None = None
        self.cell: Runs | None = None
        self.bold = 0

    def fail(self, message: str) -> None:
        self.problems.append(Problem(self.shown, self.line, message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if attr.get("data-sourcepos"):
            self.line = self.first_line - 1 + int(str(attr["data-sourcepos"]).split(":")[0])
        if tag in ("h1", "h2", "h3", "p"):
            if tag == "p" and self.text and self.text.tag == "li" and not plain(self.text.runs):
                return  # the first paragraph of an item in a loose list is the item
            self.text = Text(tag, self.line, depth=len(self.lists))
            self.blocks.append(self.text)
        elif tag in ("ul", "ol"):
            self.text = None
            self.lists.append([int(attr.get("start") or 1)] if tag == "ol" else [])
        elif tag == "li":
            numbers = self.lists[-1]
            marker = f"{numbers[0]}." if numbers else "\u2022"
            if numbers:
                numbers[0] += 1
            self.text = Text("li", self.line, marker=marker, depth=len(self.lists))
            self.blocks.append(self.text)
        elif tag == "input" and self.text and not self.text.runs:
            if "checked" in attr:
                self.fail("a ticked box cannot be filled in; write - [ ]")
            self.text.marker = "[ ]"
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag == "hr" and self.text and self.text.tag == "li":
            self.text.runs.append(("___", False))  # cmark reads an item of only ___ as a rule
        elif tag == "table":
            self.table = Table(self.line)
            self.blocks.append(self.table)
        elif tag == "tr" and self.table:
            self.table.rows.append([])
        elif tag in ("th", "td") and self.table:
            self.cell = []
            self.table.rows[-1].append(self.cell)
            if len(self.table.rows) == 1:
                self.table.aligns.append({"center": "C", "right": "R"}.get(attr.get("align"), "L"))
        elif tag == "img":
            self.drawing(str(attr.get("src") or ""), str(attr.get("alt") or ""))
        elif tag not in ("thead", "tbody", "br"):
            self.fail(UNPRINTABLE.get(tag, f"<{tag}> cannot be printed"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("strong", "b"):
            self.bold -= 1
        elif tag in ("ul", "ol"):
            self.lists.pop()
            self.text = None
        elif tag in ("th", "td"):
            self.cell = None
        elif tag == "table":
            self.table = None
        elif tag in ("h1", "h2", "h3", "p", "li"):
            self.text = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        target = self.cell if self.cell is not None else self.text.runs if self.text else None
        if target is not None:
            target.append((data, self.bold > 0))
        elif data.strip():
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


def plain(runs: Runs) -> str:
    """The text of runs without their bold, trimmed."""
    return "".join(text for text, _ in runs).strip()


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
