"""Tests for scripts/build_attachments.py: what a source may hold, the PDFs, and --check."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pypdf
import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
sys.path.insert(0, str(SCRIPTS))
import build_attachments as ba  # noqa: E402
from attachments.source import SourceError, parse_source  # noqa: E402

from library.printing import sheet as layout  # noqa: E402
from library.printing.blocks import Block, Table, Text  # noqa: E402

SLUG = "hoe-ver-kun-je-springen"
SAMPLE = """\
# Meetkaart: hoe ver kun je springen?

Namen: ___

## Zo meet je

Zet je voeten **achter** de lijn.
Spring zo ver als je kunt – en meet met het meetlint: ___ cm of ___ cm.

- Meet vanaf de **lijn**
  tot je hak.
- Schrijf de afstand op in cm.

1. Eerste sprong
2. ___

- [ ] Ik heb drie keer gesprongen.

| Sprong | Afstand (cm) | Goed gegaan? |
|:---|---:|:---:|
| 1 | | |
| **2** | 120 | ✓ |

___

!box 4

!cut

Kosten: € 2,50 → ↑ ★ ❤ en een \\| streep.

![Een springend kind](kind.svg)

---

## Pagina twee

Einde.
"""
DRAWING = """\
<svg xmlns="http://www.w3.org/2000/svg" width="60mm" height="30mm" viewBox="0 0 60 30">
  <rect x="1" y="1" width="58" height="28" fill="none" stroke="#000" stroke-width="0.5"/>
  <text x="30" y="18" font-family="dejavu" font-size="6" text-anchor="middle">sprong</text>
</svg>
"""


def make_source(root: Path, text: str = SAMPLE, slug: str = SLUG, name: str = "meetkaart") -> Path:
    source = root / "src" / slug / f"{name}.md"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text, encoding="utf-8")
    if "(kind.svg)" in text:
        (source.parent / "kind.svg").write_text(DRAWING, encoding="utf-8")
    return source


def parse(tmp_path: Path, text: str) -> list[Block]:
    source = make_source(tmp_path, text)
    return parse_source(text, source, "bron.md")


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(SourceError) as caught:
        parse(tmp_path, text)
    return [str(problem) for problem in caught.value.problems]


def pdf_pages(tmp_path: Path, text: str = SAMPLE) -> list[pypdf.PageObject]:
    target = tmp_path / "built.pdf"
    target.write_bytes(ba.build_source(make_source(tmp_path, text)))
    return list(pypdf.PdfReader(target).pages)


def page_lines(page: pypdf.PageObject) -> list[str]:
    return [line.strip() for line in page.extract_text().splitlines()]


# --- What a source may hold -------------------------------------------------------


def test_a_source_becomes_blocks_with_their_source_lines(tmp_path: Path) -> None:
    blocks = parse(tmp_path, SAMPLE)
    summary = [
        (type(block).__name__, getattr(block, "tag", getattr(block, "kind", "")), block.line)
        for block in blocks
    ]
    assert summary == [
        ("Text", "h1", 1),
        ("Text", "p", 3),
        ("Text", "h2", 5),
        ("Text", "p", 7),
        ("Text", "li", 10),
        ("Text", "li", 12),
        ("Text", "li", 14),
        ("Text", "li", 15),
        ("Text", "li", 17),
        ("Table", "", 19),
        ("Directive", "___", 24),
        ("Directive", "!box", 26),
        ("Directive", "!cut", 28),
        ("Text", "p", 30),
        ("Drawing", "", 32),
        ("Directive", "---", 34),
        ("Text", "h2", 36),
        ("Text", "p", 38),
    ]
    items = [block for block in blocks if isinstance(block, Text) and block.tag == "li"]
    assert [item.marker for item in items] == ["\u2022", "\u2022", "1.", "2.", "[ ]"]
    assert ("lijn", True) in items[0].runs
    table = next(block for block in blocks if isinstance(block, Table))
    assert table.aligns == ["L", "R", "C"]
    assert table.rows[2] == [[("2", True)], [("120", False)], [("\u2713", False)]]
    assert blocks[11].size == 4


def test_blanks_that_end_a_line_end_the_printed_line(tmp_path: Path) -> None:
    runs = [("Namen: ___\nRollen: meter ___ schrijver ___", False)]
    assert layout._printed_lines(runs) == [
        ([("Namen: ", False)], True),
        ([("Rollen: meter ", False), ("\0", False), (" schrijver ", False)], True),
    ]
    assert layout._printed_lines([("Een ___ en ___ einde.", False)]) == [
        (
            [("Een ", False), ("\0", False), (" en ", False), ("\0", False), (" einde.", False)],
            False,
        )
    ]


@pytest.mark.parametrize(
    ("source", "line", "fragment"),
    [
        ("Geen titel\n", 1, "starts with its title"),
        ("# T\n\n# Nog een titel\n", 3, "only one # title"),
        ("# T\n\n#### Te diep\n", 3, "use ### at most"),
        ("# T\n\n- [x] klaar\n", 3, "ticked box"),
        ("# T\n\n!plaatje 3\n", 3, "unknown directive '!plaatje 3'"),
        ("# T\n\n!box\n", 3, "!box needs 1 to"),
        ("# T\n\n!box 99\n", 3, "!box needs 1 to"),
        ("# T\n\nZie [de site](https://example.org).\n", 3, "links"),
        ("# T\n\n![foto](foto.png)\n", 3, "SVG files next to the source"),
        ("# T\n\n![fiets](fiets.svg)\n", 3, "drawing 'fiets.svg' not found"),
        ("# T\n\nKijk ![kind](kind.svg) hier\n", 3, "paragraph of its own"),
        ("# T\n\n![kapot](kapot.svg)\n", 3, "drawing 'kapot.svg' cannot be read"),
        ("# T\n\n![los](los.svg)\n", 3, "needs a viewBox"),
        ("# T\n\nEen <b>vet</b> woord\n", 3, "HTML"),
        ("# T\n\nEen *schuin* woord\n", 3, "italics"),
        ("# T\n\nEen `code` woord\n", 3, "code"),
        ("# T\n\n> citaat\n", 3, "block quotes"),
        ("# T\n\n***\n", 3, "exactly ---"),
        ("# T\n\nHet teken \u6f22\n", 3, "U+6F22"),
    ],
)
def test_what_cannot_be_printed_fails_with_path_and_line(
    tmp_path: Path, source: str, line: int, fragment: str
) -> None:
    (tmp_path / "src" / SLUG).mkdir(parents=True)
    (tmp_path / "src" / SLUG / "kapot.svg").write_text("<svg><rect", encoding="utf-8")
    (tmp_path / "src" / SLUG / "los.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    found = problems(tmp_path, source)
    assert found[0].startswith(f"bron.md:{line}: "), found
    assert fragment in found[0], found


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    found = problems(tmp_path, "# T\n\n*schuin*\n\n!foo\n\nmet \u6f22\n\n![x](weg.svg)\n")
    assert [problem.split(": ")[0] for problem in found] == [
        "bron.md:3",
        "bron.md:5",
        "bron.md:7",
        "bron.md:9",
    ]


# --- The PDF ----------------------------------------------------------------------


def test_pdf_is_a4_with_header_footer_and_metadata(tmp_path: Path) -> None:
    pages = pdf_pages(tmp_path)
    assert len(pages) == 2
    assert [round(float(v)) for v in pages[0].mediabox[2:]] == [595, 842]
    first = page_lines(pages[0])
    assert first[0] == f"Techniekbieb \u00b7 {SLUG}"
    assert "CC BY-SA 4.0" in first[-1] and first[-1].endswith("pagina 1 van 2")
    reader = pypdf.PdfReader(tmp_path / "built.pdf")
    assert reader.metadata.title == "Meetkaart: hoe ver kun je springen?"
    assert reader.metadata["/CreationDate"] == "D:20240101000000Z"


def test_dutch_text_and_signs_print_as_written(tmp_path: Path) -> None:
    text = pdf_pages(tmp_path)[0].extract_text()
    assert "Spring zo ver als je kunt \u2013 en meet" in text
    assert "Kosten: \u20ac 2,50 \u2192 \u2191 \u2605 \u2764 en een | streep." in text
    assert "\u2713" in text and "knip hier" in text
    assert "sprong" in text  # the SVG drawing's own text
    assert "Pagina twee" in pdf_pages(tmp_path)[1].extract_text()


def test_a_blank_that_ends_a_line_runs_to_the_right_margin(tmp_path: Path) -> None:
    lines = page_lines(pdf_pages(tmp_path)[0])
    names = next(line for line in lines if line.startswith("Namen:"))
    inline = next(line for line in lines if "cm of" in line)
    blanks = re.findall(r"_{3,}", names + " " + inline)
    margin_blank, *short_blanks = (len(blank) for blank in blanks)
    assert margin_blank > 60  # "Namen: " leaves about 155 mm of a 174 mm line
    assert short_blanks and all(12 <= length <= 20 for length in short_blanks)  # 35 mm


def test_long_tables_flow_onto_new_pages_with_their_header(tmp_path: Path) -> None:
    rows = "\n".join(f"| {i} | {'woord ' * 12}| |" for i in range(60))
    pages = pdf_pages(tmp_path, f"# Lang\n\n| Nr | Tekst | Invullen |\n|---|---|---|\n{rows}\n")
    assert len(pages) >= 3
    assert all("Invullen" in page.extract_text() for page in pages)


def test_columns_to_write_in_share_the_room_the_text_leaves(tmp_path: Path) -> None:
    sheet = layout.Sheet(ba.worksheet_imprint(SLUG, "T"))
    question, answer = layout._column_widths(sheet, [["Vraag", "Antwoord"], ["Hoe zwaar?", ""]])
    assert question + answer == pytest.approx(sheet.epw)
    assert answer > 3 * question
    grid = [["", *"123456"], ["**rij 1** ●", *[""] * 6]]
    label, *pixels = layout._column_widths(sheet, grid)
    assert label + sum(pixels) == pytest.approx(sheet.epw)  # the label column is not squeezed
    assert len(set(pixels)) == 1


def test_a_heading_never_ends_a_page(tmp_path: Path) -> None:
    # The box leaves room for the heading itself, not for the text under it.
    pages = pdf_pages(tmp_path, "# T\n\n!box 29\n\n## Kop onderaan\n\nTekst eronder.\n")
    assert len(pages) == 2
    assert page_lines(pages[1])[1:3] == ["Kop onderaan", "Tekst eronder."]


# --- Building and --check ---------------------------------------------------------


def run(tmp_path: Path, *extra: str) -> int:
    return ba.main(["--sources", str(tmp_path / "src"), "--output", str(tmp_path / "out"), *extra])


def test_builds_are_byte_for_byte_reproducible(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    assert ba.build_source(source) == ba.build_source(source)


def test_check_mode_reports_missing_and_differing_pdfs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_source(tmp_path)
    make_source(tmp_path, "# Ontwerpblad\n\nTeken je oven.\n", "zonneoven-bouwen", "ontwerpblad")
    assert run(tmp_path, "--check") == 1
    assert capsys.readouterr().err.count("missing: ") == 2

    assert run(tmp_path) == 0
    assert run(tmp_path, "--check") == 0
    assert "2 attachment PDF(s) up to date" in capsys.readouterr().out

    committed = tmp_path / "out" / "zonneoven-bouwen" / "ontwerpblad.pdf"
    committed.write_bytes(committed.read_bytes().replace(b"Ontwerpblad", b"Ontwerpblat"))
    assert run(tmp_path, "--check") == 1
    err = capsys.readouterr().err
    assert "differs: " in err and "ontwerpblad.pdf" in err and "meetkaart.pdf" not in err


def test_a_bad_source_fails_the_build_and_builds_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make_source(tmp_path)
    make_source(tmp_path, "# Kapot\n\nGoed\n\n!plaatje\n", "les", "kapot")
    assert ba.main(["--sources", "src", "--output", "out"]) == 1
    assert "src/les/kapot.md:5: unknown directive" in capsys.readouterr().err
    assert not (tmp_path / "out" / "les" / "kapot.pdf").exists()
    assert (tmp_path / "out" / SLUG / "meetkaart.pdf").exists()


def test_misplaced_sources_are_reported(tmp_path: Path) -> None:
    (tmp_path / "los.md").write_text("# T\n", encoding="utf-8")
    (tmp_path / "Geen_Slug").mkdir()
    (tmp_path / "Geen_Slug" / "blad.md").write_text("# T\n", encoding="utf-8")
    (tmp_path / "les").mkdir()
    (tmp_path / "les" / "foto.png").write_bytes(b"\x89PNG")
    (tmp_path / "les" / "blad.md").write_text("# T\n\n![fiets](fiets.svg)\n", encoding="utf-8")
    (tmp_path / "les" / "fiets.svg").write_text(DRAWING, encoding="utf-8")
    (tmp_path / "les" / "oud.svg").write_text(DRAWING, encoding="utf-8")
    found, found_problems = ba.find_sources(tmp_path)
    assert found == [tmp_path / "les" / "blad.md"]
    assert [Path(problem.path).name for problem in found_problems] == [
        "blad.md",
        "foto.png",
        "oud.svg",
        "los.md",
    ]
