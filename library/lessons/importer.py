"""Import a folder of lesson files: validate everything first, then write in one transaction.

Nothing is written if any file has a problem. A file whose canonical content equals
its lesson's current revision changes nothing; a changed file becomes a new revision.

A content folder (`content/`) holds `lessons/` beside the folders of other kinds of
files (`techlabs/`): each kind is a `ContentKind` a feature registers with
`register_kind`, and `import_content` reads all of them before it writes any.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from library import locks
from library.content.body import dutch_number
from library.content.filetypes import refusal
from library.content.format import MAX_LESSON_CHARS, LessonDocument, Problem, parse_lesson
from library.db import db
from library.lessons import service
from library.lessons.archives import Sources, unpacked
from library.lessons.models import LessonStatus
from library.lessons.storage import store_blob
from library.progress import tracked
from library.vocab.loader import get_vocabularies


class ImportRejected(Exception):
    """The import found problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)


def find_lesson_files(root: Path) -> list[Path]:
    """Every `*.md` below root, except files inside a lesson's attachment folder."""
    if root.is_file():
        return [root]
    files = sorted(p for p in root.rglob("*.md") if p.is_file())
    lesson_stems = {p.with_suffix("") for p in files}
    return [p for p in files if not any(parent in lesson_stems for parent in p.parents)]


def read_content_file(
    path: Path, shown: str, max_chars: int, what: str, problems: list[Problem]
) -> str | None:
    """The file's text; None, with the problem added, when it is too large or not UTF-8."""
    if path.stat().st_size > 4 * max_chars:  # too many bytes for that many characters
        problems.append(
            Problem(shown, 1, f"{what} mag hoogstens {dutch_number(max_chars)} tekens hebben")
        )
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(shown, 1, f"het bestand is geen geldige UTF-8 ({error.reason})"))
        return None


def _read_documents(sources: Sources) -> list[LessonDocument]:
    """Parse and validate every lesson file of the sources; raise with all problems found."""
    vocabularies = get_vocabularies()
    problems: list[Problem] = list(sources.problems)
    documents: list[LessonDocument] = []
    paths = [path for root in sources.roots for path in find_lesson_files(root)]
    if not paths and not problems:
        where = ", ".join(sources.display(root) for root in sources.roots)
        problems.append(Problem(where, 0, "geen lesbestanden (*.md) gevonden"))
    for path in tracked(paths, "Lesbestanden controleren"):
        shown = sources.display(path)
        text = read_content_file(path, shown, MAX_LESSON_CHARS, "een lesbestand", problems)
        if text is None:
            continue
        document, found = parse_lesson(text, shown, vocabularies, default_slug=path.stem)
        problems.extend(found)
        if document is not None:
            problems.extend(_attach_files(document, path, shown))
            documents.append(document)
    problems.extend(_check_batch(documents))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: (p.path, p.line)))
    return documents


@contextmanager
def validated_documents(root: Path) -> Iterator[list[LessonDocument]]:
    """The valid lesson documents below root (folders, ZIPs, or a folder of ZIPs).

    Their attachment files exist only inside the `with` block.
    """
    with unpacked(root) as sources:
        yield _read_documents(sources)


def _attach_files(document: LessonDocument, path: Path, shown: str) -> list[Problem]:
    """Find the document's attachments beside it; each must pass the check every upload
    passes (`filetypes.refusal`), so a file or harvest brings nothing the editor refuses."""
    folder = path.with_suffix("")
    max_bytes = int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024
    problems = []
    for name in document.attachments:
        file = folder / name
        if not file.is_file():
            where = shown.removesuffix(".md")
            message = f"bijlage `{name}` ontbreekt in {where}/"
            problems.append(Problem(shown, _line_of(path, name), message))
            continue
        with file.open("rb") as handle:
            reason = refusal(name, handle.read(max_bytes + 1), max_bytes)
        if reason:
            problems.append(Problem(shown, _line_of(path, name), f"bijlage `{name}`: {reason}"))
        else:
            document.attachment_files[name] = file
    return problems


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    return 1


def _check_batch(documents: list[LessonDocument]) -> list[Problem]:
    seen: dict[str, LessonDocument] = {}
    problems = []
    for document in documents:
        slug_line = document.key_lines.get("slug", 1)
        if document.slug in seen:
            message = f"slug `{document.slug}` staat ook in {seen[document.slug].source}"
            problems.append(Problem(document.source, slug_line, message))
        seen[document.slug] = document
        forked = document.metadata.get("forked_from", "")
        if forked.split("@")[0] == document.slug:
            message = "een les kan geen bewerking van zichzelf zijn (`forked_from`)"
            problems.append(Problem(document.source, document.key_lines["forked_from"], message))
    return problems


@contextmanager
def import_transaction() -> Iterator[None]:
    """One unit of work that writes lessons from files: committed at the end of the block,
    rolled back (nothing written) when anything in it fails.

    It holds the lesson-files lock, so a second import (or harvest) started meanwhile
    waits for this one and then finds its lessons current, instead of inserting them too.
    """
    try:
        locks.take(
            locks.LESSON_FILES, timeout_seconds=float(current_app.config["IMPORT_LOCK_TIMEOUT"])
        )
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def import_documents(documents: list[LessonDocument], *, author: str, message: str) -> ImportReport:
    """Write validated documents as published lessons, in one transaction."""
    with import_transaction():
        return write_documents(documents, author=author, message=message)


def write_documents(documents: list[LessonDocument], *, author: str, message: str) -> ImportReport:
    """Write validated documents as published lessons inside an `import_transaction`."""
    report = ImportReport()
    terms = service.sync_lesson_terms()
    known = service.lessons_by_slug([document.slug for document in documents])
    # One flush at the end: the lessons are looked up in `known`, not queried, so
    # nothing needs to be in the database before then.
    with db.session.no_autoflush:
        for document in tracked(documents, "Lessen opslaan"):
            stored = [
                service.StoredAttachment(name, store_blob(data := file.read_bytes()), len(data))
                for name, file in document.attachment_files.items()
            ]
            existed = document.slug in known
            revision = service.save_revision(
                document,
                stored,
                author=author,
                message=message,
                terms=terms,
                status=LessonStatus.PUBLISHED,
                known=known,
            )
            if revision is None:
                report.unchanged.append(document.slug)
            else:
                (report.updated if existed else report.created).append(document.slug)
        # save_revision links forks; a fork listed before its source in this batch
        # finds the source only now.
        for document in documents:
            lesson = known[document.slug]
            if lesson.forked_from is None:
                service.link_fork_source(lesson, known)
    db.session.flush()
    return report


def import_path(root: Path, *, author: str = "import", message: str | None = None) -> ImportReport:
    """Validate every lesson file below root (folders and ZIPs), then import them all or nothing."""
    with validated_documents(root) as documents:
        return import_documents(
            documents, author=author, message=message or f"Geïmporteerd uit {root.name}"
        )


@dataclass(frozen=True)
class ContentKind:
    """Files of another kind in a content folder, in their own subfolder (`techlabs/`).

    `read` validates every file below the folder (raising `ImportRejected` with all
    problems); `write` stores the documents inside an `import_transaction`, after the
    lessons, and may still raise `ImportRejected` (a link to a lesson that does not exist);
    `export` writes them back as files to a folder and returns their slugs.
    """

    folder: str
    # How the command's summary counts them: "labs".
    plural: str
    read: Callable[[Path], list]
    write: Callable[[list], ImportReport]
    export: Callable[[Path], list[str]]


LESSONS_FOLDER = "lessons"


def register_kind(app: Flask, kind: ContentKind) -> None:
    app.extensions.setdefault("content_kinds", []).append(kind)


def content_kinds() -> list[ContentKind]:
    return list(current_app.extensions.get("content_kinds", []))


def _kind_folders(root: Path) -> list[tuple[ContentKind, Path]]:
    if not root.is_dir():
        return []
    return [(kind, root / kind.folder) for kind in content_kinds() if (root / kind.folder).is_dir()]


def _lessons_below(root: Path) -> Path | None:
    """Where a content folder keeps its lessons: `lessons/`, or the folder itself when
    lesson files lie in it (as `flask content export` writes them)."""
    if (root / LESSONS_FOLDER).is_dir():
        return root / LESSONS_FOLDER
    return root if any(root.glob("*.md")) else None


@contextmanager
def validated_content(
    root: Path,
) -> Iterator[tuple[list[LessonDocument], list[tuple[ContentKind, list]]]]:
    """The valid documents of a content folder: its lessons and each kind's documents.
    Raises `ImportRejected` with the problems of every file of every kind."""
    problems: list[Problem] = []
    lessons = _lessons_below(root)
    with ExitStack() as stack:
        lesson_documents: list[LessonDocument] = []
        if lessons is not None:
            try:
                lesson_documents = stack.enter_context(validated_documents(lessons))
            except ImportRejected as error:
                problems.extend(error.problems)
        read = []
        for kind, folder in _kind_folders(root):
            try:
                read.append((kind, kind.read(folder)))
            except ImportRejected as error:
                problems.extend(error.problems)
        if problems:
            raise ImportRejected(sorted(problems, key=lambda p: (p.path, p.line)))
        yield lesson_documents, read


def is_content_folder(root: Path) -> bool:
    """Whether root holds the folder of a registered kind (`content/` with `techlabs/`)."""
    return bool(_kind_folders(root))


def import_content(
    root: Path, *, author: str = "import", message: str | None = None
) -> dict[str, ImportReport]:
    """Import a content folder (lessons and every registered kind) or, for any other path,
    its lesson files: all or nothing. The reports by what they count ("lessen", "labs")."""
    message = message or f"Geïmporteerd uit {root.name}"
    if not is_content_folder(root):
        return {"lessen": import_path(root, author=author, message=message)}
    with validated_content(root) as (lesson_documents, read), import_transaction():
        reports = {"lessen": write_documents(lesson_documents, author=author, message=message)}
        for kind, documents in read:
            reports[kind.plural] = kind.write(documents)
        return reports
