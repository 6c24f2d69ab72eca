"""Attachments people upload: the type is read from the content, never trusted from the name.

A small sniffer knows the types a lesson may carry (worksheets, slides, images,
3D models, Scratch and micro:bit programs, zip archives). A file is accepted only
when its content is one of them and its name's extension agrees; anything else
(HTML, scripts, programs, SVG) is refused. Accepted files are stored by hash.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from library.content.format import FILENAME_RE
from library.lessons.service import StoredAttachment
from library.lessons.storage import store_blob


class UploadRefused(ValueError):
    """The file cannot be attached; the message says why, in Dutch."""


@dataclass(frozen=True)
class FileType:
    name: str  # what a teacher calls it
    extensions: tuple[str, ...]


FILE_TYPES = {
    "pdf": FileType("pdf-bestand", ("pdf",)),
    "docx": FileType("Word-document", ("docx",)),
    "odt": FileType("OpenDocument-tekst", ("odt",)),
    "pptx": FileType("PowerPoint-presentatie", ("pptx",)),
    "odp": FileType("OpenDocument-presentatie", ("odp",)),
    "xlsx": FileType("Excel-werkblad", ("xlsx",)),
    "ods": FileType("OpenDocument-rekenblad", ("ods",)),
    "png": FileType("png-afbeelding", ("png",)),
    "jpg": FileType("jpg-foto", ("jpg", "jpeg")),
    "stl": FileType("3D-model (stl)", ("stl",)),
    "sb3": FileType("Scratch-project", ("sb3",)),
    "hex": FileType("micro:bit-programma (hex)", ("hex",)),
    "zip": FileType("zip-archief", ("zip",)),
}
ZIP_KINDS = frozenset({"docx", "odt", "pptx", "odp", "xlsx", "ods", "sb3", "zip"})
ACCEPTED_EXTENSIONS = tuple(ext for kind in FILE_TYPES.values() for ext in kind.extensions)
OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.presentation": "odp",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
OFFICE_PARTS = {
    "word/document.xml": "docx",
    "ppt/presentation.xml": "pptx",
    "xl/workbook.xml": "xlsx",
}
HEX_RECORD = re.compile(rb"^:[0-9A-Fa-f]{10,}$")
MAX_NAME_LENGTH = 120


def _zip_kind(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        if names and names[0] == "mimetype":
            # OpenDocument: the first entry, stored uncompressed, names the type.
            with archive.open("mimetype") as entry:
                kind = OPENDOCUMENT.get(entry.read(100).strip())
            if kind:
                return kind
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return None
    if "[Content_Types].xml" in names:
        for part, kind in OFFICE_PARTS.items():
            if part in names:
                return kind
    if "project.json" in names:
        return "sb3"
    return "zip"


def _is_stl(data: bytes) -> bool:
    if len(data) >= 84:
        (triangles,) = struct.unpack_from("<I", data, 80)
        if len(data) == 84 + 50 * triangles:
            return True
    head = data[:1024].lstrip().lower()
    return head.startswith(b"solid") and b"facet" in head and b"endsolid" in data[-1024:].lower()


def _is_intel_hex(data: bytes) -> bool:
    lines = [line.strip() for line in data.splitlines() if line.strip()]
    return bool(lines) and all(HEX_RECORD.match(line) for line in lines)


SIGNATURES: tuple[tuple[str, Callable[[bytes], bool]], ...] = (
    ("pdf", lambda data: data.startswith(b"%PDF-")),
    ("png", lambda data: data.startswith(b"\x89PNG\r\n\x1a\n")),
    ("jpg", lambda data: data.startswith(b"\xff\xd8\xff")),
    ("stl", _is_stl),
    ("hex", _is_intel_hex),
)


def sniff(data: bytes) -> str | None:
    """The kind of file the bytes are (a key of FILE_TYPES), or None if not one we accept."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    for kind, matches in SIGNATURES:
        if matches(data):
            return kind
    return None


def clean_filename(filename: str) -> str:
    """A name the lesson format accepts: no folders, no odd characters, a lower-case extension."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = unicodedata.normalize("NFKC", name).strip()
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = re.sub(r"[^\w .()+-]+", "-", stem).strip(" .-")[:MAX_NAME_LENGTH] or "bijlage"
    if not re.match(r"\w", stem):
        stem = "bijlage-" + stem
    return f"{stem}.{extension.lower()}" if extension else stem


def accept_upload(filename: str, data: bytes, max_bytes: int) -> StoredAttachment:
    """Check an uploaded file and store it by hash; raise UploadRefused with the reason."""
    name = clean_filename(filename)
    if not data:
        raise UploadRefused(f"Het bestand ‘{name}’ is leeg.")
    if len(data) > max_bytes:
        limit = max_bytes // (1024 * 1024)
        raise UploadRefused(f"Het bestand ‘{name}’ is groter dan {limit} MB.")
    extension = name.rpartition(".")[2] if "." in name else ""
    kind = sniff(data)
    if kind is None:
        allowed = ", ".join(ACCEPTED_EXTENSIONS)
        raise UploadRefused(
            f"‘{name}’ is geen bestand dat je hier kunt toevoegen. Dit kan wel: {allowed}."
        )
    if extension not in FILE_TYPES[kind].extensions and not (
        extension == "zip" and kind in ZIP_KINDS
    ):
        raise UploadRefused(
            f"De naam ‘{name}’ past niet bij de inhoud: het is een {FILE_TYPES[kind].name}. "
            f"Geef het bestand de extensie .{FILE_TYPES[kind].extensions[0]}."
        )
    if not FILENAME_RE.match(name):
        raise UploadRefused(f"Geef ‘{name}’ een kortere naam met letters en cijfers.")
    return StoredAttachment(filename=name, sha256=store_blob(data), size=len(data))
