"""The lesson as one A4 PDF: the teacher's text, then its worksheets, in one download.

The text is laid out by `library.printing`, the layout of the attachment PDFs, from the
revision's stored (sanitised) HTML; the worksheets that are PDFs follow it page for page
(pypdf), the others are listed with their address. Both are bounded: lesson texts have
the format's size limits, and at most `MAX_APPENDED_BYTES` and `MAX_APPENDED_PAGES` of
worksheets are appended, the rest listed. A revision never changes, so each worker keeps
the last PDFs it made (`CACHE_ENTRIES`) and the response can be cached by its ETag.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask import current_app, request, url_for
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from library.caching import BoundedCache
from library.downloads.package import print_context
from library.lessons.display import minutes_text
from library.lessons.models import Attachment, Lesson
from library.lessons.storage import blob_path
from library.printing.blocks import Block, Runs, Table, Text
from library.printing.html import html_blocks
from library.printing.sheet import Imprint, render
from library.vocab.loader import get_vocabularies

MAX_APPENDED_BYTES = 8 * 1024 * 1024
MAX_APPENDED_PAGES = 60
CACHE_ENTRIES = 8
CREATOR = "Techniekbieb"


def _item(label: str, value: str, marker: str = "\u2022") -> Text:
    return Text("li", 0, [(f"{label}: ", True), (value, False)], marker=marker, depth=1)


def _items(texts: list[str], marker: str = "\u2022") -> list[Block]:
    return [Text("li", 0, [(text, False)], marker=marker, depth=1) for text in texts]


def _heading(text: str, tag: str = "h2") -> Text:
    return Text(tag, 0, [(text, False)])


@dataclass(frozen=True)
class _Appendix:
    """The worksheets that are appended, and those only listed."""

    appended: list[tuple[Attachment, PdfReader]]
    listed: list[Attachment]


def _appendix(attachments: list[Attachment]) -> _Appendix:
    """The PDF worksheets to append, within the byte and page budget; the rest listed.

    A file pypdf cannot read is listed, not appended: its link still works.
    """
    appended: list[tuple[Attachment, PdfReader]] = []
    listed: list[Attachment] = []
    size = pages = 0
    for item in attachments:
        path = blob_path(item.sha256)
        fits = size + item.size <= MAX_APPENDED_BYTES
        if item.media_type != "application/pdf" or not fits or not path.is_file():
            listed.append(item)
            continue
        try:
            reader = PdfReader(io.BytesIO(path.read_bytes()))
            count = len(reader.pages)
        except (PyPdfError, ValueError) as error:
            current_app.logger.warning("worksheet %s not appended: %s", item.filename, error)
            listed.append(item)
            continue
        if pages + count > MAX_APPENDED_PAGES:
            listed.append(item)
            continue
        appended.append((item, reader))
        size, pages = size + item.size, pages + count
    return _Appendix(appended, listed)


def lesson_blocks(lesson: Lesson, appendix: _Appendix) -> list[Block]:
    """The teacher's text as printed blocks, in the order of the print view."""
    context = print_context(lesson)
    revision, meta = context["revision"], context["meta"]
    blocks: list[Block] = [_heading(lesson.title, "h1"), Text("p", 0, [(lesson.summary, True)])]
    blocks.append(_heading("In één oogopslag"))
    for fact in context["quick_look"]:
        blocks.append(_item(fact.label, f"{fact.value} {fact.note}".strip()))
    blocks.append(_heading("Fasen in deze les"))
    for number, phase in enumerate(context["cycle"], 1):
        minutes = f" ({minutes_text(phase.minutes)})" if phase.minutes else ""
        where = minutes if phase.covered else " (niet in deze les)"
        blocks.append(_item(f"{number}. {phase.label}{where}", phase.description, marker=""))
    blocks += html_blocks(revision.intro_html)
    if meta.get("materials"):
        blocks += [_heading("Materialen"), *_items(meta["materials"], marker="[ ]")]
    if revision.preparation_html:
        blocks += [_heading("Voorbereiding"), *html_blocks(revision.preparation_html)]
    if meta.get("word_list"):
        rows: list[list[Runs]] = [[[("Woord", True)], [("Betekenis", True)]]]
        rows += [[[(e["word"], True)], [(e["meaning"], False)]] for e in meta["word_list"]]
        blocks += [_heading("Woordenschat"), Table(0, ["L", "L"], rows)]
    if meta.get("sentence_starters"):
        blocks += [_heading("Zinsstarters"), *_items(meta["sentence_starters"])]
    order = [phase.key for phase in context["cycle"]]
    for section in context["sections"]:
        number = f"Fase {order.index(section.phase) + 1} \u00b7 " if section.phase else ""
        blocks += [_heading(number + section.heading), *html_blocks(section.html)]
    blocks += _worksheet_list(context["worksheets"], appendix)
    blocks += _attribution(lesson, context)
    return blocks


def _worksheet_list(worksheets: list, appendix: _Appendix) -> list[Block]:
    if not worksheets:
        return []
    appended = {item.filename for item, _ in appendix.appended}
    blocks: list[Block] = [_heading("Werkbladen en bijlagen")]
    for sheet in worksheets:
        where = "achter in deze PDF" if sheet.filename in appended else sheet.url
        blocks.append(_item(sheet.filename, where))
    return blocks


def _attribution(lesson: Lesson, context: dict) -> list[Block]:
    meta, license = context["meta"], context["license"]
    made = f"{lesson.title}, versie {context['revision'].number}"
    if meta.get("authors"):
        made += f", door {', '.join(meta['authors'])}"
    lines = [made]
    if context["sources"]:
        chain = "; ".join(source.title for source in context["sources"])
        lines.append(f"Bewerking van: {chain}")
    if license:
        lines.append(f"Licentie: {license.label} ({license.get('url')})")
    lines.append(f"Bron: {url_for('lessons.show', slug=lesson.slug, _external=True)}")
    return [_heading("Makers en licentie"), *(Text("p", 0, [(line, False)]) for line in lines)]


def build_lesson_pdf(lesson: Lesson) -> bytes:
    """The lesson's PDF: its text laid out, its PDF worksheets after it, bookmarked."""
    revision = lesson.current_revision
    appendix = _appendix(list(revision.attachments))
    license = get_vocabularies().licenses.get(lesson.license)
    imprint = Imprint(
        title=lesson.title,
        subject=lesson.summary,
        header=f"Techniekbieb \u00b7 {lesson.slug}",
        licence=license.label if license else lesson.license,
        creator=CREATOR,
        created=revision.created_at,
    )
    text = render(lesson_blocks(lesson, appendix), imprint)
    writer = PdfWriter()
    writer.append(io.BytesIO(text), outline_item=lesson.title)
    for item, reader in appendix.appended:
        writer.append(reader, outline_item=item.filename)
    writer.add_metadata({"/Title": lesson.title, "/Author": "Techniekbieb"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def lesson_pdf(lesson: Lesson) -> bytes:
    """The PDF of the lesson's current revision, made once per worker and revision."""
    cache = current_app.extensions.setdefault("lesson_pdfs", BoundedCache(CACHE_ENTRIES))
    revision = lesson.current_revision
    # The host is part of the key: without LIBRARY_SERVER_NAME the addresses in the PDF
    # are the request's, and one request's must not end up in another's PDF.
    key = (revision.id, revision.content_hash, request.host_url)
    return cache.get(key, lambda: build_lesson_pdf(lesson))


def pdf_filename(lesson: Lesson) -> str:
    return f"{lesson.slug}-v{lesson.current_revision.number}.pdf"
