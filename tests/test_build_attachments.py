"""Tests for scripts/build_attachments.py: the Markdown subset, the PDFs and --check."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_attachments.py"
_spec = importlib.util.spec_from_file_location("build_attachments", SCRIPT)
assert _spec is not None and _spec.loader is not None
ba = importlib.util.module_from_spec(_spec)
sys.modules["build_attachments"] = ba
_spec.loader.exec_module(ba)

SAMPLE = """\
# Meetkaart: hoe ver kun je springen?

Naam: ______________ Groep: ____

## Zo meet je

Zet je voeten **achter** de lijn.
Spring zo ver als je kunt – en meet met het meetlint.

- Meet vanaf de **lijn**
  tot je hak.
- Schrijf de afstand op in cm.

1. Eerste sprong
2. Tweede sprong

### Klaar?

- [ ] Ik heb drie keer gesprongen.
- [ ] Ik heb alles opgeschreven.

| Sprong | Afstand (cm) | Goed gegaan? |
|:---|---:|:---:|
| 1 | | |
| **2** | 120 | ✓ |

___
___

___

!box 4

!cut

Kosten: € 2,50 – “prima” → ↑ ✂ 2 \\* 3 en een \\| streep.

---

## Pagina twee

Einde.
"""


def parse(text: str, path: str = "bron.md") -> ba.Document:
    return ba.parse_source(text, path, "hoe-ver-kun-je-springen")


def problems(text: str, path: str = "bron.md") -> list[str]:
    with pytest.raises(ba.SourceError) as caught:
        parse(text, path)
    return [str(problem) for problem in caught.value.problems]


def plain(spans: tuple[ba.Span, ...]) -> str:
    return "".join(span.text for span in spans)


def make_source(root: Path, slug: str = "hoe-ver-kun-je-springen", name: str = "meetkaart") -> Path:
    source = root / "src" / slug / f"{name}.md"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(SAMPLE, encoding="utf-8")
    return source


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


# --- Parsing ----------------------------------------------------------------------


def test_parse_every_construct() -> None:
    doc = parse(SAMPLE)
    assert doc.title == "Meetkaart: hoe ver kun je springen?"
    kinds = [type(block).__name__ for block in doc.blocks]
    assert kinds == [
        "Paragraph",
        "Heading",
        "Paragraph",
        "ListBlock",
        "ListBlock",
        "Heading",
        "ListBlock",
        "Table",
        "WritingLines",
        "WritingLines",
        "Box",
        "Cut",
        "Paragraph",
        "PageBreak",
        "Heading",
        "Paragraph",
    ]
    fill_in, h2, para, bullets, numbered, h3, checks, table, lines2, lines1, box, *_ = doc.blocks
    assert plain(fill_in.text) == "Naam: ______________ Groep: ____"
    assert (h2.level, plain(h2.text), h2.line) == (2, "Zo meet je", 5)
    assert h3.level == 3
    # Consecutive lines are joined; bold becomes its own span.
    assert plain(para.text) == (
        "Zet je voeten achter de lijn. Spring zo ver als je kunt \u2013 en meet met het meetlint."
    )
    assert ba.Span("achter", True) in para.text
    assert bullets.kind == "bullet"
    assert [plain(item.text) for item in bullets.items] == [
        "Meet vanaf de lijn tot je hak.",
        "Schrijf de afstand op in cm.",
    ]
    assert numbered.kind == "numbered"
    assert [item.marker for item in numbered.items] == ["1.", "2."]
    assert checks.kind == "checkbox"
    assert [plain(item.text) for item in checks.items] == [
        "Ik heb drie keer gesprongen.",
        "Ik heb alles opgeschreven.",
    ]
    assert [plain(cell) for cell in table.header] == ["Sprong", "Afstand (cm)", "Goed gegaan?"]
    assert table.aligns == ("L", "R", "C")
    assert [[plain(cell) for cell in row] for row in table.rows] == [
        ["1", "", ""],
        ["2", "120", "\u2713"],
    ]
    assert table.rows[1][0] == (ba.Span("2", True),)
    # Adjacent ___ lines form one group; an empty line starts a new one.
    assert (lines2.count, lines1.count) == (2, 1)
    assert box.lines == 4
    last_para = doc.blocks[12]
    assert plain(last_para.text).endswith("2 * 3 en een | streep.")


def test_writing_lines_right_after_text_and_list_continuation() -> None:
    doc = parse("# T\nTekst\n___\n- punt\nloopt door\n- volgend\n1. een\n")
    assert [type(block).__name__ for block in doc.blocks] == [
        "Paragraph",
        "WritingLines",
        "ListBlock",
        "ListBlock",
    ]
    assert plain(doc.blocks[2].items[0].text) == "punt loopt door"


def test_typographic_characters_are_kept_and_ij_is_spelled_out() -> None:
    text = "De \u0133sbeer zegt \u201choi\u201d \u2018ja\u2019\u2026 voor \u20ac 1 \u2212 ë ï é"
    doc = parse(f"# Café\n\n{text}\n")
    assert plain(doc.blocks[0].text) == (
        "De ijsbeer zegt \u201choi\u201d \u2018ja\u2019\u2026 voor \u20ac 1 - \u00eb \u00ef \u00e9"
    )


# --- Errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "line", "fragment"),
    [
        ("Geen titel\n", 1, "first line must be the title"),
        ("# T\n\n# Nog een titel\n", 3, "only one # title"),
        ("# T\n\n#### Te diep\n", 3, "#### headings are not supported"),
        ("# T\n\n##Kop\n", 3, "space after #"),
        ("# T\n\n* punt\n", 3, "'- '"),
        ("# T\n\n- punt\n  - dieper\n", 4, "nested"),
        ("# T\n\n1) een\n", 3, "'1. '"),
        ("# T\n\n- [x] klaar\n", 3, "checked boxes"),
        ("# T\n\n!plaatje 3\n", 3, "unknown directive '!plaatje'"),
        ("# T\n\n!box\n", 3, "!box N"),
        ("# T\n\n!box 0\n", 3, "!box needs 1 to"),
        ("# T\n\n!box 99\n", 3, "!box needs 1 to"),
        ("# T\n\nZie [de site](https://example.org).\n", 3, "links"),
        ("# T\n\n![foto](foto.png)\n", 3, "images"),
        ("# T\n\nEen <b>vet</b> woord\n", 3, "HTML"),
        ("# T\n\nEen *schuin* woord\n", 3, "single *"),
        ("# T\n\nEen _schuin_ woord\n", 3, "underscores"),
        ("# T\n\nEen `code` woord\n", 3, "code"),
        ("# T\n\nRegel een\nen **vet zonder\neinde\n", 4, "not closed"),
        ("# T\n\n> citaat\n", 3, "block quotes"),
        ("# T\n\n```\ncode\n```\n", 3, "code blocks"),
        ("# T\n\nTekst\n===\n", 4, "=== underlines"),
        ("# T\n\n----\n", 3, "exactly ---"),
        ("# T\n\nTekst\n\n---\n", 5, "empty page"),
        ("# T\n\nSmile \U0001f600\n", 3, "U+1F600"),
        ("# T\n\n| a | b |\n| c | d |\n", 3, "separator row"),
        ("# T\n\n| a | b |\n|---|---|\n| c |\n", 5, "1 cells, header has 2"),
        ("# T\n\n| a | b |\n|---|---|\n| c | d\n", 5, "start and end with |"),
        ("# T\n\n| a | b |\n|---|---|\nlos\n", 5, "under a table"),
    ],
)
def test_bad_syntax_fails_with_path_and_line(source: str, line: int, fragment: str) -> None:
    found = problems(source, "content/attachment-sources/les/blad.md")
    assert found, "expected a problem"
    assert found[0].startswith(f"content/attachment-sources/les/blad.md:{line}: "), found
    assert fragment in found[0], found


def test_all_problems_are_reported_at_once() -> None:
    found = problems("# T\n\n* een\n\n!foo\n\nmet \U0001f600\n")
    assert [problem.split(": ")[0] for problem in found] == ["bron.md:3", "bron.md:5", "bron.md:7"]


# --- Building ---------------------------------------------------------------------


def test_build_writes_a_valid_pdf(tmp_path: Path) -> None:
    make_source(tmp_path)
    out = tmp_path / "lessons"
    assert ba.main(["--sources", str(tmp_path / "src"), "--output", str(out)]) == 0
    pdf = (out / "hoe-ver-kun-je-springen" / "meetkaart.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert page_count(pdf) == 2
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf  # A4
    # Uncompressed page streams: the header, footer and text are there as strings.
    assert b"(Techniekbieb \xb7 hoe-ver-kun-je-springen) Tj" in pdf
    assert b"(CC BY-SA 4.0) Tj" in pdf
    assert b"(pagina 2 van ) Tj (2) Tj" in pdf  # "{nb}" filled in at the end
    assert b"/CreationDate (D:20240101000000Z)" in pdf


def test_pdf_text_is_extractable(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    source = make_source(tmp_path)
    reader = pypdf.PdfReader(_build(source))
    assert len(reader.pages) == 2
    first = reader.pages[0].extract_text()
    assert "Meetkaart: hoe ver kun je springen?" in first
    assert "Spring zo ver als je kunt \u2013 en meet" in first
    assert "\u20ac 2,50" in first
    assert "Pagina twee" in reader.pages[1].extract_text()
    assert reader.metadata.title == "Meetkaart: hoe ver kun je springen?"


def _build(source: Path) -> Path:
    target = source.parent / "built.pdf"
    target.write_bytes(ba.build_source(source))
    return target


def test_builds_are_byte_for_byte_reproducible(tmp_path: Path) -> None:
    make_source(tmp_path)
    digests = []
    for run in ("a", "b"):
        out = tmp_path / run
        assert ba.main(["--sources", str(tmp_path / "src"), "--output", str(out)]) == 0
        data = (out / "hoe-ver-kun-je-springen" / "meetkaart.pdf").read_bytes()
        digests.append(hashlib.sha256(data).hexdigest())
    assert digests[0] == digests[1]


def test_check_mode_reports_missing_and_differing_pdfs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_source(tmp_path)
    make_source(tmp_path, slug="zonneoven-bouwen", name="ontwerpblad")
    args = ["--sources", str(tmp_path / "src"), "--output", str(tmp_path / "lessons")]
    assert ba.main([*args, "--check"]) == 1
    assert capsys.readouterr().err.count("missing: ") == 2

    assert ba.main(args) == 0
    assert ba.main([*args, "--check"]) == 0
    assert "2 attachment PDF(s) up to date" in capsys.readouterr().out

    committed = tmp_path / "lessons" / "zonneoven-bouwen" / "ontwerpblad.pdf"
    committed.write_bytes(committed.read_bytes().replace(b"CC BY-SA", b"CC BY-NC"))
    assert ba.main([*args, "--check"]) == 1
    err = capsys.readouterr().err
    assert "differs: " in err and "ontwerpblad.pdf" in err
    assert "meetkaart.pdf" not in err


def test_bad_source_fails_the_build_with_path_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make_source(tmp_path)
    bad = tmp_path / "src" / "les" / "kapot.md"
    bad.parent.mkdir()
    bad.write_text("# Kapot\n\nGoed\n\n!plaatje\n", encoding="utf-8")
    assert ba.main(["--sources", "src", "--output", "lessons"]) == 1
    assert "src/les/kapot.md:5: unknown directive" in capsys.readouterr().err
    assert not (tmp_path / "lessons" / "les" / "kapot.pdf").exists()
    assert (tmp_path / "lessons" / "hoe-ver-kun-je-springen" / "meetkaart.pdf").exists()
    assert ba.main(["--sources", "src", "--output", "lessons", "--check"]) == 1


def test_misplaced_sources_are_reported(tmp_path: Path) -> None:
    (tmp_path / "los.md").write_text("# T\n", encoding="utf-8")
    (tmp_path / "Geen_Slug").mkdir()
    (tmp_path / "Geen_Slug" / "blad.md").write_text("# T\n", encoding="utf-8")
    found, found_problems = ba.find_sources(tmp_path)
    assert found == []
    assert [problem.line for problem in found_problems] == [1, 1]


def test_long_tables_and_words_flow_onto_new_pages() -> None:
    rows = "\n".join(f"| {i} | {'woord ' * 12}| |" for i in range(60))
    long_word = "x" * 300
    doc = parse(f"# Lang\n\n{long_word}\n\n| Nr | Tekst | Invullen |\n|---|---|---|\n{rows}\n")
    pdf = ba.render_document(doc)
    assert page_count(pdf) >= 4
    # the header row is repeated on every page the table continues on
    assert pdf.count(b"(Invullen) Tj") == page_count(pdf)


def test_column_widths_fill_the_page_and_leave_room_to_write() -> None:
    doc = parse("# T\n\n| Vraag | Antwoord |\n|---|---|\n| Hoe zwaar is je brug in gram? | |\n")
    table = doc.blocks[0]
    widths = ba._Renderer(doc).column_widths(table)
    assert sum(widths) == pytest.approx(ba.CONTENT_W)
    assert widths[1] >= ba.WRITE_COL_MIN_W


def test_fallback_glyph_codes_match_the_standard_encodings() -> None:
    symbol = pytest.importorskip("pypdf._codecs.symbol")
    zapfding = pytest.importorskip("pypdf._codecs.zapfding")
    tables = {
        "symbol": symbol._symbol_encoding,
        "zapfdingbats": zapfding._zapfding_encoding,
    }
    for char, (font, code) in ba.FALLBACK_GLYPHS.items():
        assert tables[font][code] == char, (char, font, hex(code))


def test_heading_moves_to_the_next_page_with_a_box_that_does_not_fit() -> None:
    filler = "\n\n".join(f"Regel {i}." for i in range(26))
    for follow, expected_page in (("!box 5", 2), ("Korte tekst.", 1)):
        pdf = ba.render_document(parse(f"# T\n\n{filler}\n\n### Kop\n\n{follow}\n"))
        heading_at = pdf.index(b"(Kop) Tj")
        first_footer_at = pdf.index(b"(pagina 1 van ) Tj")
        assert (heading_at > first_footer_at) == (expected_page == 2), follow


# --- Blanks to write on -------------------------------------------------------------

PT = 25.4 / 72  # millimetres per PDF point
RULE_RE = re.compile(rb"([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S")
TEXT_RE = re.compile(rb"BT ([\d.]+) ([\d.]+) Td \((.*?)\) Tj ET")
RIGHT_MARGIN = ba.PAGE_W - ba.MARGIN


def rules(pdf: bytes) -> list[tuple[float, float, float]]:
    """Horizontal lines drawn in the content area, as (x1, x2, y) in mm from the top left."""
    found = []
    for x1, y1, x2, y2 in RULE_RE.findall(pdf):
        y = ba.PAGE_H - float(y1) * PT
        if y1 == y2 and ba.HEADER_RULE_Y + 1 < y < ba.FOOTER_RULE_Y - 1:
            found.append((float(x1) * PT, float(x2) * PT, y))
    return found


def text_at(pdf: bytes, text: str) -> tuple[float, float]:
    """Where a text run starts: x and baseline y in mm from the top left."""
    for x, y, run in TEXT_RE.findall(pdf):
        if run == text.encode("windows-1252"):
            return float(x) * PT, ba.PAGE_H - float(y) * PT
    raise AssertionError(f"{text!r} is not drawn")


def render(source: str) -> bytes:
    return ba.render_document(parse(source))


def text_width(text: str, bold: bool = False) -> float:
    return ba._Renderer(parse("# T\n")).width(text, bold, ba.BODY_SIZE)


def test_underscore_runs_in_text_are_parsed_as_blanks() -> None:
    doc = parse(
        "# T\n\nGroep: ___ Datum: ____\n**Vraag 1:** ___\n\n1. ___\n\n"
        "- [ ] anders, namelijk: ___\n\n| a | b |\n|---|---|\n| ___ | x ___ y |\n\nA__B\n"
    )
    para, numbered, checks, table, literal = doc.blocks
    # The source text is kept; only the kind of blank is added.
    assert plain(para.text) == "Groep: ___ Datum: ____ Vraag 1: ___"
    assert [(s.text, s.blank) for s in para.text if s.blank] == [
        ("___", "gap"),
        ("____", "fill"),  # it ends its source line
        ("___", "fill"),
    ]
    assert numbered.items[0].text == (ba.Span("___", blank="fill"),)
    assert checks.items[0].text[-1] == ba.Span("___", blank="fill")
    assert table.rows[0][0] == (ba.Span("___", blank="fill"),)
    assert [s.blank for s in table.rows[0][1]] == ["", "gap", ""]
    assert literal.text == (ba.Span("A__B"),)  # two underscores are just text


def test_blank_that_ends_a_line_runs_from_the_text_to_the_right_margin() -> None:
    pdf = render(
        "# T\n\nNaam van de werf: ___\n\n1. ___\n\n- [ ] anders, namelijk: ___\n\n"
        "Naam: ___\nKlas: ___\n"
    )
    werf, numbered, checkbox, naam, klas = rules(pdf)

    x, baseline = text_at(pdf, "Naam van de werf: ")
    assert werf[0] == pytest.approx(x + text_width("Naam van de werf: "), abs=0.05)
    assert werf[1:] == pytest.approx((RIGHT_MARGIN, baseline), abs=0.05)

    _, baseline = text_at(pdf, "1.")
    assert numbered == pytest.approx((ba.MARGIN + ba.LIST_INDENT, RIGHT_MARGIN, baseline), abs=0.05)

    x, baseline = text_at(pdf, "anders, namelijk: ")
    assert x == pytest.approx(ba.MARGIN + ba.LIST_INDENT, abs=0.05)
    assert checkbox[0] == pytest.approx(x + text_width("anders, namelijk: "), abs=0.05)
    assert checkbox[1:] == pytest.approx((RIGHT_MARGIN, baseline), abs=0.05)

    # Text after a line-ending blank starts on the next line of the same paragraph.
    x, baseline = text_at(pdf, "Klas: ")
    assert x == pytest.approx(ba.MARGIN, abs=0.05)
    assert klas[1:] == pytest.approx((RIGHT_MARGIN, baseline), abs=0.05)
    assert klas[2] - naam[2] == pytest.approx(ba.BODY_LH, abs=0.05)


def test_blank_at_the_end_of_a_full_line_gets_a_line_of_its_own() -> None:
    words = "woord"
    while text_width(f"{words} woord ") < ba.CONTENT_W - 10:
        words += " woord"
    pdf = render(f"# T\n\n{words} ___\n")
    (rule,) = rules(pdf)
    _, baseline = text_at(pdf, words)
    assert rule == pytest.approx((ba.MARGIN, RIGHT_MARGIN, baseline + ba.BODY_LH), abs=0.05)


def test_blank_inside_text_is_a_35_mm_line() -> None:
    pdf = render("# T\n\nLichtste versnelling: ___ : ___ = ___\n\nHet is ___ keer zo ver.\n")
    first, second, result, keer = rules(pdf)
    _, baseline = text_at(pdf, "Lichtste versnelling: ")
    for blank in (first, second, keer):
        assert blank[1] - blank[0] == pytest.approx(ba.BLANK_W, abs=0.05)
    assert [first[2], second[2], result[2]] == pytest.approx([baseline] * 3, abs=0.05)
    # the text between the blanks follows each blank after a space
    assert text_at(pdf, " : ")[0] == pytest.approx(first[1], abs=0.05)
    assert text_at(pdf, " = ")[0] == pytest.approx(second[1], abs=0.05)
    assert result[1] == pytest.approx(RIGHT_MARGIN, abs=0.05)
    assert text_at(pdf, " keer zo ver.")[0] == pytest.approx(keer[1], abs=0.05)


def test_lone_blank_in_a_table_cell_is_a_line_across_the_cell() -> None:
    table = "| Vraag | Antwoord |\n|---|---|\n| Hoe zwaar is je brug in gram? | {} |\n"
    doc = parse("# T\n\n" + table.format("___"))
    renderer = ba._Renderer(doc)
    widths, header, (row,) = renderer.table_layout(doc.blocks[0])
    # Sized like an empty cell: the column and the row leave room to write.
    empty = parse("# T\n\n" + table.format(""))
    assert widths == ba._Renderer(empty).column_widths(empty.blocks[0])
    assert widths[1] >= ba.WRITE_COL_MIN_W
    assert row[1] >= ba.WRITE_ROW_MIN_H

    (rule,) = rules(ba.render_document(doc))
    cell_left = ba.MARGIN + widths[0]
    assert rule[:2] == pytest.approx(
        (cell_left + ba.CELL_PAD_X, cell_left + widths[1] - ba.CELL_PAD_X), abs=0.05
    )
    # Low in its row, below the label's baseline, so there is room to write above it.
    _, label_baseline = text_at(ba.render_document(doc), "Hoe zwaar is je brug in gram?")
    assert label_baseline + 1.0 < rule[2] < label_baseline + row[1] / 2


def test_blank_in_a_narrow_table_cell_stays_inside_the_cell() -> None:
    doc = parse(
        "# T\n\n| Nr | Meting 1 | Meting 2 | Meting 3 | Meting 4 | Gemiddeld |\n"
        "|---|---|---|---|---|---|\n| 1 | ___ cm | ___ cm | ___ cm | ___ cm | Tijd: ___ |\n"
    )
    widths = ba._Renderer(doc).column_widths(doc.blocks[0])
    edges = [ba.MARGIN + sum(widths[:col]) for col in range(len(widths) + 1)]
    drawn = rules(ba.render_document(doc))
    assert len(drawn) == 5
    for x1, x2, _ in drawn:
        col = max(i for i, edge in enumerate(edges) if edge <= x1)
        assert edges[col] + ba.CELL_PAD_X - 0.05 <= x1 < x2 <= edges[col + 1] - ba.CELL_PAD_X + 0.05
