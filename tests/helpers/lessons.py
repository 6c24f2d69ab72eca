"""Lessons for tests: a valid lesson file and its problems, a lesson put straight into a
status, counting rows."""

from __future__ import annotations

import sqlalchemy as sa

from library.authoring import workflow
from library.authoring.uploads import accept_upload
from library.content.format import parse_lesson
from library.db import db
from library.lessons import service
from library.lessons.models import LessonStatus
from library.lessons.service import StoredAttachment
from library.lessons.storage import store_blob
from library.vocab.loader import get_vocabularies, load_vocabularies

PDF = b"%PDF-1.7\n%%EOF\n"


def lesson_text(slug: str) -> str:
    return f"""---
title: {slug}
slug: {slug}
summary: Een les om de rechten mee te testen.
kind: onderzoekend
worlds: [hightech-science]
grades: [groep-7-8]
attachments: [werkblad.pdf]
---

## Confrontatie

GEHEIM-{slug}: deze tekst mag alleen zien wie de les mag zien.
"""


def make_lesson(slug: str, owner, status: str):
    """A lesson with a file, owned by `owner` (None: imported), put straight into `status`."""
    document, problems = parse_lesson(lesson_text(slug), "test", get_vocabularies(), slug)
    assert not problems
    if owner is None:
        attachment = StoredAttachment("werkblad.pdf", store_blob(PDF), len(PDF))
        terms = service.sync_lesson_terms()
        service.save_revision(
            document,
            [attachment],
            author="import",
            message="",
            terms=terms,
            status=LessonStatus(status),
        )
        db.session.commit()
        return service.get_lesson(slug)
    attachment = accept_upload("werkblad.pdf", PDF, 1024 * 1024, by=owner)
    lesson = workflow.create_lesson(document, [attachment], by=owner)
    assert lesson.slug == slug
    if status in ("published", "archived"):
        service.set_status(lesson, LessonStatus.PUBLISHED)
    service.set_status(lesson, LessonStatus(status))
    db.session.commit()
    return lesson


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


VALID = """---
title: Drijven en zinken
summary: Wat drijft er, en waarom?
kind: onderzoekend
worlds: [energie-water-veiligheid]
grades:
  - groep-1-2
duration: 45
---
Intro tekst.

## Confrontatie

Een bak water.

## Tips voor de leerkracht

Handdoeken klaarleggen.
"""


def parse(text, slug="drijven"):
    return parse_lesson(text, "les.md", vocab, default_slug=slug)


def messages(text):
    document, problems = parse(text)
    assert document is None
    return [str(p) for p in problems]


vocab = load_vocabularies()
