"""Build a lesson's ZIP: `lesson.md` (the exchange format), `lesson.html` (printable,
self-contained), `lesson/<attachment>` and `ATTRIBUTION.txt`.

The ZIP imports unchanged into another installation: `lesson.md` names its slug and
its attachments sit in the sibling folder the lesson format expects.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa
from flask import render_template, url_for

from library.content.format import serialise
from library.db import db
from library.lessons.display import cycle_phases, ordered_sections, quick_look, section_anchor
from library.lessons.exporter import document_from_revision
from library.lessons.lineage import ancestors
from library.lessons.models import Lesson
from library.lessons.pictures import picture_of
from library.lessons.storage import attachment_url, read_blob
from library.vocab.loader import get_vocabularies

STATIC = Path(__file__).resolve().parent.parent / "static"
# A fixed timestamp for members: the same lesson revision always gives the same ZIP bytes.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def attribution_text(lesson: Lesson) -> str:
    """Licence, makers and the chain of sources, as plain text for ATTRIBUTION.txt."""
    vocabularies = get_vocabularies()
    meta = lesson.current_revision.metadata_
    license = vocabularies.licenses.get(lesson.license)
    lines = [
        lesson.title,
        "=" * len(lesson.title),
        "",
        f"Bron: {url_for('lessons.show', slug=lesson.slug, _external=True)}",
        f"Versie: {lesson.current_revision.number}",
        f"Makers: {', '.join(meta.get('authors', [])) or 'onbekend'}",
    ]
    if lesson.organisation:
        lines.append(f"Organisatie: {lesson.organisation}")
    if license:
        lines += [
            f"Licentie: {license.label}",
            f"Licentietekst: {license.get('url')}",
            "",
            license.description,
        ]
    chain = ancestors(lesson)
    if chain or meta.get("forked_from"):
        lines += ["", "Deze les is een bewerking van:"]
        for source in chain:
            makers = ", ".join(source.authors) or "onbekend"
            licence = vocabularies.licenses.label_of(source.license)
            line = f"- {source.title}, versie {source.revision.number}, door {makers} ({licence})"
            if source.linked:
                line += ", " + url_for("lessons.show", slug=source.lesson.slug, _external=True)
            lines.append(line)
        if not chain:
            lines.append(f"- {meta['forked_from']}")
    lines += ["", "Noem bij hergebruik de makers en de licentie, zoals hierboven."]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Worksheet:
    """An attachment as the printed lesson lists it: where to open it, where to find it."""

    filename: str
    size: int
    href: str  # on the site, or beside lesson.html in the ZIP
    url: str  # the address written out for paper


def print_context(lesson: Lesson, *, offline: bool = False) -> dict:
    """What the print view and (`offline`) the ZIP's lesson.html show."""
    vocabularies = get_vocabularies()
    revision = lesson.current_revision
    # The ZIP's page shows images and opens worksheets from its own lesson/ folder.
    files = {
        attachment_url(lesson.slug, item.filename): f"lesson/{quote(item.filename)}"
        for item in revision.attachments
    }
    worksheets = []
    for item in revision.attachments:
        path = attachment_url(lesson.slug, item.filename)
        url = url_for(
            "lessons.attachment", slug=lesson.slug, filename=item.filename, _external=True
        )
        worksheets.append(
            Worksheet(item.filename, item.size, files[path] if offline else path, url)
        )
    picture = picture_of(lesson.slug, revision.metadata_)
    if offline and picture is not None:
        # Offline only the cover travels along (in lesson/); a world's drawing stays home.
        picture = replace(picture, url=f"lesson/{quote(picture.filename)}") if picture.own else None
    return {
        "lesson": lesson,
        "revision": revision,
        "meta": revision.metadata_,
        "picture": picture,
        "quick_look": quick_look(lesson, revision, vocabularies),
        "worksheets": worksheets,
        "sections": ordered_sections(revision, vocabularies),
        "cycle": cycle_phases(revision, vocabularies),
        "anchor": section_anchor,
        "license": vocabularies.licenses.get(lesson.license),
        "sources": ancestors(lesson),
        # The print view shows the stored HTML as it is.
        "offline_files": files if offline else None,
    }


def standalone_html(lesson: Lesson) -> str:
    """The print view with its stylesheet inlined: readable offline, no external requests.

    Images of the attachments point at their copies in the ZIP; any other image goes.
    """
    css = (STATIC / "print.css").read_text(encoding="utf-8")
    return render_template(
        "downloads/print.html", inline_css=css, **print_context(lesson, offline=True)
    )


def _add(bundle: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    bundle.writestr(info, data)


def lesson_zip(lesson: Lesson) -> bytes:
    revision = lesson.current_revision
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        _add(bundle, "lesson.md", serialise(document_from_revision(revision)).encode("utf-8"))
        _add(bundle, "lesson.html", standalone_html(lesson).encode("utf-8"))
        for attachment in revision.attachments:
            _add(bundle, f"lesson/{attachment.filename}", read_blob(attachment.sha256))
        _add(bundle, "ATTRIBUTION.txt", attribution_text(lesson).encode("utf-8"))
    return buffer.getvalue()


def record_download(lesson: Lesson) -> None:
    """Count a download with a plain UPDATE: not an edit, so the lesson's version (which
    guards editors against lost updates) and its revision history stay untouched."""
    db.session.execute(
        sa.update(Lesson)
        .where(Lesson.id == lesson.id)
        .values(download_count=Lesson.download_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def zip_filename(lesson: Lesson) -> str:
    return f"{lesson.slug}-v{lesson.current_revision.number}.zip"
