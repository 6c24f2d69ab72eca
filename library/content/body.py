"""A lesson file's body: the introduction and the `## ` sections, within the format's limits.

The body is split with plain string operations, one pass over the lines, so a line of
any shape (`## a` followed by thousands of spaces, say) costs time linear in its
length. The limits below bound everything that later works on the text: Markdown,
the search index and the comparison of versions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

MAX_TEXT_CHARS = 30_000  # one section, the introduction, the preparation
MAX_SECTIONS = 60
MAX_HEADING_CHARS = 120
FENCES = ("```", "~~~")


@dataclass
class SectionDocument:
    heading: str
    markdown: str
    phase: str | None = None


# Called with (line in the file, message, part); part names the piece of the body
# (`intro`, `section-<n>`, `section-<n>-heading`), or is `body` for the body as a whole.
Report = Callable[[int, str, str], None]


def dutch_number(value: int) -> str:
    """30000 -> "30.000", as a Dutch reader writes it."""
    return f"{value:,}".replace(",", ".")


def heading_text(line: str) -> str | None:
    """The text of a level-2 heading line (`## Kop`, `## Kop ##`), or None for any other line."""
    if not line.startswith("##") or line[2:3] not in (" ", "\t"):
        return None
    return without_closing_hashes(line[2:])


def without_closing_hashes(text: str) -> str:
    """A heading's text without the optional closing hashes (`Kop ##` -> `Kop`); hashes
    that touch the text (`C#`) are part of it."""
    text = text.strip(" \t")
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        return bare.rstrip(" \t")
    return text


def _fence_marker(line: str) -> str | None:
    """The fence a line opens or closes (``` or ~~~, indented at most three spaces)."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3:
        return None
    return next((fence for fence in FENCES if stripped.startswith(fence)), None)


def parse_body(
    lines: list[str], first_line: int, report: Report
) -> tuple[str, list[SectionDocument]]:
    """Split the body at level-2 headings (outside fenced code) into intro and sections."""
    intro: list[str] = []
    sections: list[tuple[str, int, list[str]]] = []
    fence: str | None = None
    for offset, line in enumerate(lines):
        marker = _fence_marker(line)
        if marker is not None:
            fence = marker if fence is None else None if marker == fence else fence
        heading = heading_text(line) if fence is None else None
        if heading is None:
            (sections[-1][2] if sections else intro).append(line)
            continue
        if not heading:
            report(first_line + offset, "een kop `## ` zonder tekst", f"section-{len(sections)}")
        if len(sections) == MAX_SECTIONS:
            report(
                first_line + offset,
                f"een les heeft hoogstens {MAX_SECTIONS} onderdelen (`## `)",
                "body",
            )
        sections.append((" ".join(heading.split()), first_line + offset, []))
    documents = [
        SectionDocument(heading=heading, markdown=clean_markdown(body))
        for heading, _line, body in sections
    ]
    text = clean_markdown(intro)
    _check_sizes(text, documents, [line for _h, line, _b in sections], first_line, report)
    return text, documents


def _check_sizes(
    intro: str,
    sections: list[SectionDocument],
    heading_lines: list[int],
    first_line: int,
    report: Report,
) -> None:
    limit = dutch_number(MAX_TEXT_CHARS)
    if len(intro) > MAX_TEXT_CHARS:
        now = dutch_number(len(intro))
        report(first_line, f"de inleiding mag hoogstens {limit} tekens hebben (nu {now})", "intro")
    for index, (section, line) in enumerate(zip(sections, heading_lines, strict=True)):
        shown = section.heading[:60] + ("…" if len(section.heading) > 60 else "")
        if len(section.heading) > MAX_HEADING_CHARS:
            now = dutch_number(len(section.heading))
            message = f"de kop `{shown}` mag hoogstens {MAX_HEADING_CHARS} tekens hebben (nu {now})"
            report(line, message, f"section-{index}-heading")
        if len(section.markdown) > MAX_TEXT_CHARS:
            now = dutch_number(len(section.markdown))
            message = f"het onderdeel `{shown}` mag hoogstens {limit} tekens hebben (nu {now})"
            report(line, message, f"section-{index}")


def clean_markdown(lines: list[str]) -> str:
    """Trim blank lines around a block and trailing spaces that carry no meaning."""
    text = "\n".join(line.rstrip() if not line.endswith("  ") else line for line in lines)
    return text.strip("\n")
