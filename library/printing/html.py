"""What paper can show of a lesson text's sanitised HTML, as printed blocks.

The lesson PDF prints a revision's stored HTML (library/rendering.py made it, so only its
allow-list of elements occurs); the O&O page quotes the opening of a phase from it.
"""

from __future__ import annotations

from library.printing.blocks import Block, BlockCollector, Runs


class LessonHTML(BlockCollector):
    """The blocks of a lesson text's sanitised HTML: whatever paper can show of it.

    Links keep their address after their text, images their description; italics, code
    and struck text print as plain text.
    """

    def __init__(self) -> None:
        super().__init__()
        self.link: tuple[str, Runs, int] | None = None  # address, where its text goes, from

    def runs(self) -> Runs:
        """Where text goes now: the open cell or paragraph, else a new paragraph."""
        if self.cell is not None:
            return self.cell
        return (self.text or self.start_text("p")).runs

    def other_start(self, tag: str, attr: dict[str, str | None]) -> None:
        if tag in ("h4", "h5", "h6"):
            self.start_text("h3")
        elif tag in ("dt", "dd", "pre", "blockquote"):
            self.start_text("p")
        elif tag == "a" and (attr.get("href") or "").startswith(("http://", "https://")):
            runs = self.runs()
            self.link = (str(attr["href"]), runs, len(runs))
        elif tag == "img":
            description = attr.get("alt") or "zonder beschrijving"
            self.runs().append((f"[afbeelding: {description}]", False))

    def other_end(self, tag: str) -> None:
        if tag == "a" and self.link:
            href, runs, start = self.link
            if "".join(text for text, _ in runs[start:]).strip() != href:
                runs.append((f" ({href})", False))  # on paper the address must be written out
            self.link = None
        elif tag in ("dt", "dd", "pre", "blockquote"):
            self.text = None

    def stray_text(self, data: str) -> None:
        self.runs().append((data, self.bold > 0))


def html_blocks(markup: str) -> list[Block]:
    reader = LessonHTML()
    reader.feed(markup)
    reader.close()
    return reader.blocks
