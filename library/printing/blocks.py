"""The blocks a printed text is made of, and the reader that finds them in cmark-gfm's HTML.

Both printed texts start as Markdown turned into HTML by cmark-gfm: an attachment source
(scripts/attachments/source.py, which refuses what paper cannot show) and a lesson's
stored, sanitised HTML (library/downloads/pdf.py, which prints what it can). The reader
here handles what both share — headings, paragraphs, lists, bold, tables — and hands
every other element to its subclass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": FONT_DIR / "DejaVuSans.ttf", "B": FONT_DIR / "DejaVuSans-Bold.ttf"}
BLANK_RE = re.compile(r"(_{3,})")

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


def plain(runs: Runs) -> str:
    """The text of runs without their bold, trimmed."""
    return "".join(text for text, _ in runs).strip()


class BlockCollector(HTMLParser):
    """Collects the blocks of cmark-gfm's HTML.

    cmark-gfm gives every block element a ``data-sourcepos`` attribute when asked to, so
    each block keeps the source line it came from (``first_line`` is where the HTML's
    Markdown starts in its file). Elements beyond the shared ones go to ``other_start``
    and ``other_end``, text outside any block to ``stray_text``.
    """

    def __init__(self, first_line: int = 1) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.line = first_line
        self.blocks: list[Block] = []
        self.lists: list[list[int]] = []  # per open list: [next number] or [] for bullets
        self.text: Text | None = None
        self.table: Table | None = None
        self.cell: Runs | None = None
        self.bold = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if attr.get("data-sourcepos"):
            self.line = self.first_line - 1 + int(str(attr["data-sourcepos"]).split(":")[0])
        if tag in ("h1", "h2", "h3", "p"):
            if tag == "p" and self.text and self.text.tag == "li" and not plain(self.text.runs):
                return  # the first paragraph of an item in a loose list is the item
            self.start_text(tag)
        elif tag in ("ul", "ol"):
            self.text = None
            self.lists.append([int(attr.get("start") or 1)] if tag == "ol" else [])
        elif tag == "li":
            numbers = self.lists[-1] if self.lists else []
            marker = f"{numbers[0]}." if numbers else "\u2022"
            if numbers:
                numbers[0] += 1
            self.start_text("li").marker = marker
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag == "table":
            self.table = Table(self.line)
            self.blocks.append(self.table)
        elif tag == "tr" and self.table:
            self.table.rows.append([])
        elif tag in ("th", "td") and self.table and self.table.rows:
            self.cell = []
            self.table.rows[-1].append(self.cell)
            if len(self.table.rows) == 1:
                self.table.aligns.append({"center": "C", "right": "R"}.get(attr.get("align"), "L"))
        elif tag not in ("thead", "tbody", "br", "tr", "th", "td"):
            self.other_start(tag, attr)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("strong", "b"):
            self.bold -= 1
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.text = None
        elif tag in ("th", "td"):
            self.cell = None
        elif tag == "table":
            self.table = None
        elif tag in ("h1", "h2", "h3", "p", "li"):
            self.text = None
        else:
            self.other_end(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        target = self.cell if self.cell is not None else self.text.runs if self.text else None
        if target is not None:
            target.append((data, self.bold > 0))
        elif data.strip():
            self.stray_text(data)

    def start_text(self, tag: str) -> Text:
        self.text = Text(tag, self.line, depth=len(self.lists))
        self.blocks.append(self.text)
        return self.text

    def other_start(self, tag: str, attr: dict[str, str | None]) -> None:
        """An element the shared blocks do not cover."""
        raise NotImplementedError

    def other_end(self, tag: str) -> None:
        """The end of an element the shared blocks do not cover."""

    def stray_text(self, data: str) -> None:
        """Text outside any paragraph, item or cell."""
        raise NotImplementedError
