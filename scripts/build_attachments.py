"""Build the printable PDF attachments of Techniekbieb lessons from Markdown sources.

Why this exists: worksheets, measuring cards and planners that belong to a lesson are
written as small Markdown files in ``content/attachment-sources/<slug>/<name>.md`` so
that they can be reviewed and edited like the lessons themselves. This script turns
each of them into ``content/lessons/<slug>/<name>.pdf`` (A4), the file the library
serves. The PDFs are committed; ``--check`` rebuilds them in a temporary directory and
fails when a committed PDF is missing or differs, so CI can prove that every committed
PDF really comes from its source.

Usage (from the repository root)::

    python scripts/build_attachments.py            # (re)build every attachment PDF
    python scripts/build_attachments.py --check    # verify the committed PDFs

Reproducibility: the output is byte-for-byte identical between runs and machines. The
creation date and all metadata are fixed, the file /ID is a hash of the content,
nothing random or time-dependent is written, and page streams are left uncompressed so
that the bytes do not depend on the zlib build. Layout can change between fpdf2
releases, so pin fpdf2 (the committed PDFs were made with the version named in
``FPDF2_VERSION``).

Fonts: the standard PDF fonts (Helvetica, plus Symbol and ZapfDingbats for a few
signs) with the Windows-1252 encoding. Every PDF viewer has them, so nothing is
embedded or shipped, the files stay small, and there is no font file whose version can
change the output. Windows-1252 covers all of Dutch and the usual typography
(e-trema, e-acute, i-trema, euro sign, en dash, curly quotes, ellipsis, bullet), so
no character has to be mapped to a look-alike. A small table adds arrows, check marks,
stars and the scissors from Symbol/ZapfDingbats. Any other character (an emoji, say)
is an error with ``path:line``, never a silently missing glyph. (The alternative, a
Unicode TTF, is not on PyPI in a small package: DejaVu only comes inside large
packages such as matplotlib, and fpdf2's subsetting would tie the bytes to fontTools.)

The Markdown subset, exactly (anything else is an error ``path:line: message``):

* ``# Title``: the first line, once. Every page gets a small header line
  "Techniekbieb · <lesson slug>" and a footer with "CC BY-SA 4.0" and the page number.
* ``## Heading`` and ``### Subheading``.
* Paragraphs: consecutive text lines are joined; a blank line ends a block.
* ``- bullet``, ``1. numbered`` and ``- [ ] checkbox`` (an empty square) list items;
  a text line right under an item continues it. Lists cannot be nested.
* Tables: ``| a | b |`` rows, the first row is the header, the second ``|---|---|``
  (``:---:`` and ``---:`` centre or right-align a column). Cells wrap, columns are
  sized to their content, and columns with empty cells (to write in) get room.
* ``**bold**`` inside any text; ``\\*``, ``\\|`` and the like give the literal sign.
* A line of only ``___`` is a ruled writing line across the page (one per line).
* Blanks to write on: a run of three or more underscores inside text. One that ends a
  source line of a paragraph, list item or checkbox (``Naam: ___``, ``1. ___``) is a
  line on the text baseline from the end of the text to the right margin, and the text
  after it starts on a new line; if less than 25 mm is left, the line moves to a line
  of its own. One in the middle of text (``___ : ___ = ...``) is a 35 mm line. In a
  table cell the same holds within the cell; a cell of only ``___`` gets a line across
  its width near the bottom and is sized like an empty cell.
* ``!box N`` is an empty rectangle as high as N writing lines (8 mm each).
* ``!cut`` is a dashed cut line with scissors and "knip hier".
* ``---`` starts a new page.

The lesson is the name of the source's folder; the PDF is named after the source.
This script imports nothing from the ``library`` package: it needs only fpdf2.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import fpdf
from fpdf import FPDF

FPDF2_VERSION = "2.8.9"

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = REPO_ROOT / "content" / "attachment-sources"
DEFAULT_OUTPUT = REPO_ROOT / "content" / "lessons"

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Fixed metadata, so that two builds give the same bytes.
CREATION_DATE = datetime(2024, 1, 1, tzinfo=UTC)
PRODUCER = "fpdf2"
CREATOR = "Techniekbieb scripts/build_attachments.py"
LICENCE_TEXT = "CC BY-SA 4.0"

# --- Layout (millimetres; A4 portrait) --------------------------------------------
PAGE_W = 210.0
PAGE_H = 297.0
MARGIN = 18.0
CONTENT_W = PAGE_W - 2 * MARGIN
HEADER_Y = 9.0
HEADER_RULE_Y = 14.5
CONTENT_TOP = 21.0
CONTENT_BOTTOM = PAGE_H - 20.0
FOOTER_RULE_Y = PAGE_H - 15.0
CONTENT_H = CONTENT_BOTTOM - CONTENT_TOP

FONT = "helvetica"
BODY_SIZE = 11.0
BODY_LH = 5.6
TABLE_SIZE = 10.0
TABLE_LH = 5.0
CELL_PAD_X = 1.8
CELL_PAD_Y = 1.5
WRITE_ROW_MIN_H = 10.0  # body rows with an empty cell: room to write in
WRITE_COL_MIN_W = 25.0
WRITE_COL_WANT_W = 40.0
MIN_COL_W = 12.0
TITLE_SIZE = 20.0
TITLE_LH = 9.0
H2_SIZE = 14.0
H2_LH = 7.0
H3_SIZE = 12.0
H3_LH = 6.2
LIST_INDENT = 7.0
CHECKBOX_SIZE = 3.6
WRITE_PITCH = 8.0  # one ruled writing line, also the unit of !box
BLANK_W = 35.0  # a ___ blank inside a line of text
FILL_MIN_W = 25.0  # a ___ that ends a line moves to the next line when less room is left
BLOCK_GAP = 2.5
CUT_H = 10.0
MAX_BOX_LINES = int((CONTENT_H - 1.0) // WRITE_PITCH)

TEXT_COLOR = (25, 25, 25)
ACCENT = (18, 82, 112)
MUTED = (110, 110, 110)
RULE_COLOR = (150, 150, 150)
WRITE_LINE_COLOR = (90, 90, 90)
HEADER_FILL = (222, 234, 241)

CORE_ENCODING = "windows-1252"

# Signs outside Windows-1252 that the standard Symbol and ZapfDingbats fonts have
# (codes from the Adobe Symbol and ZapfDingbats encodings).
FALLBACK_GLYPHS: dict[str, tuple[str, int]] = {
    "\u2190": ("symbol", 0xAC),  # leftwards arrow
    "\u2191": ("symbol", 0xAD),  # upwards arrow
    "\u2192": ("symbol", 0xAE),  # rightwards arrow
    "\u2193": ("symbol", 0xAF),  # downwards arrow
    "\u2194": ("symbol", 0xAB),  # left right arrow
    "\u21d0": ("symbol", 0xDC),  # leftwards double arrow
    "\u21d1": ("symbol", 0xDD),  # upwards double arrow
    "\u21d2": ("symbol", 0xDE),  # rightwards double arrow
    "\u21d3": ("symbol", 0xDF),  # downwards double arrow
    "\u2248": ("symbol", 0xBB),  # almost equal to
    "\u2260": ("symbol", 0xB9),  # not equal to
    "\u2264": ("symbol", 0xA3),  # less-than or equal to
    "\u2265": ("symbol", 0xB3),  # greater-than or equal to
    "\u221e": ("symbol", 0xA5),  # infinity
    "\u2702": ("zapfdingbats", 0x22),  # black scissors
    "\u2713": ("zapfdingbats", 0x33),  # check mark
    "\u2714": ("zapfdingbats", 0x34),  # heavy check mark
    "\u2717": ("zapfdingbats", 0x37),  # ballot x
    "\u2718": ("zapfdingbats", 0x38),  # heavy ballot x
    "\u2605": ("zapfdingbats", 0x48),  # black star
    "\u260e": ("zapfdingbats", 0x25),  # black telephone
    "\u270e": ("zapfdingbats", 0x2E),  # lower right pencil
    "\u270f": ("zapfdingbats", 0x2F),  # pencil
    "\u2764": ("zapfdingbats", 0xA4),  # heavy black heart
    "\u2794": ("zapfdingbats", 0xD4),  # heavy wide-headed rightwards arrow
    "\u25cf": ("zapfdingbats", 0x6C),  # black circle
    "\u25a0": ("zapfdingbats", 0x6E),  # black square
    "\u25b2": ("zapfdingbats", 0x73),  # black up-pointing triangle
    "\u25bc": ("zapfdingbats", 0x74),  # black down-pointing triangle
    "\u25c6": ("zapfdingbats", 0x75),  # black diamond
}

# Characters that are replaced by an equivalent before anything else.
TEXT_REPLACEMENTS = {
    "\u0133": "ij",  # Dutch ij ligature
    "\u0132": "IJ",
    "\u2212": "-",  # minus sign
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2009": " ",  # thin space
    "\u200a": " ",  # hair space
    "\u2007": "\u00a0",  # figure space
    "\u202f": "\u00a0",  # narrow no-break space
    "\u200b": "",  # zero-width space
    "\u00ad": "",  # soft hyphen
    "\ufeff": "",  # byte order mark
}

ESCAPABLE = set("\\`*_{}[]()#+-.!|<>~")


# --- Document model ---------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A run of inline text, bold or not, or a blank to write on.

    A blank keeps the underscores of the source as its text. ``blank`` is "" for text,
    "gap" for a blank inside a line (drawn ``BLANK_W`` wide) and "fill" for a blank that
    ends a line (drawn to the end of the line, which it also ends).
    """

    text: str
    bold: bool = False
    blank: str = ""


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 2 or 3
    text: Inline
    line: int


@dataclass(frozen=True)
class Paragraph:
    text: Inline
    line: int


@dataclass(frozen=True)
class ListItem:
    marker: str  # "-", "1.", "[ ]"
    text: Inline
    line: int


@dataclass(frozen=True)
class ListBlock:
    kind: str  # "bullet", "numbered" or "checkbox"
    items: tuple[ListItem, ...]
    line: int


@dataclass(frozen=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    aligns: tuple[str, ...]  # "L", "C" or "R" per column
    line: int


@dataclass(frozen=True)
class WritingLines:
    count: int
    line: int


@dataclass(frozen=True)
class Box:
    lines: int
    line: int


@dataclass(frozen=True)
class Cut:
    line: int


@dataclass(frozen=True)
class PageBreak:
    line: int


Block = Heading | Paragraph | ListBlock | Table | WritingLines | Box | Cut | PageBreak


@dataclass(frozen=True)
class Document:
    path: str
    slug: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class SourceError(Exception):
    """One or more problems in an attachment source."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


# --- Parsing ----------------------------------------------------------------------

HEADING_RE = re.compile(r"^(#+)(\s*)(.*)$")
WRITING_LINE_RE = re.compile(r"^_{3,}$")
BOX_RE = re.compile(r"^!box\s+(\d+)$")
CHECKBOX_RE = re.compile(r"^- \[ \](?:\s+(.*))?$")
CHECKED_RE = re.compile(r"^- \[[xX]\]")
BULLET_RE = re.compile(r"^- (.*)$")
NUMBERED_RE = re.compile(r"^(\d{1,3})\. (.*)$")
SEPARATOR_CELL_RE = re.compile(r"^:?-+:?$")
CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
LINK_RE = re.compile(r"\[[^\]]*\]\([^)]*\)")
HTML_RE = re.compile(r"<[A-Za-z/!?]")
UNDERSCORE_EMPHASIS_RE = re.compile(r"(?<![\w_])(_{1,2})[^\s_](?:[^_]*[^\s_])?\1(?![\w_])")
ESCAPE_RE = re.compile(r"\\.")
BLANK_RE = re.compile(r"_{3,}")


def _is_list_line(stripped: str) -> bool:
    return bool(
        BULLET_RE.match(stripped)
        or stripped == "-"
        or NUMBERED_RE.match(stripped)
        or re.match(r"^[*+] ", stripped)
    )


class _Parser:
    """Line-by-line parser that collects every problem instead of stopping at the first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.blocks: list[Block] = []
        self.para: list[tuple[int, str]] = []
        self.list_kind: str | None = None
        self.list_line = 0
        self.items: list[ListItem] = []
        self.item: tuple[str, list[tuple[int, str]]] | None = None  # marker, lines
        self.table: list[tuple[int, str]] = []
        self.last_writing_line = -1

    def fail(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    # Inline text.

    def check_text(self, text: str, line: int) -> None:
        """Report constructs and characters that a source line may not hold."""
        if "![" in text:
            self.fail(line, "images are not supported")
        elif LINK_RE.search(text):
            self.fail(line, "links [text](url) are not supported; write the address as text")
        if HTML_RE.search(text):
            self.fail(line, "HTML tags are not supported")
        if "`" in text:
            self.fail(line, "code (`...`) is not supported")
        if "~~" in text:
            self.fail(line, "~~strikethrough~~ is not supported")
        if UNDERSCORE_EMPHASIS_RE.search(text):
            self.fail(line, "_emphasis_ with underscores is not supported; use **bold**")
        if "*" in ESCAPE_RE.sub("", text).replace("**", ""):
            self.fail(line, "a single * (italic) is not supported; use **bold**, or \\* for a star")
        seen: set[str] = set()
        for char in text:
            if char in seen or char in FALLBACK_GLYPHS or char == "\t":
                continue
            seen.add(char)
            if unicodedata.category(char) == "Cc":
                self.fail(line, f"control character U+{ord(char):04X} in the text")
                continue
            try:
                char.encode(CORE_ENCODING)
            except UnicodeEncodeError:
                name = unicodedata.name(char, "unknown")
                self.fail(
                    line,
                    f"character {char!r} (U+{ord(char):04X} {name}) cannot be printed; "
                    "use Latin text, arrows, check marks, stars or words",
                )

    def inline(self, parts: list[tuple[int, str]]) -> Inline:
        """Parse **bold**, blanks (___) and backslash escapes in lines (joined by spaces)."""
        spans: list[Span] = []
        buf: list[str] = []
        bold = False
        opened_on = 0
        for index, (line, text) in enumerate(parts):
            if index:
                buf.append(" ")
            i = 0
            while i < len(text):
                if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in ESCAPABLE:
                    buf.append(text[i + 1])
                    i += 2
                elif text.startswith("**", i):
                    if buf:
                        spans.append(Span("".join(buf), bold))
                        buf = []
                    bold = not bold
                    opened_on = line
                    i += 2
                elif blank := BLANK_RE.match(text, i):
                    if buf:
                        spans.append(Span("".join(buf), bold))
                        buf = []
                    ends_line = not text[blank.end() :].replace("**", "").strip()
                    spans.append(Span(blank.group(), bold, "fill" if ends_line else "gap"))
                    i = blank.end()
                else:
                    buf.append(text[i])
                    i += 1
        if buf:
            spans.append(Span("".join(buf), bold))
        if bold:
            self.fail(opened_on, "**bold** is opened but not closed")
        return _normalise_spaces(spans)

    # Block assembly.

    def flush_para(self) -> None:
        if self.para:
            self.blocks.append(Paragraph(self.inline(self.para), self.para[0][0]))
            self.para = []

    def flush_item(self) -> None:
        if self.item is not None:
            marker, lines = self.item
            self.items.append(ListItem(marker, self.inline(lines), lines[0][0]))
            self.item = None

    def flush_list(self) -> None:
        self.flush_item()
        if self.items and self.list_kind is not None:
            self.blocks.append(ListBlock(self.list_kind, tuple(self.items), self.list_line))
        self.items = []
        self.list_kind = None

    def flush_table(self) -> None:
        rows, self.table = self.table, []
        if not rows:
            return
        cells: list[tuple[int, list[str]]] = []
        for line, text in rows:
            if len(text) < 2 or not text.endswith("|") or text.endswith("\\|"):
                self.fail(line, "a table row must start and end with |")
                return
            cells.append((line, [cell.strip() for cell in CELL_SPLIT_RE.split(text[1:-1])]))
        first_line, header = cells[0]
        if len(cells) < 2 or not _is_separator(cells[1][1]):
            self.fail(
                first_line, "a table needs a separator row like |---|---| under its header row"
            )
            return
        if len(cells[1][1]) != len(header):
            self.fail(
                cells[1][0], f"separator row has {len(cells[1][1])} cells, header has {len(header)}"
            )
            return
        aligns = tuple(_alignment(cell) for cell in cells[1][1])
        body: list[tuple[Inline, ...]] = []
        for line, row in cells[2:]:
            if _is_separator(row):
                self.fail(line, "only one separator row is allowed, right under the header")
            elif len(row) != len(header):
                self.fail(line, f"table row has {len(row)} cells, header has {len(header)}")
            else:
                body.append(tuple(self.inline([(line, cell)]) for cell in row))
        head = tuple(self.inline([(first_line, cell)]) for cell in header)
        self.blocks.append(Table(head, tuple(body), aligns, first_line))

    def flush(self) -> None:
        self.flush_para()
        self.flush_list()
        self.flush_table()

    # Driver.

    def parse(self, text: str) -> tuple[str, tuple[Block, ...]]:
        for old, new in TEXT_REPLACEMENTS.items():
            text = text.replace(old, new)
        lines = unicodedata.normalize("NFC", text).splitlines()
        title = ""
        if lines and lines[0].startswith("# ") and lines[0][2:].strip():
            self.check_text(lines[0], 1)
            title = "".join(span.text for span in self.inline([(1, lines[0][2:].strip())]))
        else:
            self.fail(1, "the first line must be the title: '# Title'")
        for number, raw in enumerate(lines[1:], start=2):
            line = raw.replace("\t", "    ").rstrip()
            stripped = line.strip()
            if not stripped:
                self.flush()
                continue
            known = len(self.problems)
            self.feed(number, line, stripped)
            if len(self.problems) == known:  # one problem per line: structure first
                self.check_text(stripped, number)
        self.flush()
        if self.blocks and isinstance(self.blocks[-1], PageBreak):
            self.fail(self.blocks[-1].line, "--- at the end would add an empty page")
        return title, tuple(self.blocks)

    def feed(self, number: int, line: str, stripped: str) -> None:
        """Handle one non-blank line."""
        if line != line.lstrip() and _is_list_line(stripped) and not self.table:
            self.fail(number, "indented (nested) list items are not supported")
            return
        if stripped.startswith("|"):
            self.flush_para()
            self.flush_list()
            self.table.append((number, stripped))
            return
        if self.table:
            self.fail(number, "text directly under a table; leave an empty line after the table")
            return
        handlers = (
            self.heading,
            self.writing_line,
            self.page_break,
            self.directive,
            self.list_item,
        )
        if not any(handler(number, stripped) for handler in handlers):
            self.text(number, stripped)

    def heading(self, number: int, stripped: str) -> bool:
        match = HEADING_RE.match(stripped)
        if not match:
            return False
        self.flush()
        hashes, space, text = match.groups()
        if not space:
            self.fail(number, "put a space after # for a heading (or write \\# for a # sign)")
        elif len(hashes) == 1:
            self.fail(number, "only one # title is allowed, on the first line; use ## or ###")
        elif len(hashes) > 3:
            self.fail(number, f"{hashes} headings are not supported; use ## or ###")
        elif not text.strip():
            self.fail(number, "empty heading")
        else:
            self.blocks.append(Heading(len(hashes), self.inline([(number, text.strip())]), number))
        return True

    def writing_line(self, number: int, stripped: str) -> bool:
        if not WRITING_LINE_RE.match(stripped):
            return False
        self.flush()
        previous = self.blocks[-1] if self.blocks else None
        if isinstance(previous, WritingLines) and self.last_writing_line == number - 1:
            self.blocks[-1] = WritingLines(previous.count + 1, previous.line)
        else:
            self.blocks.append(WritingLines(1, number))
        self.last_writing_line = number
        return True

    def page_break(self, number: int, stripped: str) -> bool:
        if not re.fullmatch(r"-{2,}|={2,}|\*{3,}|(?:\* ){2,}\*", stripped):
            return False
        self.flush()
        if stripped == "---":
            self.blocks.append(PageBreak(number))
        elif stripped.startswith("="):
            self.fail(number, "=== underlines are not supported; use ## Heading")
        else:
            self.fail(number, "a page break is exactly ---")
        return True

    def directive(self, number: int, stripped: str) -> bool:
        if not stripped.startswith("!") or stripped.startswith("!["):
            return False
        self.flush()
        box = BOX_RE.match(stripped)
        if box:
            count = int(box.group(1))
            if 1 <= count <= MAX_BOX_LINES:
                self.blocks.append(Box(count, number))
            else:
                self.fail(number, f"!box needs 1 to {MAX_BOX_LINES} lines (one page), not {count}")
        elif stripped == "!cut":
            self.blocks.append(Cut(number))
        elif stripped.startswith("!box"):
            self.fail(number, "write !box N with N the height in lines, e.g. !box 6")
        else:
            self.fail(number, f"unknown directive {stripped.split()[0]!r}; known: !box N, !cut")
        return True

    def list_item(self, number: int, stripped: str) -> bool:
        checkbox = CHECKBOX_RE.match(stripped)
        bullet = BULLET_RE.match(stripped)
        numbered = NUMBERED_RE.match(stripped)
        if CHECKED_RE.match(stripped):
            self.fail(number, "checked boxes are not supported; use - [ ] for an empty checkbox")
        elif checkbox:
            self.start_item("checkbox", "[ ]", number, checkbox.group(1) or "")
        elif bullet and bullet.group(1).strip():
            self.start_item("bullet", "-", number, bullet.group(1))
        elif numbered:
            self.start_item("numbered", f"{int(numbered.group(1))}.", number, numbered.group(2))
        elif bullet or re.match(r"^[*+](\s|$)", stripped) or stripped == "-":
            self.fail(number, "a bullet list item is '- ' followed by text")
        elif re.match(r"^\d+\)\s", stripped):
            self.fail(number, "use '1. ' for a numbered list item")
        elif stripped.startswith(">"):
            self.fail(number, "block quotes (>) are not supported")
        elif stripped.startswith(("```", "~~~")):
            self.fail(number, "code blocks are not supported")
        else:
            return False
        return True

    def start_item(self, kind: str, marker: str, number: int, text: str) -> None:
        self.flush_para()
        if self.list_kind != kind:
            self.flush_list()
            self.list_kind = kind
            self.list_line = number
        self.flush_item()
        self.item = (marker, [(number, text)])

    def text(self, number: int, stripped: str) -> None:
        """Plain text continues a list item or paragraph, or starts a paragraph."""
        if self.item is not None:
            self.item[1].append((number, stripped))
            return
        self.flush_list()
        self.para.append((number, stripped))


def _is_separator(cells: list[str]) -> bool:
    return bool(cells) and all(SEPARATOR_CELL_RE.match(cell) for cell in cells)


def _alignment(cell: str) -> str:
    if cell.startswith(":") and cell.endswith(":"):
        return "C"
    if cell.endswith(":"):
        return "R"
    return "L"


def _normalise_spaces(spans: list[Span]) -> Inline:
    """Collapse runs of spaces (across spans) and trim the ends."""
    result: list[Span] = []
    previous_space = True
    for span in spans:
        if span.blank:
            result.append(span)
            previous_space = False
            continue
        chars: list[str] = []
        for char in span.text:
            if char in " \t\n":
                if not previous_space:
                    chars.append(" ")
                previous_space = True
            else:
                chars.append(char)
                previous_space = False
        if chars:
            result.append(replace(span, text="".join(chars)))
    if result and result[-1].text.endswith(" "):
        last = result.pop()
        if last.text.rstrip():
            result.append(replace(last, text=last.text.rstrip()))
    return tuple(result)


def parse_source(text: str, path: str, slug: str) -> Document:
    """Parse an attachment source; raise SourceError listing every problem."""
    parser = _Parser(path)
    title, blocks = parser.parse(text)
    if parser.problems:
        raise SourceError(parser.problems)
    return Document(path=path, slug=slug, title=title, blocks=blocks)


# --- Rendering --------------------------------------------------------------------

Word = tuple[Span, ...]  # styled segments and blanks, no spaces
Line = list[Word]
_Row = tuple[list[list[Line]], float]  # wrapped cells, row height


class _AttachmentPDF(FPDF):
    def __init__(self, slug: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.slug = slug

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN, HEADER_Y)
        self.cell(w=CONTENT_W, h=4, text=f"Techniekbieb \u00b7 {self.slug}")
        self.set_draw_color(*RULE_COLOR)
        self.set_line_width(0.2)
        self.line(MARGIN, HEADER_RULE_Y, PAGE_W - MARGIN, HEADER_RULE_Y)

    def footer(self) -> None:
        self.set_draw_color(*RULE_COLOR)
        self.set_line_width(0.2)
        self.line(MARGIN, FOOTER_RULE_Y, PAGE_W - MARGIN, FOOTER_RULE_Y)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN, FOOTER_RULE_Y + 1.5)
        self.cell(w=CONTENT_W / 2, h=4, text=LICENCE_TEXT)
        self.set_xy(MARGIN + CONTENT_W / 2, FOOTER_RULE_Y + 1.5)
        self.cell(w=CONTENT_W / 2, h=4, text=f"pagina {self.page_no()} van {{nb}}", align="R")


class _Renderer:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        pdf = _AttachmentPDF(doc.slug)
        pdf.core_fonts_encoding = CORE_ENCODING
        pdf.set_compression(False)
        pdf.set_creation_date(CREATION_DATE)
        pdf.set_producer(PRODUCER)
        pdf.set_creator(CREATOR)
        pdf.set_author("Techniekbieb")
        pdf.set_title(doc.title)
        pdf.set_subject(f"Bijlage bij de les {doc.slug}")
        pdf.set_lang("nl")
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN, CONTENT_TOP, MARGIN)
        self.pdf = pdf
        self.widths: dict[tuple[str, bool, float], float] = {}
        self.y = CONTENT_TOP

    # Text measuring and drawing.

    @staticmethod
    def _runs(text: str, bold: bool) -> list[tuple[str, str, str]]:
        """Split text into (family, style, text) runs, using fallback fonts for signs."""
        runs: list[tuple[str, str, str]] = []
        for char in text:
            if char in FALLBACK_GLYPHS:
                family, code = FALLBACK_GLYPHS[char]
                run = (family, "", bytes([code]).decode(CORE_ENCODING))
            else:
                run = (FONT, "B" if bold else "", char)
            if runs and runs[-1][:2] == run[:2]:
                runs[-1] = (run[0], run[1], runs[-1][2] + run[2])
            else:
                runs.append(run)
        return runs

    def width(self, text: str, bold: bool, size: float) -> float:
        key = (text, bold, size)
        if key not in self.widths:
            total = 0.0
            for family, style, run in self._runs(text, bold):
                self.pdf.set_font(family, style, size)
                total += self.pdf.get_string_width(run)
            self.widths[key] = total
        return self.widths[key]

    def draw_text(self, x: float, baseline: float, text: str, bold: bool, size: float) -> float:
        for family, style, run in self._runs(text, bold):
            self.pdf.set_font(family, style, size)
            self.pdf.text(x, baseline, run)
            x += self.pdf.get_string_width(run)
        return x

    def segment_width(self, segment: Span, size: float, line_w: float) -> float:
        """Width of text; for a blank, the room it needs on a line line_w wide."""
        if segment.blank == "gap":
            return min(BLANK_W, line_w)
        if segment.blank == "fill":
            return min(FILL_MIN_W, line_w)
        return self.width(segment.text, segment.bold, size)

    def word_width(self, word: Word, size: float, line_w: float = CONTENT_W) -> float:
        return sum(self.segment_width(segment, size, line_w) for segment in word)

    def wrap(self, spans: Inline, width: float, size: float) -> list[Line]:
        """Greedy line breaking of styled text into lines no wider than width."""
        space = self.width(" ", False, size)
        lines: list[Line] = []
        current: Line = []
        current_w = 0.0
        for whole in _words(spans):
            pieces = (
                [whole]
                if self.word_width(whole, size, width) <= width
                else self.break_word(whole, width, size)
            )
            for piece in pieces:
                piece_w = self.word_width(piece, size, width)
                if current and current_w + space + piece_w > width + 1e-6:
                    lines.append(current)
                    current, current_w = [], 0.0
                current_w += (space if current else 0.0) + piece_w
                current.append(piece)
                if piece[-1].blank == "fill":  # it runs to the end of the line
                    lines.append(current)
                    current, current_w = [], 0.0
        if current:
            lines.append(current)
        return lines

    def break_word(self, word: Word, width: float, size: float) -> list[Word]:
        """Split a word that is wider than a line into pieces that fit."""
        pieces: list[Word] = []
        current: list[Span] = []
        current_w = 0.0
        for segment in word:
            units = [segment] if segment.blank else [Span(c, segment.bold) for c in segment.text]
            for unit in units:
                unit_w = self.segment_width(unit, size, width)
                if current and current_w + unit_w > width:
                    pieces.append(_merge_segments(current))
                    current, current_w = [], 0.0
                current.append(unit)
                current_w += unit_w
        if current:
            pieces.append(_merge_segments(current))
        return pieces

    def draw_line(
        self,
        line: Line,
        x: float,
        top: float,
        lh: float,
        size: float,
        *,
        width: float = 0.0,
        align: str = "L",
        color: tuple[int, int, int] = TEXT_COLOR,
    ) -> None:
        """Draw one wrapped line vertically centred in a box of height lh.

        Blanks are drawn as writing lines on the baseline; a "fill" blank runs to x + width.
        """
        pieces = _line_pieces(line)
        end = x + width
        if pieces and pieces[-1].blank == "fill":
            align = "L"  # the line fills the width
        total = sum(self.segment_width(piece, size, width) for piece in pieces)
        if align == "R":
            x += width - total
        elif align == "C":
            x += (width - total) / 2
        self.pdf.set_text_color(*color)
        baseline = top + lh / 2 + 0.36 * size * 25.4 / 72
        for piece in pieces:
            if piece.blank == "fill":
                self.writing_rule(x, end, baseline)
            elif piece.blank:
                blank_w = self.segment_width(piece, size, width)
                self.writing_rule(x, x + blank_w, baseline)
                x += blank_w
            else:
                x = self.draw_text(x, baseline, piece.text, piece.bold, size)

    def writing_rule(self, x1: float, x2: float, y: float) -> None:
        """A horizontal line to write on."""
        self.pdf.set_draw_color(*WRITE_LINE_COLOR)
        self.pdf.set_line_width(0.3)
        self.pdf.line(x1, y, x2, y)

    # Page flow.

    def new_page(self) -> None:
        self.pdf.add_page()
        self.y = CONTENT_TOP

    def ensure(self, height: float) -> None:
        if self.y + height > CONTENT_BOTTOM + 1e-6 and self.y > CONTENT_TOP + 1e-6:
            self.new_page()

    def at_top(self) -> bool:
        return self.y <= CONTENT_TOP + 1e-6

    # Blocks.

    def render(self) -> bytes:
        self.new_page()
        self.title()
        blocks = self.doc.blocks
        for index, block in enumerate(blocks):
            if isinstance(block, Heading):
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                self.heading(block, self.lead_height(following))
            elif isinstance(block, Paragraph):
                self.paragraph(block)
            elif isinstance(block, ListBlock):
                self.list_block(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, WritingLines):
                self.writing_lines(block)
            elif isinstance(block, Box):
                self.box(block)
            elif isinstance(block, Cut):
                self.cut()
            elif isinstance(block, PageBreak):
                self.new_page()
        return bytes(self.pdf.output())

    def title(self) -> None:
        for line in self.wrap((Span(self.doc.title, True),), CONTENT_W, TITLE_SIZE):
            self.draw_line(line, MARGIN, self.y, TITLE_LH, TITLE_SIZE, color=ACCENT)
            self.y += TITLE_LH
        self.y += 4.0

    def lead_height(self, block: Block | None) -> float:
        """How much of the block after a heading must fit on the heading's page."""
        if isinstance(block, Box):
            return block.lines * WRITE_PITCH + 1.0
        if isinstance(block, Table):
            _, header, body = self.table_layout(block)
            return header[1] + (body[0][1] if body else 0.0)
        if isinstance(block, WritingLines):
            return min(block.count, 2) * WRITE_PITCH
        if isinstance(block, Heading):
            return H3_LH + 2 * BODY_LH
        if isinstance(block, Cut):
            return CUT_H
        if isinstance(block, Paragraph | ListBlock):
            return 2 * BODY_LH
        return 0.0

    def heading(self, block: Heading, lead: float) -> None:
        size, lh, before = (H2_SIZE, H2_LH, 5.0) if block.level == 2 else (H3_SIZE, H3_LH, 3.5)
        spans = tuple(replace(span, bold=True) for span in block.text)
        lines = self.wrap(spans, CONTENT_W, size)
        if not self.at_top():
            self.y += before
        self.ensure(len(lines) * lh + 1.5 + lead)  # keep with the start of the next block
        color = ACCENT if block.level == 2 else TEXT_COLOR
        for line in lines:
            self.draw_line(line, MARGIN, self.y, lh, size, width=CONTENT_W, color=color)
            self.y += lh
        self.y += 1.5 if block.level == 2 else 1.0

    def paragraph(self, block: Paragraph) -> None:
        for line in self.wrap(block.text, CONTENT_W, BODY_SIZE):
            self.ensure(BODY_LH)
            self.draw_line(line, MARGIN, self.y, BODY_LH, BODY_SIZE, width=CONTENT_W)
            self.y += BODY_LH
        self.y += BLOCK_GAP

    def list_block(self, block: ListBlock) -> None:
        text_x = MARGIN + LIST_INDENT
        text_w = CONTENT_W - LIST_INDENT
        gap = 1.8 if block.kind == "checkbox" else 1.0
        for item in block.items:
            lines = self.wrap(item.text, text_w, BODY_SIZE) or [[]]
            self.ensure(BODY_LH)
            self.list_marker(block.kind, item.marker)
            for index, line in enumerate(lines):
                if index:
                    self.ensure(BODY_LH)
                self.draw_line(line, text_x, self.y, BODY_LH, BODY_SIZE, width=text_w)
                self.y += BODY_LH
            self.y += gap
        self.y += BLOCK_GAP - gap

    def list_marker(self, kind: str, marker: str) -> None:
        pdf = self.pdf
        if kind == "checkbox":
            top = self.y + (BODY_LH - CHECKBOX_SIZE) / 2
            pdf.set_draw_color(*TEXT_COLOR)
            pdf.set_line_width(0.3)
            pdf.rect(MARGIN + 0.5, top, CHECKBOX_SIZE, CHECKBOX_SIZE)
        elif kind == "bullet":
            self.draw_line([(Span("\u2022"),)], MARGIN + 1.5, self.y, BODY_LH, BODY_SIZE)
        else:
            self.draw_line(
                [(Span(marker),)],
                MARGIN,
                self.y,
                BODY_LH,
                BODY_SIZE,
                width=LIST_INDENT - 1.8,
                align="R",
            )

    def column_widths(self, block: Table) -> list[float]:
        """Size columns to their content, give writing columns room, fill the width."""
        rows = (block.header, *block.rows)
        count = len(block.header)
        low: list[float] = []
        high: list[float] = []
        for col in range(count):
            min_w, max_w = MIN_COL_W, MIN_COL_W
            for row_index, row in enumerate(rows):
                if row_index and _is_writing_cell(row[col]):
                    continue  # sized below
                bold = row_index == 0
                spans = tuple(replace(s, bold=s.bold or bold) for s in row[col])
                words = _words(spans)
                longest = max((self.word_width(word, TABLE_SIZE) for word in words), default=0.0)
                space = self.width(" ", False, TABLE_SIZE)
                full = sum(self.word_width(word, TABLE_SIZE) for word in words) + space * max(
                    len(words) - 1, 0
                )
                min_w = max(min_w, longest + 2 * CELL_PAD_X)
                max_w = max(max_w, full + 2 * CELL_PAD_X)
            if any(_is_writing_cell(row[col]) for row in block.rows):
                min_w = max(min_w, WRITE_COL_MIN_W)
                max_w = max(max_w, WRITE_COL_WANT_W)
            low.append(min_w)
            high.append(max_w)
        if sum(high) <= CONTENT_W:
            return [w * CONTENT_W / sum(high) for w in high]
        if sum(low) >= CONTENT_W:
            return [w * CONTENT_W / sum(low) for w in low]
        spare = CONTENT_W - sum(low)
        stretch = sum(h - lo for h, lo in zip(high, low, strict=True))
        return [lo + spare * (h - lo) / stretch for h, lo in zip(high, low, strict=True)]

    def table_layout(self, block: Table) -> tuple[list[float], _Row, list[_Row]]:
        """Column widths, then the wrapped header and body rows with their heights."""
        widths = self.column_widths(block)

        def layout(row: tuple[Inline, ...], bold: bool) -> _Row:
            cells = []
            for col, spans in enumerate(row):
                styled = tuple(replace(s, bold=s.bold or bold) for s in spans)
                cells.append(self.wrap(styled, widths[col] - 2 * CELL_PAD_X, TABLE_SIZE))
            height = max(len(lines) for lines in cells) * TABLE_LH + 2 * CELL_PAD_Y
            height = max(height, TABLE_LH + 2 * CELL_PAD_Y)
            if not bold and any(_is_writing_cell(spans) for spans in row):
                height = max(height, WRITE_ROW_MIN_H)
            return cells, height

        return widths, layout(block.header, True), [layout(row, False) for row in block.rows]

    def table(self, block: Table) -> None:
        widths, header, body = self.table_layout(block)
        tallest = max([header[1] + h for _, h in body] or [header[1]])
        if tallest > CONTENT_H:
            raise SourceError(
                [Problem(self.doc.path, block.line, "a table row is higher than a page")]
            )
        self.ensure(header[1] + (body[0][1] if body else 0.0))
        self.table_row(header, widths, block.aligns, shaded=True)
        for row in body:
            if self.y + row[1] > CONTENT_BOTTOM + 1e-6:
                self.new_page()
                self.table_row(header, widths, block.aligns, shaded=True)
            self.table_row(row, widths, block.aligns, shaded=False)
        self.y += BLOCK_GAP + 1.0

    def table_row(
        self,
        row: _Row,
        widths: list[float],
        aligns: tuple[str, ...],
        shaded: bool,
    ) -> None:
        cells, height = row
        pdf = self.pdf
        pdf.set_draw_color(*TEXT_COLOR)
        pdf.set_line_width(0.25)
        pdf.set_fill_color(*HEADER_FILL)
        x = MARGIN
        for col, lines in enumerate(cells):
            pdf.rect(x, self.y, widths[col], height, style="DF" if shaded else "D")
            top = self.y + CELL_PAD_Y
            if _is_lone_blank(lines):  # leave the room to write above the line
                top = self.y + height - CELL_PAD_Y - TABLE_LH
            for line in lines:
                self.draw_line(
                    line,
                    x + CELL_PAD_X,
                    top,
                    TABLE_LH,
                    TABLE_SIZE,
                    width=widths[col] - 2 * CELL_PAD_X,
                    align=aligns[col],
                )
                top += TABLE_LH
            x += widths[col]
        self.y += height

    def writing_lines(self, block: WritingLines) -> None:
        for _ in range(block.count):
            self.ensure(WRITE_PITCH)
            self.y += WRITE_PITCH
            self.writing_rule(MARGIN, PAGE_W - MARGIN, self.y)
        self.y += BLOCK_GAP + 1.0

    def box(self, block: Box) -> None:
        height = block.lines * WRITE_PITCH
        self.ensure(height + 1.0)
        self.pdf.set_draw_color(*TEXT_COLOR)
        self.pdf.set_line_width(0.3)
        self.pdf.rect(MARGIN, self.y + 1.0, CONTENT_W, height)
        self.y += height + 1.0 + BLOCK_GAP + 1.0

    def cut(self) -> None:
        pdf = self.pdf
        self.ensure(CUT_H)
        middle = self.y + CUT_H / 2
        pdf.set_text_color(*TEXT_COLOR)
        x = self.draw_text(MARGIN, middle + 1.6, "\u2702", False, 13)
        pdf.set_text_color(*MUTED)
        x = self.draw_text(x + 1.5, middle + 1.0, "knip hier", False, 8)
        pdf.set_draw_color(*MUTED)
        pdf.set_line_width(0.3)
        pdf.set_dash_pattern(dash=2.0, gap=1.5)
        pdf.line(x + 2.0, middle, PAGE_W - MARGIN, middle)
        pdf.set_dash_pattern()
        pdf.set_text_color(*TEXT_COLOR)
        self.y += CUT_H


def _is_writing_cell(spans: Inline) -> bool:
    """An empty table cell, or one holding only ___: room to write in."""
    return not spans or (len(spans) == 1 and bool(spans[0].blank))


def _is_lone_blank(lines: list[Line]) -> bool:
    """A wrapped table cell that holds nothing but one blank."""
    return (
        len(lines) == 1
        and len(lines[0]) == 1
        and len(lines[0][0]) == 1
        and bool(lines[0][0][0].blank)
    )


def _words(spans: Inline) -> list[Word]:
    """Split styled text at spaces into words made of styled segments."""
    words: list[Word] = []
    current: list[Span] = []
    for span in spans:
        if span.blank:
            current.append(span)
            continue
        for part in re.split(r"( +)", span.text):
            if not part:
                continue
            if part.isspace():
                if current:
                    words.append(tuple(current))
                    current = []
            else:
                current.append(Span(part, span.bold))
    if current:
        words.append(tuple(current))
    return words


def _append_segment(pieces: list[Span], segment: Span) -> None:
    """Add a segment, joined to the previous text run of the same weight; blanks stay apart."""
    previous = pieces[-1] if pieces else None
    if previous is None or previous.blank or segment.blank or previous.bold != segment.bold:
        pieces.append(segment)
    else:
        pieces[-1] = Span(previous.text + segment.text, segment.bold)


def _merge_segments(segments: list[Span]) -> Word:
    merged: list[Span] = []
    for segment in segments:
        _append_segment(merged, segment)
    return tuple(merged)


def _line_pieces(line: Line) -> list[Span]:
    """The words of a line as text runs (spaces included) and blanks, in drawing order."""
    pieces: list[Span] = []
    for index, word in enumerate(line):
        for seg_index, segment in enumerate(word):
            if index and seg_index == 0:  # the space between words
                if pieces[-1].blank:
                    pieces.append(Span(" "))
                else:
                    pieces[-1] = Span(pieces[-1].text + " ", pieces[-1].bold)
            _append_segment(pieces, segment)
    return pieces


def render_document(doc: Document) -> bytes:
    """Lay out a parsed source as an A4 PDF and return its bytes."""
    return _Renderer(doc).render()


# --- Building ---------------------------------------------------------------------


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def find_sources(sources: Path) -> tuple[list[Path], list[Problem]]:
    """Every <slug>/<name>.md under sources, plus problems with misplaced files."""
    found: list[Path] = []
    problems: list[Problem] = []
    if not sources.is_dir():
        return found, problems
    for path in sorted(sources.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        relative = path.relative_to(sources)
        shown = display_path(path)
        if path.suffix != ".md" or len(relative.parts) != 2:
            problems.append(Problem(shown, 1, "attachment sources must be <lesson-slug>/<name>.md"))
        elif not SLUG_RE.match(relative.parts[0]):
            problems.append(Problem(shown, 1, f"folder {relative.parts[0]!r} is not a lesson slug"))
        elif not SLUG_RE.match(path.stem):
            problems.append(
                Problem(shown, 1, f"name {path.stem!r} must be lowercase letters, digits and -")
            )
        else:
            found.append(path)
    return found, problems


def build_source(source: Path) -> bytes:
    """Parse and render one source file; raise SourceError on problems."""
    shown = display_path(source)
    data = source.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError([Problem(shown, line, "the file is not valid UTF-8")]) from error
    return render_document(parse_source(text, shown, source.parent.name))


def output_path(source: Path, output: Path) -> Path:
    return output / source.parent.name / f"{source.stem}.pdf"


def build_all(sources: Path, output: Path) -> tuple[dict[Path, bytes], list[Problem]]:
    """Build every source; return the PDFs by output path and all problems found."""
    paths, problems = find_sources(sources)
    built: dict[Path, bytes] = {}
    for source in paths:
        try:
            built[output_path(source, output)] = build_source(source)
        except SourceError as error:
            problems.extend(error.problems)
    return built, problems


def write_outputs(built: dict[Path, bytes]) -> list[Path]:
    """Write PDFs whose bytes changed; return the paths written."""
    written = []
    for path, data in built.items():
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def check(sources: Path, output: Path) -> int:
    """Rebuild into a temporary directory and compare with the committed PDFs."""
    with tempfile.TemporaryDirectory(prefix="attachments-") as tmp:
        built, problems = build_all(sources, Path(tmp))
        write_outputs(built)
        stale: list[str] = []
        for fresh in sorted(built):
            committed = output / fresh.relative_to(tmp)
            if not committed.is_file():
                stale.append(f"missing: {display_path(committed)}")
            elif committed.read_bytes() != fresh.read_bytes():
                stale.append(f"differs: {display_path(committed)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    for line in stale:
        print(line, file=sys.stderr)
    if stale:
        print(
            f"{len(stale)} attachment PDF(s) out of date: run python scripts/build_attachments.py "
            f"and commit the result (fpdf2 {_fpdf_version()}; expected {FPDF2_VERSION})",
            file=sys.stderr,
        )
    if problems or stale:
        return 1
    print(f"{len(built)} attachment PDF(s) up to date")
    return 0


def _fpdf_version() -> str:
    return str(getattr(fpdf, "__version__", "unknown"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="verify the committed PDFs; write nothing"
    )
    parser.add_argument(
        "--sources", type=Path, default=DEFAULT_SOURCES, help="attachment sources folder"
    )
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="lessons folder for the PDFs"
    )
    args = parser.parse_args(argv)
    if args.check:
        return check(args.sources, args.output)
    built, problems = build_all(args.sources, args.output)
    written = write_outputs(built)
    for path in written:
        print(f"wrote {display_path(path)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(
        f"{len(built)} attachment PDF(s) built, {len(written)} changed, {len(problems)} problem(s)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
