"""Lay out printed blocks as an A4 PDF with fpdf2: worksheets and lessons alike.

fpdf2 does the typesetting: ``multi_cell`` in its markdown mode sets text (bold marked
with ``**``), ``FPDF.table`` sets tables, ``FPDF.image`` draws SVG drawings. What is
left here is the worksheet's look: the page header and footer, spacing, list markers,
blanks, writing lines, boxes and cut lines.

Reproducibility: the creation date and all metadata are fixed, fpdf2 derives the file
/ID from the content, and page streams are left uncompressed, so the bytes do not
depend on the zlib build. The font is DejaVu Sans, embedded as a subset made by
fontTools; fpdf2 and fontTools are pinned in pyproject.toml because their releases
change the bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from fpdf import FPDF, FontFace, XPos, YPos

from library.printing.blocks import (
    BLANK_RE,
    FONT_FILES,
    Block,
    Directive,
    Drawing,
    Runs,
    Table,
    Text,
    plain,
)

# Millimetres, A4 portrait.
MARGIN = 18.0
CONTENT_TOP = 21.0
CONTENT_BOTTOM = 20.0
FONT = "dejavu"
BODY_SIZE, BODY_LH = 10.0, 5.4
TABLE_SIZE, TABLE_LH = 9.0, 4.6
HEADINGS = {"h1": (17.0, 8.5), "h2": (13.0, 7.0), "h3": (11.5, 6.2)}
KEEP_WITH_HEADING = 22.0  # a heading with less room below it starts the next page
LIST_INDENT = 7.0
TICK_BOX = 3.6
WRITE_PITCH = 8.0  # one ruled writing line, also the unit of !box
GAP_W = 35.0  # a blank inside a line of text
CELL_GAP_W = 15.0  # a blank inside a table cell's text
FILL_MIN_W = 25.0  # a blank that ends a line moves to a line of its own below this
BLOCK_GAP = 2.5
WRITE_ROW_H = 10.0  # table rows with an empty cell: room to write in
MIN_COL_W = 12.0

TEXT_COLOR = (25, 25, 25)
ACCENT = (18, 82, 112)
MUTED = (110, 110, 110)
WRITE_LINE_COLOR = (90, 90, 90)
HEADER_FILL = (222, 234, 241)


def _markdown(text: str, bold: bool) -> str:
    """Text for fpdf2's markdown mode: its own markers escaped, bold marked."""
    escaped = re.sub(r"(\*\*|__|--|~~|\[)", r"\\\1", text)
    return f"**{escaped}**" if bold and text.strip() else escaped


def _printed_lines(runs: Runs) -> list[tuple[Runs, bool]]:
    """A block's text split after each blank that ends a source line.

    Returns (runs, ends with a blank to the margin) per printed line; blanks inside a
    line become the marker ``\\0`` in the runs.
    """
    pieces = [(part, bold) for text, bold in runs for part in BLANK_RE.split(text) if part]
    lines: list[tuple[Runs, bool]] = []
    current: Runs = []
    for index, (part, bold) in enumerate(pieces):
        following = pieces[index + 1][0] if index + 1 < len(pieces) else "\n"
        if not BLANK_RE.fullmatch(part):
            current.append((part if current else part.lstrip(), bold))
        elif following.lstrip(" ").startswith("\n"):
            lines.append((current, True))
            current = []
        else:
            current.append(("\0", bold))
    if current or not lines:
        lines.append((current, False))
    return lines


@dataclass(frozen=True)
class Imprint:
    """What a sheet says about itself: in its metadata, its header and its footer."""

    title: str
    subject: str
    header: str  # the line above every page's text
    licence: str  # the footer's left side
    creator: str
    created: datetime


class Sheet(FPDF):
    """An A4 page with the lesson in the header and licence and page in the footer."""

    def __init__(self, imprint: Imprint) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.imprint = imprint
        for style, path in FONT_FILES.items():
            self.add_font(FONT, style, str(path))
        self.set_compression(False)
        self.set_creation_date(imprint.created)
        self.set_producer("fpdf2")
        self.set_creator(imprint.creator)
        self.set_author("Techniekbieb")
        self.set_title(imprint.title)
        self.set_subject(imprint.subject)
        self.set_lang("nl")
        self.set_margins(MARGIN, CONTENT_TOP, MARGIN)
        self.set_auto_page_break(True, CONTENT_BOTTOM)
        self.gap = self.blank(GAP_W, BODY_SIZE)
        self.add_page()

    def header(self) -> None:
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN, 9.0)
        self.cell(w=self.epw, h=4, text=self.imprint.header)
        self.rule(14.5)
        self.set_xy(MARGIN, CONTENT_TOP)

    def footer(self) -> None:
        self.rule(self.h - 15.0)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN, self.h - 13.5)
        self.cell(w=self.epw / 2, h=4, text=self.imprint.licence)
        self.cell(w=self.epw / 2, h=4, text=f"pagina {self.page_no()} van {{nb}}", align="R")

    def rule(self, y: float) -> None:
        self.set_draw_color(150, 150, 150)
        self.set_line_width(0.2)
        self.line(MARGIN, y, self.w - MARGIN, y)

    def blank(self, width: float, size: float) -> str:
        """Underscores as wide as width, escaped for the markdown mode."""
        self.set_font(FONT, "", size)
        return _markdown("_" * max(3, int(width / self.get_string_width("_"))), False)

    def room_for(self, height: float) -> None:
        if self.will_page_break(height):
            self.add_page()

    def spaced(self, gap: float = BLOCK_GAP) -> None:
        if self.y > CONTENT_TOP + 0.1:
            self.y += gap

    # Blocks.

    def text_block(self, block: Text) -> None:
        size, lh = HEADINGS.get(block.tag, (BODY_SIZE, BODY_LH))
        if block.tag in HEADINGS:
            self.spaced(5.0 if block.tag == "h2" else 4.0)
            self.room_for(KEEP_WITH_HEADING)
        else:
            self.spaced(BLOCK_GAP if block.tag == "p" else 1.0)
        left = MARGIN + LIST_INDENT * block.depth
        self.set_font(FONT, "B" if block.tag in HEADINGS else "", size)
        self.set_text_color(*(ACCENT if block.tag in HEADINGS else TEXT_COLOR))
        if block.marker:
            self.room_for(lh)
            self.list_marker(block.marker, left - LIST_INDENT + 1.0, lh)
        for runs, fills in _printed_lines(block.runs):
            text = "".join(_markdown(part, bold) for part, bold in runs)
            self.text_line(text.replace("\n", " ").replace("\0", self.gap), left, lh, fills)

    def text_line(self, text: str, left: float, lh: float, fills: bool) -> None:
        self.x = left
        if text.strip():
            end = (XPos.END, YPos.LAST) if fills else (XPos.LEFT, YPos.NEXT)
            width = self.w - MARGIN - left
            self.multi_cell(width, lh, text, align="L", markdown=True, new_x=end[0], new_y=end[1])
        if fills:
            room = self.w - MARGIN - self.x
            if room < FILL_MIN_W and text.strip():
                self.set_xy(left, self.y + lh)
                room = self.w - MARGIN - left
            self.cell(room, lh, self.blank(room, self.font_size_pt), markdown=True)
            self.set_font(FONT, "", self.font_size_pt)
            self.set_xy(left, self.y + lh)

    def list_marker(self, marker: str, x: float, lh: float) -> None:
        if marker == "[ ]":
            self.set_draw_color(*TEXT_COLOR)
            self.set_line_width(0.3)
            self.rect(x, self.y + (lh - TICK_BOX) / 2, TICK_BOX, TICK_BOX)
            return
        self.set_xy(x, self.y)
        self.set_text_color(*ACCENT)
        self.cell(LIST_INDENT - 1.0, lh, marker)
        self.set_text_color(*TEXT_COLOR)

    def table_block(self, block: Table) -> None:
        self.spaced()
        self.set_font(FONT, "", TABLE_SIZE)
        self.set_text_color(*TEXT_COLOR)
        self.set_draw_color(120, 120, 120)
        self.set_line_width(0.2)
        cells = [[_cell_text(cell, self) for cell in row] for row in block.rows]
        with self.table(
            col_widths=_column_widths(self, cells),
            width=self.epw,
            text_align=tuple(block.aligns),
            markdown=True,
            line_height=TABLE_LH,
            padding=(1.5, 1.8),
            v_align="TOP",
            headings_style=FontFace(emphasis="BOLD", color=ACCENT, fill_color=HEADER_FILL),
        ) as table:
            for number, row in enumerate(cells):
                writing = number > 0 and not all(text.strip() for text in row)
                table_row = table.row(min_height=WRITE_ROW_H if writing else None)
                for text in row:
                    table_row.cell(text)

    def drawing(self, block: Drawing) -> None:
        self.spaced()
        width, height = block.width, block.height
        scale = min(1.0, self.epw / width, (self.h - CONTENT_TOP - CONTENT_BOTTOM) / height)
        self.room_for(height * scale)
        self.image(block.path, x=(self.w - width * scale) / 2, w=width * scale,
                   h=height * scale, alt_text=block.description)  # fmt: skip

    def directive(self, block: Directive) -> None:
        self.set_draw_color(*WRITE_LINE_COLOR)
        self.set_line_width(0.25)
        if block.kind == "___":
            self.room_for(WRITE_PITCH)
            self.y += WRITE_PITCH
            self.line(MARGIN, self.y - 1.0, self.w - MARGIN, self.y - 1.0)
        elif block.kind == "!box":
            self.spaced()
            self.room_for(block.size * WRITE_PITCH)
            self.rect(MARGIN, self.y, self.epw, block.size * WRITE_PITCH)
            self.y += block.size * WRITE_PITCH
        elif block.kind == "!cut":
            self.cut_line()
        elif self.y > CONTENT_TOP + 0.1:
            self.add_page()

    def cut_line(self) -> None:
        self.spaced(4.0)
        self.room_for(8.0)
        y = self.y + 4.0
        with self.local_context(dash_pattern={"dash": 2.0, "gap": 1.5}):
            self.line(MARGIN + 24.0, y, self.w - MARGIN, y)
        self.set_font(FONT, "", 8.0)
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN, y - 2.5)
        self.cell(23.0, 5.0, "\u2702 knip hier")
        self.set_xy(MARGIN, y + 4.0)


def _cell_text(cell: Runs, sheet: Sheet) -> str:
    """A cell for the table's markdown mode; a cell of only a blank is left to write in."""
    if BLANK_RE.fullmatch(plain(cell)):
        return ""
    gap = sheet.blank(CELL_GAP_W, TABLE_SIZE)
    parts = (_markdown(part, bold) for text, bold in cell for part in BLANK_RE.split(text))
    return "".join(gap if BLANK_RE.fullmatch(part.replace("\\", "")) else part for part in parts)


def _column_widths(sheet: Sheet, rows: list[list[str]]) -> tuple[float, ...]:
    """Columns as wide as their text where the page allows, never narrower than their
    longest word; columns with empty cells take the room that is left to write in.
    """
    least, wanted, writing = [], [], []
    for column in zip(*rows, strict=False):
        # The heading row is bold; measuring every cell in bold errs on the roomy side.
        texts = [text.replace("**", "") for text in column]
        words = [word for text in texts for word in text.split()]
        least.append(max([_bold_width(sheet, word) for word in words] + [MIN_COL_W]))
        wanted.append(max([_bold_width(sheet, text) for text in texts] + [least[-1]]))
        writing.append(not all(texts[1:]))
    room = sheet.epw - sum(least)
    wishes = [want - need for want, need in zip(wanted, least, strict=True)]
    if room <= sum(wishes):  # every column gets its longest word and a share of the rest
        grow = max(room, 0) / sum(wishes) if sum(wishes) else 0
        return tuple(need + wish * grow for need, wish in zip(least, wishes, strict=True))
    left = (room - sum(wishes)) / max(writing.count(True), 1)
    return tuple(want + (left if empty else 0) for want, empty in zip(wanted, writing, strict=True))


def _bold_width(sheet: Sheet, text: str) -> float:
    return sheet.get_string_width(f"**{text}**", markdown=True) + 4.5  # with the padding


def render(blocks: list[Block], imprint: Imprint) -> bytes:
    """Lay out blocks as an A4 PDF and return its bytes."""
    sheet = Sheet(imprint)
    for block in blocks:
        if isinstance(block, Text):
            sheet.text_block(block)
        elif isinstance(block, Table):
            sheet.table_block(block)
        elif isinstance(block, Drawing):
            sheet.drawing(block)
        else:
            sheet.directive(block)
    return bytes(sheet.output())
